/**
 * The ids of earlier versions, `bat_…` and `job_…`: the prefix, the row's
 * sequence number in 11 base32 digits and an 8-digit random tag. Databases
 * are migrated to UUIDs (ids.ts) by mapping each old id to one that embeds
 * the same sequence number and keeps the tag in its last 40 bits
 * (`<seq: 12 hex>-8000-8000-00<tag: 10 hex>`, version 8, variant 10), so
 * the old ids clients kept still find their batch or job: they are mapped
 * the same way when looked up. The mapping is written once in TypeScript and
 * once as SQL for each database's migration; a test holds them equal.
 */

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const SEQ_DIGITS = 11;
const TAG_DIGITS = 8;
/** Prefix (`bat_`) + sequence + tag. */
const LENGTH = 4 + SEQ_DIGITS + TAG_DIGITS;

export interface LegacyId {
  seq: number;
  /** The 40-bit random tag. */
  tag: number;
}

function base32(text: string): number | undefined {
  let n = 0;
  for (const c of text) {
    const d = ALPHABET.indexOf(c);
    if (d < 0) return undefined;
    n = n * 32 + d;
  }
  return n;
}

export function parseLegacyId(kind: 'job' | 'bat', text: string): LegacyId | undefined {
  if (text.length !== LENGTH || !text.startsWith(`${kind}_`)) return undefined;
  const seq = base32(text.slice(4, 4 + SEQ_DIGITS));
  const tag = base32(text.slice(4 + SEQ_DIGITS));
  return seq === undefined || tag === undefined ? undefined : { seq, tag };
}

/** The UUID (32 hex digits) an old id became. */
export function legacyUuid(seq: number, tag: number): string {
  return `${seq.toString(16).padStart(12, '0')}80008000${tag.toString(16).padStart(12, '0')}`;
}

/**
 * SQL computing the mapped id of a row from its `seq` and old `id` columns,
 * for SQLite or PostgreSQL.
 */
export function legacyUuidSql(dialect: 'sqlite' | 'pg'): string {
  const digit = (i: number) =>
    dialect === 'sqlite'
      ? `(instr('${ALPHABET}', substr(id, ${5 + SEQ_DIGITS + i}, 1)) - 1)`
      : `(strpos('${ALPHABET}', substr(id, ${5 + SEQ_DIGITS + i}, 1)) - 1)::bigint`;
  const terms = Array.from({ length: TAG_DIGITS }, (_, i) => `(${digit(i)} << ${5 * (7 - i)})`);
  const tag = `(${terms.join(' + ')})`;
  return dialect === 'sqlite'
    ? `printf('%012x', seq) || '80008000' || printf('%012x', ${tag})`
    : `lpad(to_hex(seq), 12, '0') || '80008000' || lpad(to_hex(${tag}), 12, '0')`;
}

/** Rows of `table` still carrying an old id of this kind. */
export function legacyRowsSql(kind: 'job' | 'bat'): string {
  return `id LIKE '${kind}\\_%' ESCAPE '\\' AND length(id) = ${LENGTH}`;
}
