/**
 * A learned estimate of what it costs to make a molecule (Retro*'s value
 * function): trained on the outcomes of searches for training products, it
 * replaces the heavy-atom guess for molecules the search has not expanded yet.
 * Costs are learnt as classes of a small set of ranges (plus "not made within
 * the budget"), and the estimate is the expected cost under the predicted
 * distribution, which keeps training a classification on the shared kernels.
 * Besides the fingerprint the network sees the molecule's size as a
 * thermometer code (one input per SIZE_STEP heavy atoms), because size is what
 * the heavy-atom estimate it replaces gets right and hashed bits only imply.
 */
import { MorganParams, morganOnBits, precomputeOnBits } from '../chem/index.js';
import { heavyAtomCount } from '../util/heavy-atoms.js';
import { readSectionedFile, writeSectionedFile } from '../util/sectioned-file.js';
import type { MlpWeights } from './mlp.js';
import { softmax } from './mlp.js';
import { readWeights, weightSections } from './model-file.js';
import { PolicyNetwork } from './network.js';

const MAGIC = 'SRVL';
export const VALUE_FORMAT_VERSION = 2;

/** Heavy atoms per size input, and the number of size inputs (80 heavy atoms and more fill them all). */
export const SIZE_STEP = 2;
export const SIZE_INPUTS = 40;

/** Upper edges of the cost ranges; a cost above the last edge falls in the last range. */
export const COST_EDGES = [0.75, 1.5, 2.25, 3, 4, 5, 6.5, 8, 10];
/** Class of targets the search did not solve within its budget. */
export const UNSOLVED_CLASS = COST_EDGES.length + 1;

export interface ValueHeader {
  format: 'synroute-value';
  version: number;
  name: string;
  createdAt: string;
  fingerprint: MorganParams;
  hidden: number;
  /** Size inputs after the fingerprint bits (thermometer, SIZE_STEP heavy atoms each). */
  sizeInputs: number;
  /** Cost standing for each class when estimating (range middles; the unsolved class last). */
  classCosts: number[];
  training: Record<string, unknown>;
}

export interface ValueModel {
  header: ValueHeader;
  mlp: MlpWeights;
}

/** The class of a route cost, or of an unsolved target (cost null). */
export function costClass(cost: number | null): number {
  if (cost === null) return UNSOLVED_CLASS;
  const i = COST_EDGES.findIndex((edge) => cost <= edge);
  return i < 0 ? COST_EDGES.length : i;
}

/** Cost standing for each class: the middle of its range; unsolved counts as `unsolvedCost`. */
export function classCosts(unsolvedCost: number): number[] {
  const lows = [0, ...COST_EDGES];
  const highs = [...COST_EDGES, COST_EDGES[COST_EDGES.length - 1] * 1.25];
  return [...lows.map((low, i) => (low + highs[i]) / 2), unsolvedCost];
}

/** The network's active inputs for a molecule: its fingerprint bits, then its size inputs. */
export function valueInputs(
  smiles: string,
  fingerprint: MorganParams,
  sizeInputs: number,
): Uint16Array {
  const bits = morganOnBits(smiles, fingerprint);
  if (!bits.length || !sizeInputs) return bits;
  const filled = Math.min(sizeInputs, Math.floor(heavyAtomCount(smiles) / SIZE_STEP));
  const inputs = new Uint16Array(bits.length + filled);
  inputs.set(bits);
  for (let i = 0; i < filled; i++) inputs[bits.length + i] = fingerprint.bits + i;
  return inputs;
}

export class LearnedValue {
  private readonly network: PolicyNetwork;
  private readonly costs: Float32Array;
  readonly fingerprint: MorganParams;
  private readonly sizeInputs: number;

  constructor(model: ValueModel) {
    this.network = new PolicyNetwork(model.mlp);
    this.costs = Float32Array.from(model.header.classCosts);
    this.fingerprint = model.header.fingerprint;
    this.sizeInputs = model.header.sizeInputs;
    // Every molecule it will value is canonicalized first: take its bits then.
    precomputeOnBits(this.fingerprint);
  }

  /** Expected cost to make the molecule. */
  value(smiles: string): number {
    const inputs = valueInputs(smiles, this.fingerprint, this.sizeInputs);
    const p = softmax(this.network.logits(inputs).slice());
    let expected = 0;
    for (let c = 0; c < p.length; c++) expected += p[c] * this.costs[c];
    return expected;
  }
}

export function saveValue(path: string, model: ValueModel): void {
  writeSectionedFile(
    path,
    MAGIC,
    VALUE_FORMAT_VERSION,
    { ...model.header },
    weightSections(model.mlp),
  );
}

export function loadValue(path: string): ValueModel {
  const file = readSectionedFile<ValueHeader>(path, MAGIC, VALUE_FORMAT_VERSION, 'value model');
  const h = file.header;
  const mlp = readWeights(file, h.fingerprint.bits + h.sizeInputs, h.hidden, h.classCosts.length);
  if (!mlp) throw new Error(`${path}: value weights missing`);
  return { header: h, mlp };
}
