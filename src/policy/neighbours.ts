/**
 * Nearest training products of a query (Morgan Tanimoto) from an inverted
 * index over fingerprint bits, so only training products sharing a bit with
 * the query are touched. Shared by the neighbour policy (their templates) and
 * the precedent similarity (their recorded reactants), which ask about the
 * same molecule in turn: the last query's neighbours are kept.
 */
import { MorganParams, morganOnBits } from '../chem/index.js';
import type { BitLists } from './bit-lists.js';

/** Training products most similar first: index into the examples, Tanimoto similarity (to 1/1024). */
export interface Neighbours {
  indices: Int32Array;
  similarities: Float32Array;
}

export class NeighbourIndex {
  private readonly postings: Uint32Array[];
  private readonly sizes: Uint16Array;
  private readonly counts: Uint16Array;
  private touched: Int32Array = new Int32Array(1024);
  private last: { smiles: string; neighbours: Neighbours } | null = null;

  constructor(
    /** On-bits of each training product's fingerprint. */
    readonly bits: BitLists,
    readonly fingerprint: MorganParams,
  ) {
    const n = bits.length;
    this.sizes = new Uint16Array(n);
    // Inverted index in one array: products of bit b at postings[b] (views into `all`).
    const { offsets, values } = bits;
    const starts = new Uint32Array(fingerprint.bits + 1);
    for (const bit of values) starts[bit + 1]++;
    for (let b = 0; b < fingerprint.bits; b++) starts[b + 1] += starts[b];
    const all = new Uint32Array(values.length);
    const fill = starts.slice(0, fingerprint.bits);
    for (let i = 0; i < n; i++) {
      this.sizes[i] = offsets[i + 1] - offsets[i];
      for (let p = offsets[i]; p < offsets[i + 1]; p++) all[fill[values[p]]++] = i;
    }
    this.postings = Array.from({ length: fingerprint.bits }, (_, b) =>
      all.subarray(starts[b], starts[b + 1]),
    );
    this.counts = new Uint16Array(n);
  }

  /** The (at most NEIGHBOURS) training products most similar to `smiles`, ties by index. */
  nearest(smiles: string): Neighbours {
    if (this.last?.smiles !== smiles)
      this.last = { smiles, neighbours: this.search(morganOnBits(smiles, this.fingerprint)) };
    return this.last.neighbours;
  }

  private search(q: Uint16Array): Neighbours {
    const qn = q.length;
    const candidates = this.candidates(q);
    // Similarities quantized to 1/1024; a histogram finds the cut for the best
    // NEIGHBOURS so only those are sorted (packed with -index for a native sort).
    const quant = new Uint16Array(candidates.length);
    const histogram = new Uint32Array(1025);
    for (let j = 0; j < candidates.length; j++) {
      const i = candidates[j];
      const c = sharedBits(q, this.bits, i);
      const value = Math.round((1024 * c) / (qn + this.sizes[i] - c));
      quant[j] = value;
      histogram[value]++;
    }
    let cut = 1024;
    for (let seen = 0; cut > 0 && seen + histogram[cut] < NEIGHBOURS; cut--) seen += histogram[cut];
    let nKeys = 0;
    for (let j = 0; j < candidates.length; j++) if (quant[j] >= cut) nKeys++;
    const keys = new Float64Array(nKeys);
    for (let j = 0, k2 = 0; j < candidates.length; j++) {
      if (quant[j] >= cut) keys[k2++] = quant[j] * 2 ** 22 + (2 ** 22 - 1 - candidates[j]);
    }
    keys.sort();
    const n = Math.min(nKeys, NEIGHBOURS);
    const indices = new Int32Array(n);
    const similarities = new Float32Array(n);
    for (let r = 0; r < n; r++) {
      const key = keys[nKeys - 1 - r];
      indices[r] = 2 ** 22 - 1 - (key % 2 ** 22);
      similarities[r] = Math.floor(key / 2 ** 22) / 1024;
    }
    return { indices, similarities };
  }

  /**
   * Training products worth an exact similarity: those sharing the most of the
   * query's rarer bits (bits set in at most RARE_SHARE of the products). Near
   * neighbours share nearly all bits, rare ones included, while the common bits'
   * long lists were most of the work; at most MAX_CANDIDATES are kept.
   */
  private candidates(q: Uint16Array): Int32Array {
    const rareLimit = Math.max(1000, RARE_SHARE * this.sizes.length);
    const rare = Array.from(q).filter((bit) => this.postings[bit].length <= rareLimit);
    const bits = rare.length >= MIN_RARE_BITS ? rare : Array.from(q);
    const counts = this.counts;
    let touched: Int32Array = this.touched;
    let nTouched = 0;
    for (const bit of bits) {
      const list = this.postings[bit];
      for (let j = 0; j < list.length; j++) {
        const i = list[j];
        if (counts[i] === 0) {
          if (nTouched === touched.length) touched = this.touched = growInt32(touched);
          touched[nTouched++] = i;
        }
        counts[i]++;
      }
    }
    const histogram = new Uint32Array(bits.length + 2);
    for (let j = 0; j < nTouched; j++) histogram[counts[touched[j]]]++;
    // The highest counts first, stopping before the count whose products would
    // overflow MAX_CANDIDATES (unless the top count alone does).
    let cut = bits.length + 1;
    let seen = 0;
    while (cut > 1 && seen + histogram[cut] <= MAX_CANDIDATES) seen += histogram[cut--];
    if (seen > 0 || cut === 1) cut++;
    const out: number[] = [];
    for (let j = 0; j < nTouched; j++) {
      const i = touched[j];
      if (counts[i] >= cut) out.push(i);
      counts[i] = 0;
    }
    return Int32Array.from(out);
  }
}

/** Most similar training products a query's neighbours are taken from. */
const NEIGHBOURS = 1000;
/** Products with a bit set in more than this share of the training products: "common". */
const RARE_SHARE = 0.02;
/** With fewer rare bits than this, all bits are used. */
const MIN_RARE_BITS = 3;
/** Most training products given an exact similarity per query. */
const MAX_CANDIDATES = 2000;

/** Number of values an ascending list shares with list k of `lists`. */
export function sharedBits(a: Uint16Array, lists: BitLists, k: number): number {
  const b = lists.values;
  const end = lists.offsets[k + 1];
  let i = 0;
  let j = lists.offsets[k];
  let n = 0;
  while (i < a.length && j < end) {
    if (a[i] === b[j]) {
      n++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return n;
}

function growInt32(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
