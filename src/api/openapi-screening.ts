/**
 * SynRoute's additions for screening campaigns, applied to the Retro v2
 * document like the lifecycle's: the submitter's compound identifiers on
 * batch targets (optional, so a spec client neither sends nor needs them).
 * Nothing the spec defines is removed or renamed.
 */

type Json = Record<string, unknown>;

interface SpecLike {
  components: { schemas: Record<string, Json> };
}

/** Longest accepted compound identifier. */
export const MAX_COMPOUND_ID_LENGTH = 200;

const COMPOUND_ID = {
  type: 'string',
  minLength: 1,
  maxLength: MAX_COMPOUND_ID_LENGTH,
  // Any text on one line: ids are shown in CSV cells, SDF titles and table rows.
  pattern: '^[^\\u0000-\\u001f\\u007f]+$',
};

const COMPOUND_IDS = {
  type: 'array',
  items: { anyOf: [COMPOUND_ID, { type: 'null' }] },
  description:
    'SynRoute: your identifier of each target (a registry number, a name), in the order of `smiles` and as many (null where a target has none). It is kept verbatim with the job and returned as `compound_id` in the batch result, the job and every export. With identifiers, a structure given twice under different identifiers becomes one job per identifier; the same structure and identifier twice is dropped as a duplicate.',
};

const COMPOUND_ID_FIELD = {
  ...COMPOUND_ID,
  description: 'SynRoute: the identifier given for this target in `compound_ids` (absent if none).',
};

export function extendWithScreening(doc: SpecLike): void {
  const props = (name: string) => doc.components.schemas[name].properties as Json;
  props('pai_retro__models__batches__Batch__CreateParams').compound_ids = COMPOUND_IDS;
  props('UpdateParams').compound_ids = COMPOUND_IDS;
  props('RetrieveResultOutputItem').compound_id = COMPOUND_ID_FIELD;
  props('JobResource').compound_id = COMPOUND_ID_FIELD;
}
