/**
 * A least-recently-used cache bounded by the bytes its values take (as
 * `sizeOf` estimates them), not by their count: a few huge entries cannot
 * hold more memory than the budget. A value larger than the whole budget is
 * not kept.
 */
export class ByteLruCache<K, V> {
  private readonly map = new Map<K, { value: V; bytes: number }>();
  private total = 0;

  constructor(
    readonly maxBytes: number,
    private readonly sizeOf: (value: V, key: K) => number,
  ) {}

  get(key: K): V | undefined {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    this.map.delete(key);
    this.map.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const bytes = this.sizeOf(value, key);
    if (bytes > this.maxBytes) return;
    this.map.set(key, { value, bytes });
    this.total += bytes;
    for (const [oldest, entry] of this.map) {
      if (this.total <= this.maxBytes) break;
      this.map.delete(oldest);
      this.total -= entry.bytes;
    }
  }

  delete(key: K): boolean {
    const entry = this.map.get(key);
    if (!entry) return false;
    this.map.delete(key);
    this.total -= entry.bytes;
    return true;
  }

  /** Bytes held, as estimated. */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }
}

/** Rough bytes of a string in memory (two per UTF-16 unit, plus the object). */
export function stringBytes(s: string): number {
  return 2 * s.length + 32;
}
