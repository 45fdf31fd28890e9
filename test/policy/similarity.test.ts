/**
 * The nearest-neighbour policy against similarities computed here from the
 * same fingerprints: by default a template scores its best neighbour's
 * Tanimoto similarity; with a vote power p it scores the sum of sim^p over all
 * its neighbours, so a template with many fairly similar precedents can
 * outrank one with a single closer precedent (p small) or not (p large).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit, MorganParams, morganOnBits } from '../../src/chem/index.js';
import { BitLists } from '../../src/policy/bit-lists.js';
import { SimilarityPolicy } from '../../src/policy/similarity.js';

const FP: MorganParams = { radius: 2, bits: 2048, chirality: false };
const QUERY = 'CC(=O)Nc1ccc(O)cc1';
// Template 0: one precedent, the query itself. Template 1: three more distant ones.
const PRECEDENTS: [string, number][] = [
  [QUERY, 0],
  ['CC(=O)Nc1ccc(Cl)cc1', 1],
  ['CC(=O)Nc1ccc(C)cc1', 1],
  ['CC(=O)Nc1ccc(F)cc1', 1],
];

function tanimoto(a: Uint16Array, b: Uint16Array): number {
  const set = new Set(a);
  const shared = Array.from(b).filter((x) => set.has(x)).length;
  return shared / (a.length + b.length - shared);
}

let policyOf: (vote?: number) => SimilarityPolicy;
let sims: number[];

beforeAll(async () => {
  await loadRDKit();
  const bits = PRECEDENTS.map(([smiles]) => morganOnBits(smiles, FP));
  const query = morganOnBits(QUERY, FP);
  sims = bits.map((b) => tanimoto(query, b));
  const examples = {
    bits: BitLists.from(bits),
    labels: Int32Array.from(PRECEDENTS, ([, t]) => t),
  };
  policyOf = (vote) => new SimilarityPolicy(examples, FP, vote);
});

/** Scores per template normalized to sum 1, as the policy reports priors. */
function expected(score: (templateSims: number[]) => number): number[] {
  const raw = [0, 1].map((t) => score(sims.filter((_, i) => PRECEDENTS[i][1] === t)));
  const total = raw[0] + raw[1];
  return raw.map((r) => r / total);
}

function priors(policy: SimilarityPolicy): number[] {
  const out = [0, 0];
  for (const r of policy.rank(QUERY, 10)) out[r.template] = r.prior;
  return out;
}

describe('SimilarityPolicy', () => {
  it('scores a template by its best neighbour without a vote', () => {
    expect(sims[0]).toBeGreaterThan(Math.max(...sims.slice(1)));
    const want = expected((s) => Math.max(...s));
    const got = priors(policyOf());
    for (const t of [0, 1]) expect(got[t]).toBeCloseTo(want[t], 2);
    expect(policyOf().rank(QUERY, 10)[0].template).toBe(0);
  });

  it('sums sim^p over all neighbours of a template with a vote', () => {
    for (const p of [1, 4, 20]) {
      const want = expected((s) => s.reduce((sum, x) => sum + x ** p, 0));
      const got = priors(policyOf(p));
      for (const t of [0, 1]) expect(got[t]).toBeCloseTo(want[t], 2);
      const ranked = policyOf(p).rank(QUERY, 10);
      expect(ranked[0].template).toBe(want[0] > want[1] ? 0 : 1);
    }
    // Three fair precedents outvote one close one at p = 1, not at p = 20.
    expect(policyOf(1).rank(QUERY, 10)[0].template).toBe(1);
    expect(policyOf(20).rank(QUERY, 10)[0].template).toBe(0);
  });

  it('keeps only the k best templates', () => {
    expect(policyOf(1).rank(QUERY, 1)).toHaveLength(1);
    expect(policyOf().rank(QUERY, 1)).toHaveLength(1);
  });
});
