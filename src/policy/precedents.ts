/**
 * Precedent similarity, RetroSim's second half: a proposed step looks like
 * chemistry on record when the training reactions whose products are nearest
 * to its product were run from precursors like its own. It tells apart what a
 * template's prior cannot: the outcomes of one template at different sites, and
 * the same disconnection from other building blocks (the iodide or the
 * bromide, the acid or the acyl chloride), by what similar products were made
 * from.
 *
 * The recorded reactants' fingerprints (one per neighbour-index example, in the
 * policy's order) are stored in a file beside the policy as differences from
 * their products' fingerprints, which they mostly share.
 */
import { createHash } from 'node:crypto';
import { MorganParams, morganOnBits } from '../chem/index.js';
import { readSectionedFile, SectionArray, writeSectionedFile } from '../util/sectioned-file.js';
import { BitLists } from './bit-lists.js';
import { packBitLists, unpackBitLists } from './model-file.js';
import { NeighbourIndex, sharedBits } from './neighbours.js';

const MAGIC = 'SRPR';
const FORMAT_VERSION = 1;

export interface PrecedentsHeader {
  format: 'synroute-precedents';
  createdAt: string;
  /** Examples, equal to the policy's neighbour index. */
  examples: number;
  /** Digest of the policy's neighbour labels the file was made for (a mismatch is refused). */
  policyLabels: string;
  fingerprint: MorganParams;
}

export interface Precedents {
  header: PrecedentsHeader;
  /** The fingerprint `reactants` are in: the file's or a fold of it. */
  fingerprint: MorganParams;
  /** Recorded reactants' on-bits, one list per neighbour-index example. */
  reactants: BitLists;
}

/** Digest of a policy's neighbour labels: the examples a precedents file belongs to. */
export function labelsDigest(labels: Int32Array): string {
  return createHash('sha256')
    .update(new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength))
    .digest('hex')
    .slice(0, 16);
}

/** Bits of `a` not in `b` (both ascending). */
function minus(a: Uint16Array, b: Uint16Array): number[] {
  const out: number[] = [];
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j] < x) j++;
    if (j >= b.length || b[j] !== x) out.push(x);
  }
  return out;
}

export function savePrecedents(
  path: string,
  header: PrecedentsHeader,
  products: BitLists,
  reactants: BitLists,
): void {
  const added: number[][] = [];
  const dropped: number[][] = [];
  for (let i = 0; i < reactants.length; i++) {
    added.push(minus(reactants.get(i), products.get(i)));
    dropped.push(minus(products.get(i), reactants.get(i)));
  }
  const a = packBitLists(BitLists.from(added));
  const d = packBitLists(BitLists.from(dropped));
  writeSectionedFile(
    path,
    MAGIC,
    FORMAT_VERSION,
    { ...header },
    {
      addedOffsets: a.offsets,
      addedPacked: a.bytes,
      droppedOffsets: d.offsets,
      droppedPacked: d.bytes,
    },
  );
}

/**
 * Reads a precedents file; `products` are the policy's neighbour bits it was
 * made for. The reactant lists come back in `fingerprint` (the file's, or a
 * fold of it), rebuilt and folded in one pass into flat arrays: every worker
 * thread loads them, so no per-list arrays are made.
 */
export function loadPrecedents(
  path: string,
  products: BitLists,
  policyLabels: string,
  fingerprint?: MorganParams,
): Precedents {
  const file = readSectionedFile<PrecedentsHeader>(path, MAGIC, FORMAT_VERSION, 'precedents');
  const h = file.header;
  if (h.examples !== products.length || h.policyLabels !== policyLabels)
    throw new Error(
      `${path} was made for another policy (its neighbour examples differ): give the engine precedents made for its policy (policy train-precedents), or none ("precedents": null)`,
    );
  const fp = fingerprint ?? h.fingerprint;
  if (!isFoldOf(fp, h.fingerprint))
    throw new Error(`${path}: precedents can be read only in a fold of their fingerprint`);
  const section = <T extends SectionArray>(name: string) => {
    const s = file.section<T>(name);
    if (!s) throw new Error(`${path} lacks section ${name}`);
    return s;
  };
  const added = unpackBitLists(
    section<Uint32Array>('addedOffsets'),
    section<Uint8Array>('addedPacked'),
  );
  const dropped = unpackBitLists(
    section<Uint32Array>('droppedOffsets'),
    section<Uint8Array>('droppedPacked'),
  );
  return { header: h, fingerprint: fp, reactants: rebuild(products, added, dropped, fp.bits) };
}

/**
 * Each reactant list is its product's bits without `dropped`, merged with
 * `added` (all ascending, `added` disjoint from the product's), folded to `bits`.
 */
function rebuild(products: BitLists, added: BitLists, dropped: BitLists, bits: number): BitLists {
  const n = products.length;
  const offsets = new Uint32Array(n + 1);
  let bound = 0;
  for (let i = 0; i < n; i++) bound += products.size(i) - dropped.size(i) + added.size(i);
  const values = new Uint16Array(bound);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const p = products.get(i);
    const d = dropped.get(i);
    const a = added.get(i);
    const start = at;
    let j = 0;
    let k = 0;
    for (const bit of p) {
      while (j < d.length && d[j] < bit) j++;
      if (j < d.length && d[j] === bit) continue;
      while (k < a.length && a[k] < bit) values[at++] = a[k++];
      values[at++] = bit;
    }
    while (k < a.length) values[at++] = a[k++];
    at = foldInPlace(values, start, at, bits);
    offsets[i + 1] = at;
  }
  return new BitLists(offsets, values.subarray(0, at));
}

/**
 * Folds the ascending list values[start, end) to `bits` bits (bit mod bits),
 * ascending without repeats, in place; returns its new end.
 */
function foldInPlace(values: Uint16Array, start: number, end: number, bits: number): number {
  if (end === start || values[end - 1] < bits) return end;
  for (let i = start; i < end; i++) values[i] %= bits;
  values.subarray(start, end).sort();
  let out = start + 1;
  for (let i = start + 1; i < end; i++)
    if (values[i] !== values[out - 1]) values[out++] = values[i];
  return out;
}

/**
 * Scores a step (product, precursors) 0-1: over the product's nearest training
 * products, the best of productSimilarity^power × Tanimoto(precursors'
 * fingerprint, that reaction's recorded reactants' fingerprint). Precursors are
 * fingerprinted with `fingerprint`, which may be a fold of the index's (fewer bits,
 * a divisor; Morgan bits fold by remainder): the feasibility filter's shorter
 * fingerprint, which it has already computed for the same precursors.
 */
export class PrecedentSimilarity {
  private readonly reactants: BitLists;
  private readonly fingerprint: MorganParams;

  /** `precedents.reactants` are in `precedents.fingerprint`, the index's or a fold of it. */
  constructor(
    private readonly index: NeighbourIndex,
    precedents: { reactants: BitLists; fingerprint: MorganParams },
    private readonly neighbours: number,
    private readonly power: number,
  ) {
    if (!isFoldOf(precedents.fingerprint, index.fingerprint))
      throw new Error('precedent fingerprint must be a fold of the neighbour index fingerprint');
    this.reactants = precedents.reactants;
    this.fingerprint = precedents.fingerprint;
  }

  /** The best neighbour's similarity to the power `power` times its reactants' Tanimoto to `precursors`. */
  score(product: string, precursors: readonly string[], power = this.power): number {
    const { indices, similarities } = this.index.nearest(product);
    const q = precursorBits(precursors, this.fingerprint);
    let best = 0;
    const n = Math.min(this.neighbours, indices.length);
    for (let r = 0; r < n; r++) {
      const weight = similarities[r] ** power;
      if (weight <= best) break; // similarities descend, Tanimoto is at most 1
      const i = indices[r];
      const shared = sharedBits(q, this.reactants, i);
      const union = q.length + this.reactants.size(i) - shared;
      const value = union ? (weight * shared) / union : 0;
      if (value > best) best = value;
    }
    return best;
  }
}

/** Whether fingerprint `short` is `long` folded (the same Morgan settings, a divisor of its length). */
export function isFoldOf(short: MorganParams, long: MorganParams): boolean {
  return (
    long.bits % short.bits === 0 &&
    long.radius === short.radius &&
    long.chirality === short.chirality
  );
}

/** On-bits of a precursor set: the union of its molecules' (a Morgan environment never spans two). */
export function precursorBits(precursors: readonly string[], fp: MorganParams): Uint16Array {
  if (precursors.length === 1) return morganOnBits(precursors[0], fp);
  const all = new Set<number>();
  for (const p of precursors) for (const bit of morganOnBits(p, fp)) all.add(bit);
  return Uint16Array.from(all).sort();
}
