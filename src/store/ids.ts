/**
 * Resource ids: a type prefix, the row's sequence number in fixed-width
 * base32 (so ids sort by creation), and a random tag (so ids are not
 * guessable). `job_00000000001x9k2mq7vd`. Looking an id up needs no index on
 * the text: the sequence number is the row key and the tag is compared after.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const SEQ_WIDTH = 11; // 55 bits: more rows than any installation will hold
const TAG_WIDTH = 8;

export type IdPrefix = 'job' | 'bat' | 'lib' | 'tok' | 'req' | 'whd';

export function encodeSeq(seq: number): string {
  let out = '';
  let n = seq;
  for (let i = 0; i < SEQ_WIDTH; i++) {
    out = ALPHABET[n % 32] + out;
    n = Math.floor(n / 32);
  }
  return out;
}

export function randomTag(width = TAG_WIDTH): string {
  const bytes = randomBytes(width);
  let out = '';
  for (let i = 0; i < width; i++) out += ALPHABET[bytes[i] & 31];
  return out;
}

/** Many tags from one call to the random source (batch inserts make 100,000 ids at once). */
export function randomTags(count: number, width = TAG_WIDTH): string[] {
  const bytes = randomBytes(count * width);
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    let tag = '';
    for (let j = 0; j < width; j++) tag += ALPHABET[bytes[i * width + j] & 31];
    out[i] = tag;
  }
  return out;
}

export function formatId(prefix: IdPrefix, seq: number, tag: string): string {
  return `${prefix}_${encodeSeq(seq)}${tag}`;
}

/** The sequence number inside an id of the given type, or undefined when it is not one. */
export function parseId(prefix: IdPrefix, id: string): number | undefined {
  if (id.length !== prefix.length + 1 + SEQ_WIDTH + TAG_WIDTH) return undefined;
  if (!id.startsWith(`${prefix}_`)) return undefined;
  let seq = 0;
  for (let i = prefix.length + 1; i < prefix.length + 1 + SEQ_WIDTH; i++) {
    const d = ALPHABET.indexOf(id[i]);
    if (d < 0) return undefined;
    seq = seq * 32 + d;
  }
  return seq;
}

/** Ids that need no lookup by sequence (request ids, library ids): time-ordered and random. */
export function timeId(prefix: IdPrefix): string {
  return `${prefix}_${encodeSeq(Date.now())}${randomTag()}`;
}
