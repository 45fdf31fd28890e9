/**
 * Reaction feasibility: does a proposed step (product <- precursors) look like
 * a recorded reaction? The model is AiZynthFinder's filter policy in spirit:
 * a one-hidden-layer network on the product's fingerprint and the reaction's
 * difference fingerprint (bits the product has that no precursor has, and
 * bits the precursors bring that the product lacks), trained on recorded
 * reactions as positives and on template applications that did not give the
 * recorded outcome (other sites, other templates) as negatives.
 *
 * It scores every candidate the template model proposes: the search drops or
 * penalizes unlikely steps, and single-step predictions are re-ranked by it.
 */
import { MorganParams, morganOnBits, precomputeOnBits } from '../chem/index.js';
import { readSectionedFile, writeSectionedFile } from '../util/sectioned-file.js';
import type { MlpWeights } from './mlp.js';
import { readWeights, weightSections } from './model-file.js';
import { PolicyNetwork } from './network.js';

const MAGIC = 'SRFL';
export const FILTER_FORMAT_VERSION = 1;

export interface FilterHeader {
  format: 'synroute-filter';
  version: number;
  name: string;
  createdAt: string;
  fingerprint: MorganParams;
  hidden: number;
  training: Record<string, unknown>;
}

export interface FilterModel {
  header: FilterHeader;
  mlp: MlpWeights;
}

/**
 * Input bits of a reaction: product bits in [0, n), bits lost from the
 * precursors in [n, 2n), bits gained from the precursors in [2n, 3n), where
 * n is the fingerprint length.
 */
export function reactionBits(
  product: string,
  precursors: readonly string[],
  fp: MorganParams,
): Uint16Array {
  const n = fp.bits;
  if (marks.length < n) marks = new Uint8Array(n);
  const p = morganOnBits(product, fp);
  const out: number[] = Array.from(p);
  // marks: 1 = in the product, 2 = in a precursor (3 = both); cleared before returning.
  for (const b of p) marks[b] |= 1;
  const seen: number[] = [];
  for (const s of precursors) {
    for (const b of morganOnBits(s, fp)) {
      if (marks[b] & 2) continue;
      marks[b] |= 2;
      seen.push(b);
    }
  }
  for (const b of p) if (!(marks[b] & 2)) out.push(n + b);
  for (const b of seen) if (!(marks[b] & 1)) out.push(2 * n + b);
  for (const b of p) marks[b] = 0;
  for (const b of seen) marks[b] = 0;
  return Uint16Array.from(out);
}

/** Scratch marks for reactionBits (one per fingerprint bit). */
let marks = new Uint8Array(4096);

/** Inputs of a filter network for a fingerprint setting. */
export function filterInputs(fp: MorganParams): number {
  return 3 * fp.bits;
}

export class FeasibilityFilter {
  private readonly network: PolicyNetwork;
  readonly fingerprint: MorganParams;

  constructor(model: FilterModel) {
    this.fingerprint = model.header.fingerprint;
    this.network = new PolicyNetwork(model.mlp);
    // Every precursor it will score is canonicalized first: take its bits then.
    precomputeOnBits(this.fingerprint);
  }

  /** Probability (0-1) that the step is a real reaction. */
  score(product: string, precursors: readonly string[]): number {
    const z = this.network.logits(reactionBits(product, precursors, this.fingerprint));
    return 1 / (1 + Math.exp(z[0] - z[1]));
  }
}

export function saveFilter(path: string, model: FilterModel): void {
  writeSectionedFile(
    path,
    MAGIC,
    FILTER_FORMAT_VERSION,
    { ...model.header },
    weightSections(model.mlp),
  );
}

export function loadFilter(path: string): FilterModel {
  const file = readSectionedFile<FilterHeader>(path, MAGIC, FILTER_FORMAT_VERSION, 'filter');
  const h = file.header;
  const mlp = readWeights(file, filterInputs(h.fingerprint), h.hidden, 2);
  if (!mlp) throw new Error(`${path}: filter weights missing`);
  return { header: h, mlp };
}
