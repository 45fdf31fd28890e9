/**
 * The network policy's softmax temperature: dividing the logits by T turns
 * each probability p into p^(1/T) renormalized, keeps the order of the
 * templates and flattens the priors for T > 1.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit, MorganParams } from '../../src/chem/index.js';
import { initWeights } from '../../src/policy/mlp.js';
import { NetworkPolicy } from '../../src/policy/network-policy.js';

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
