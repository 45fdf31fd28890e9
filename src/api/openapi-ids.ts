/**
 * Batch and job ids in the OpenAPI documents. Every batch and job has one
 * UUID (src/store/ids.ts): Retro v2 shows it as 32 hex digits (its ids match
 * `^\w+$`), the batch-scoring and batch lifecycle APIs hyphenated. Every path
 * (and list cursor) accepts either form, so the Retro v2 id parameters allow
 * hyphens; nothing else of the Retro v2 contract changes.
 */

type Json = Record<string, unknown>;

interface SpecLike {
  paths: Record<string, Record<string, Json>>;
}

/** A batch or job id in a path or cursor: 32 hex digits, the hyphenated UUID (or an old id). */
export const ID_PATTERN = '^[\\w-]+$';

export const ID_FORMS =
  'Either form of the UUID: 32 hex digits (as Retro v2 shows ids) or hyphenated (as the batch-scoring and batch lifecycle APIs show them).';

const ID_PARAMETERS = new Set(['batch_id', 'job_id', 'created-before', 'created-after']);

interface Parameter {
  name: string;
  description?: string;
  schema: Json & { anyOf?: Json[] };
}

/** Lets the Retro v2 batch and job id parameters take the hyphenated form too. */
export function acceptHyphenatedIds(doc: SpecLike): void {
  for (const ops of Object.values(doc.paths))
    for (const op of Object.values(ops))
      for (const p of (op.parameters ?? []) as Parameter[]) {
        if (!ID_PARAMETERS.has(p.name)) continue;
        for (const schema of [p.schema, ...(p.schema.anyOf ?? [])])
          if (schema.pattern) schema.pattern = ID_PATTERN;
        p.description = `${p.description ?? ''} ${ID_FORMS}`.trim();
      }
}
