import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BitLists } from '../../src/policy/bit-lists.js';
import { initWeights, mulberry32, MlpWeights, TrainingExample } from '../../src/policy/mlp.js';
import {
  dequantizeRows,
  fromFloat16,
  loadPolicy,
  packBitLists,
  quantizeRows,
  savePolicy,
  toFloat16,
  unpackBitLists,
} from '../../src/policy/model-file.js';
import { PolicyNetwork } from '../../src/policy/network.js';
import { topK } from '../../src/policy/network-policy.js';
import { NetworkTrainingOptions, trainNetwork } from '../../src/policy/train-network.js';

/** Three classes decided by which of three "functional group" bits is set, plus noise bits. */
function toyData(n: number, seed: number): TrainingExample[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const label = Math.floor(rand() * 3);
    const noise = Array.from({ length: 10 }, () => 10 + Math.floor(rand() * 100));
    return { bits: Uint16Array.from(new Set([label, ...noise])), label };
  });
}

/** The network's logits written as plain loops: what the WebAssembly kernels must agree with. */
function referenceLogits(w: MlpWeights, bits: number[]): number[] {
  const h = Array.from(w.b1);
  for (const b of bits) for (let j = 0; j < w.hidden; j++) h[j] += w.w1[b * w.hidden + j];
  const relu = h.map((x) => Math.max(0, x));
  return Array.from({ length: w.classes }, (_, c) =>
    relu.reduce((s, x, j) => s + x * w.w2[c * w.hidden + j], w.b2[c]),
  );
}

const toyOptions: NetworkTrainingOptions = {
  hidden: 16,
  epochs: 15,
  batchSize: 32,
  learningRate: 0.01,
  dropout: 0.1,
  negatives: 1,
  weightDecay: 0,
  patience: 15,
  seed: 3,
};

describe('template-relevance network', () => {
  it('computes the same logits as plain loops, for all classes and for chosen rows', () => {
    const w = initWeights(64, 12, 9, 5);
    w.b1.forEach((_, j) => (w.b1[j] = 0.01 * j - 0.05));
    w.b2.forEach((_, c) => (w.b2[c] = 0.1 * c));
    const net = new PolicyNetwork(w);
    for (const bits of [[0, 5, 63], [7], []]) {
      const expected = referenceLogits(w, bits);
      Array.from(net.logits(bits)).forEach((z, c) => expect(z).toBeCloseTo(expected[c], 4));
      const rows = [8, 2, 2, 0];
      Array.from(net.logits(bits, rows)).forEach((z, i) =>
        expect(z).toBeCloseTo(expected[rows[i]], 4),
      );
    }
  });

  it('learns a simple bit-to-template rule with a sampled softmax and generalizes', () => {
    const { weights, history } = trainNetwork(toyData(600, 1), toyData(100, 7), 3, 128, toyOptions);
    expect(history.length).toBeGreaterThan(0);
    const net = new PolicyNetwork(weights);
    const test = toyData(200, 2);
    let correct = 0;
    for (const ex of test) {
      const z = Array.from(net.logits(ex.bits));
      if (z.indexOf(Math.max(...z)) === ex.label) correct++;
    }
    expect(correct / test.length).toBeGreaterThan(0.95);
  });

  it('is deterministic for a seed and stops when validation stops improving', () => {
    const opts = { ...toyOptions, epochs: 30, patience: 1 };
    const a = trainNetwork(toyData(100, 4), toyData(50, 8), 3, 128, opts);
    const b = trainNetwork(toyData(100, 4), toyData(50, 8), 3, 128, opts);
    expect(Array.from(a.weights.w2)).toEqual(Array.from(b.weights.w2));
    expect(a.history.length).toBeLessThan(30);
  });

  it('ranks the top k classes and skips classes missing from the library', () => {
    const probs = Float32Array.from([0.1, 0.4, 0.05, 0.3, 0.15]);
    const ranked = topK(probs, 3, Int32Array.from([10, 11, 12, -1, 14]));
    expect(ranked.map((r) => r.template)).toEqual([11, 14]);
    expect(ranked[0].prior).toBeCloseTo(0.4);
  });
});

describe('policy files', () => {
  it('stores weights as float16 within half precision', () => {
    const values = Float32Array.from([0, 1, -1, 0.1234, -3.5e-3, 65000, 1e-8, 2.5e-5]);
    const back = fromFloat16(toFloat16(values));
    values.forEach((v, i) =>
      expect(Math.abs(back[i] - v)).toBeLessThanOrEqual(Math.abs(v) * 1e-3 + 1e-7),
    );
  });

  it('stores weight rows as int8 with a scale, within half a step of each row', () => {
    const values = Float32Array.from([0.5, -0.25, 0.001, 0, 8, -8, 4, 0.0625]);
    const { q, scale } = quantizeRows(values, 4);
    const back = dequantizeRows(q, scale, 4);
    values.forEach((v, i) => expect(Math.abs(back[i] - v)).toBeLessThanOrEqual(scale[i >> 2] / 2));
    expect(back[4]).toBe(8);
  });

  it('packs ascending bit lists into bytes and back', () => {
    const lists = [[0, 1, 2, 4095], [], [127, 128, 300, 20000], [65535]].map((l) =>
      Uint16Array.from(l),
    );
    const packed = packBitLists(BitLists.from(lists));
    expect(packed.bytes.length).toBeLessThan(2 * 9);
    const back = unpackBitLists(packed.offsets, packed.bytes);
    expect(Array.from({ length: back.length }, (_, i) => Array.from(back.get(i)))).toEqual(
      lists.map((l) => Array.from(l)),
    );
  });

  it('saves and loads a network and its neighbours', () => {
    const w = initWeights(128, 8, 3, 1);
    const path = join(mkdtempSync(join(tmpdir(), 'synroute-policy-')), 'p.policy');
    savePolicy(path, {
      header: {
        format: 'synroute-policy',
        version: 1,
        name: 'toy',
        createdAt: 'now',
        templateIds: ['a', 'b', 'c', 'd'],
        networkClasses: 3,
        inputs: 128,
        hidden: 8,
        training: {},
      },
      mlp: w,
      neighbours: {
        bits: BitLists.from([[1, 2], [5]]),
        labels: Int32Array.from([0, 3]),
      },
    });
    const loaded = loadPolicy(path);
    expect(loaded.header.templateIds).toEqual(['a', 'b', 'c', 'd']);
    expect(loaded.mlp?.classes).toBe(3);
    expect(Array.from(loaded.neighbours?.bits.get(0) ?? [])).toEqual([1, 2]);
    expect(Array.from(loaded.neighbours?.labels ?? [])).toEqual([0, 3]);
    expect(Math.abs((loaded.mlp as typeof w).w2[5] - w.w2[5])).toBeLessThan(1e-2);
  });
});
