/**
 * A seeded pseudo-random generator for the API fuzzer: the same seed gives the
 * same sequence, so a failing run is replayed with SYNROUTE_FUZZ_SEED.
 */

/** sfc32 (Chris Doty-Humphrey's small fast counter): fast, good enough for test input. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight: `[[weight, value], ...]`. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((s, [w]) => s + w, 0);
    let r = this.next() * total;
    for (const [w, v] of choices) {
      r -= w;
      if (r < 0) return v;
    }
    return choices[choices.length - 1][1];
  }

  /** Length biased to small values, sometimes up to `max`. */
  size(max: number): number {
    return this.chance(0.85) ? this.int(0, Math.min(max, 4)) : this.int(0, max);
  }

  /** `n` characters drawn from `alphabet`. */
  chars(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }

  hex(n: number): string {
    return this.chars('0123456789abcdef', n);
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }
}

/**
 * The run's seed: SYNROUTE_FUZZ_SEED (a number, or any text, which is hashed),
 * or `random` for a new one each run; by default a fixed seed, so `npm test`
 * sends the same requests every time.
 */
export function fuzzSeed(env = process.env.SYNROUTE_FUZZ_SEED): number {
  if (!env) return 20260917;
  if (env === 'random') return Math.floor(Math.random() * 2 ** 32);
  if (/^\d+$/.test(env)) return Number(env) >>> 0;
  let h = 2166136261;
  for (const c of env) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}
