/**
 * Flat columns for large string sets: one byte blob plus offsets, and an
 * open-addressing hash index over it. Strings are ASCII-safe (SMILES,
 * InChIKeys, identifiers); anything else is stored as UTF-8.
 */

/** FNV-1a over UTF-16 code units (identical to bytes for ASCII). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class StringColumnBuilder {
  private readonly chunks: Buffer[] = [];
  private readonly offsets: number[] = [0];
  private length = 0;

  add(s: string): number {
    const b = Buffer.from(s, 'utf8');
    this.chunks.push(b);
    this.length += b.length;
    this.offsets.push(this.length);
    return this.offsets.length - 2;
  }

  get size(): number {
    return this.offsets.length - 1;
  }

  build(): { offsets: Uint32Array; blob: Uint8Array } {
    return {
      offsets: Uint32Array.from(this.offsets),
      blob: new Uint8Array(Buffer.concat(this.chunks, this.length)),
    };
  }
}

export class StringColumn {
  constructor(
    readonly offsets: Uint32Array,
    readonly blob: Uint8Array,
  ) {}

  get size(): number {
    return this.offsets.length - 1;
  }

  get(i: number): string {
    return Buffer.from(
      this.blob.buffer,
      this.blob.byteOffset + this.offsets[i],
      this.offsets[i + 1] - this.offsets[i],
    ).toString('utf8');
  }

  /** Compares entry i with an ASCII string without decoding it. */
  equals(i: number, s: string): boolean {
    const start = this.offsets[i];
    const len = this.offsets[i + 1] - start;
    if (len !== s.length) return false;
    const blob = this.blob;
    for (let k = 0; k < len; k++) if (blob[start + k] !== s.charCodeAt(k)) return false;
    return true;
  }
}

/** Hash table of entry indices (stored +1; 0 is empty), capacity a power of two, linear probing. */
export function buildHashIndex(n: number, keyOf: (i: number) => string | null): Uint32Array {
  let capacity = 1;
  while (capacity < n * 2) capacity <<= 1;
  const table = new Uint32Array(Math.max(capacity, 2));
  const mask = table.length - 1;
  for (let i = 0; i < n; i++) {
    const key = keyOf(i);
    if (key === null) continue;
    let slot = hashString(key) & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = i + 1;
  }
  return table;
}

/** Every entry whose key equals `key` (a key that several entries share). */
export function probeAll(table: Uint32Array, key: string, column: StringColumn): number[] {
  const mask = table.length - 1;
  const out: number[] = [];
  for (let slot = hashString(key) & mask; table[slot] !== 0; slot = (slot + 1) & mask) {
    if (column.equals(table[slot] - 1, key)) out.push(table[slot] - 1);
  }
  return out;
}

/** First entry whose key equals `key`, or -1. */
export function probe(table: Uint32Array, key: string, column: StringColumn): number {
  const mask = table.length - 1;
  let slot = hashString(key) & mask;
  for (;;) {
    const e = table[slot];
    if (e === 0) return -1;
    if (column.equals(e - 1, key)) return e - 1;
    slot = (slot + 1) & mask;
  }
}
