/**
 * The network policy's softmax temperature: dividing the logits by T turns
 * each probability p into p^(1/T) renormalized, keeps the order of the
 * templates and flattens the priors for T > 1. The blend of policies (network
 * and neighbours, or an ensemble of networks) sums their weighted priors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit, MorganParams } from '../../src/chem/index.js';
import { initWeights } from '../../src/policy/mlp.js';
import { BlendedPolicy, NetworkPolicy } from '../../src/policy/network-policy.js';
import type { ExpansionPolicy, RankedTemplate } from '../../src/policy/types.js';

const FP: MorganParams = { radius: 2, bits: 512, chirality: false };
const CLASSES = 6;
const weights = initWeights(FP.bits, 16, CLASSES, 7);
const classIndex = Int32Array.from({ length: CLASSES }, (_, c) => 100 + c);
const QUERY = 'CC(=O)Nc1ccc(O)cc1';

beforeAll(async () => {
  await loadRDKit();
});

describe('NetworkPolicy temperature', () => {
  it('gives p^(1/T) renormalized, in the same order', () => {
    const plain = new NetworkPolicy(weights, classIndex, FP).rank(QUERY, CLASSES);
    for (const t of [0.5, 2]) {
      const tempered = new NetworkPolicy(weights, classIndex, FP, t).rank(QUERY, CLASSES);
      expect(tempered.map((r) => r.template)).toEqual(plain.map((r) => r.template));
      const total = plain.reduce((s, r) => s + r.prior ** (1 / t), 0);
      plain.forEach((r, i) => expect(tempered[i].prior).toBeCloseTo(r.prior ** (1 / t) / total, 5));
      const flatter = t > 1;
      expect(tempered[0].prior < plain[0].prior).toBe(flatter);
    }
  });
});

/** A policy that always ranks the same templates (best first, truncated to k). */
function fixed(ranked: RankedTemplate[]): ExpansionPolicy {
  return { rank: (_smiles, k) => ranked.slice(0, k) };
}

describe('BlendedPolicy', () => {
  const a = fixed([
    { template: 1, prior: 0.6 },
    { template: 2, prior: 0.3 },
    { template: 3, prior: 0.1 },
  ]);
  const b = fixed([
    { template: 3, prior: 0.7 },
    { template: 4, prior: 0.2 },
  ]);
  const c = fixed([{ template: 2, prior: 0.9 }]);

  it('sums the weighted priors; a template a member does not rank counts 0 there', () => {
    const blended = new BlendedPolicy([
      { policy: a, weight: 0.5 },
      { policy: b, weight: 0.25 },
      { policy: c, weight: 0.25 },
    ]).rank(QUERY, 10);
    // 2: 0.5*0.3 + 0.25*0.9 = 0.375; 1: 0.3; 3: 0.05 + 0.175 = 0.225; 4: 0.05.
    expect(blended.map((r) => r.template)).toEqual([2, 1, 3, 4]);
    expect(blended.map((r) => r.prior)).toEqual(
      [0.375, 0.3, 0.225, 0.05].map((p) => expect.closeTo(p, 12)),
    );
  });

  it('keeps the k best, each member asked for k', () => {
    const top2 = new BlendedPolicy([
      { policy: a, weight: 0.5 },
      { policy: b, weight: 0.5 },
    ]).rank(QUERY, 2);
    // Members give 1, 2 and 3, 4: 3 = 0.35, 1 = 0.3 (2 = 0.15 and 4 = 0.1 fall off).
    expect(top2.map((r) => r.template)).toEqual([3, 1]);
  });
});
