/**
 * SynRoute's additions for screening campaigns, applied to the Retro v2
 * document like the lifecycle's: the submitter's compound identifiers on
 * batch targets (optional, so a spec client neither sends nor needs them),
 * and on building blocks whether the price is known and the library's own
 * text of fields the spec's `^\w+$` pattern alters. Nothing the spec defines
 * is removed or renamed.
 */

type Json = Record<string, unknown>;

interface SpecLike {
  components: { schemas: Record<string, Json> };
  paths: Record<string, Record<string, Json>>;
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

const VERBATIM = {
  type: 'object',
  description:
    "SynRoute: the library's own text of each field above that the spec's `^\\w+$` pattern altered (a catalogue id `EN-001` is `EN_001` in `identifier`, `EN-001` here). Absent when nothing was altered.",
  properties: {
    identifier: { type: 'string' },
    datasetProvider: { type: 'string' },
    availability: { type: 'string' },
  },
};

const PRICE_KNOWN = {
  type: 'boolean',
  description:
    'SynRoute: false when the library lists no price for this building block. `price` is then 0 only because the spec requires a number: it is not a price (SynRoute shows "unknown", and a route with such a block has no total price).',
};

export function extendWithScreening(doc: SpecLike): void {
  const props = (name: string) => doc.components.schemas[name].properties as Json;
  props('pai_retro__models__batches__Batch__CreateParams').compound_ids = COMPOUND_IDS;
  props('UpdateParams').compound_ids = COMPOUND_IDS;
  props('RetrieveResultOutputItem').compound_id = COMPOUND_ID_FIELD;
  props('JobResource').compound_id = COMPOUND_ID_FIELD;
  Object.assign(props('BuildingBlockMetadata'), { priceKnown: PRICE_KNOWN, verbatim: VERBATIM });
  const getJob = doc.paths['/jobs/{job_id}'].get as { parameters: Json[] };
  getJob.parameters.push(FORMAT_PARAMETER);
}

const FORMAT_PARAMETER = {
  in: 'query',
  name: 'format',
  required: false,
  description:
    'SynRoute: `aizynth` answers the job\'s routes in AiZynthFinder\'s reaction-tree format instead of the job resource: `{target, compound_id?, job_id, status, is_solved, number_of_routes, trees}`, where each tree is the dictionary AiZynthFinder\'s `ReactionTree.from_dict` reads (molecule nodes `{type: "mol", smiles, is_chemical, in_stock, children?}` and reaction nodes `{type: "reaction", smiles, is_reaction, metadata: {step}, children}` alternating from the target down; reaction SMILES are reactants `>>` product).',
  schema: { type: 'string', enum: ['retro-v2', 'aizynth'], default: 'retro-v2' },
};
