/**
 * Resource ids.
 *
 * Batches and jobs are identified by UUIDs (RFC 9562 version 8, the "custom"
 * layout): the first 48 bits are the row's sequence number, so an id lookup
 * is a primary-key read and ids sort by creation; the other 74 free bits are
 * random, so ids are not guessable. They are stored, and shown by Retro v2,
 * as 32 lowercase hex digits (its ids match `^\w+$`); the batch-scoring and
 * batch lifecycle APIs show the hyphenated form. Lookups accept either form
 * in any case, and the ids of earlier versions (`bat_…`, `job_…`, see
 * legacy-ids.ts).
 *
 * Other ids (tokens, requests, libraries, webhook deliveries) are a type
 * prefix, a time in fixed-width base32 and a random tag.
 */
import { randomBytes, randomFillSync } from 'node:crypto';
import { legacyUuid, parseLegacyId } from './legacy-ids.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const TIME_WIDTH = 11;
const TAG_WIDTH = 8;

export type IdPrefix = 'job' | 'bat' | 'lib' | 'tok' | 'req' | 'whd';
/** What a UUID identifies; it picks the form of the ids of earlier versions that is accepted. */
export type UuidKind = 'job' | 'bat';

/** The sequence number fills the first 48 bits. */
export const MAX_SEQ = 2 ** 48 - 1;

function checkSeq(seq: number): void {
  if (!Number.isSafeInteger(seq) || seq < 1 || seq > MAX_SEQ)
    throw new RangeError(`sequence number out of range: ${seq}`);
}

/** A new id (32 hex digits) for the row with this sequence number. */
export function newUuid(seq: number): string {
  return newUuids([seq])[0];
}

/**
 * Many ids from one call to the random source (batch inserts make 100,000
 * at once): 16 random bytes each, the sequence number written over the
 * first six, then the version (8) and variant (10) bits.
 */
export function newUuids(seqs: number[]): string[] {
  const bytes = randomFillSync(Buffer.allocUnsafe(seqs.length * 16));
  return seqs.map((seq, i) => {
    checkSeq(seq);
    const at = i * 16;
    bytes.writeUIntBE(seq, at, 6);
    bytes[at + 6] = 0x80 | (bytes[at + 6] & 0x0f);
    bytes[at + 8] = 0x80 | (bytes[at + 8] & 0x3f);
    return bytes.toString('hex', at, at + 16);
  });
}

/** The hyphenated form `8-4-4-4-12` of a stored id. */
export function hyphenated(id: string): string {
  if (id.length !== 32) return id;
  return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
}

export interface IdKey {
  /** The row's sequence number (its primary key). */
  seq: number;
  /** The id as stored (32 lowercase hex digits), compared with the row's. */
  id: string;
}

const COMPACT = /^[0-9a-f]{32}$/i;
const HYPHENATED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `text` is a UUID, hyphenated or as 32 hex digits. */
export function isUuid(text: string): boolean {
  return COMPACT.test(text) || HYPHENATED.test(text);
}

/**
 * Where a batch or job id points: its row's sequence number and the stored
 * id to compare; undefined when `text` is no id of that kind.
 */
export function parseUuid(kind: UuidKind, text: string): IdKey | undefined {
  let id: string;
  if (COMPACT.test(text)) id = text.toLowerCase();
  else if (HYPHENATED.test(text)) id = text.replace(/-/g, '').toLowerCase();
  else {
    const legacy = parseLegacyId(kind, text);
    if (!legacy) return undefined;
    id = legacyUuid(legacy.seq, legacy.tag);
  }
  const seq = parseInt(id.slice(0, 12), 16);
  return seq >= 1 ? { seq, id } : undefined;
}

/** The sequence number of a batch or job id (list cursors, lane keys), or undefined. */
export function seqOf(kind: UuidKind, text: string): number | undefined {
  return parseUuid(kind, text)?.seq;
}

export function encodeSeq(n: number): string {
  let out = '';
  let rest = n;
  for (let i = 0; i < TIME_WIDTH; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

export function randomTag(width = TAG_WIDTH): string {
  const bytes = randomBytes(width);
  let out = '';
  for (let i = 0; i < width; i++) out += ALPHABET[bytes[i] & 31];
  return out;
}

/** Ids that need no lookup by sequence (request ids, library ids): time-ordered and random. */
export function timeId(prefix: IdPrefix): string {
  return `${prefix}_${encodeSeq(Date.now())}${randomTag()}`;
}
