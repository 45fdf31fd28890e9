import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  hiddenLayer,
  logits,
  mulberry32,
  softmax,
  train,
  TrainingExample,
} from '../../src/policy/mlp.js';
import { fromFloat16, loadPolicy, savePolicy, toFloat16 } from '../../src/policy/model-file.js';
import { topK } from '../../src/policy/network-policy.js';

/** Three classes decided by which of three "functional group" bits is set, plus noise bits. */
function toyData(n: number, seed: number): TrainingExample[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const label = Math.floor(rand() * 3);
    const noise = Array.from({ length: 10 }, () => 10 + Math.floor(rand() * 100));
    return { bits: Uint16Array.from(new Set([label, ...noise])), label };
  });
}

describe('template-relevance network', () => {
  it('learns a simple bit-to-template rule and generalizes', () => {
    const w = train(toyData(600, 1), 3, 128, {
      hidden: 16,
      epochs: 15,
      batchSize: 32,
      learningRate: 0.01,
      dropout: 0.1,
      weightDecay: 0,
      seed: 3,
    });
    const test = toyData(200, 2);
    const h = new Float32Array(16);
    const z = new Float32Array(3);
    let correct = 0;
    for (const ex of test) {
      const p = softmax(logits(w, hiddenLayer(w, ex.bits, h), z));
      if (p.indexOf(Math.max(...p)) === ex.label) correct++;
    }
    expect(correct / test.length).toBeGreaterThan(0.95);
  });

  it('is deterministic for a seed', () => {
    const opts = {
      hidden: 8,
      epochs: 2,
      batchSize: 16,
      learningRate: 0.01,
      dropout: 0.2,
      weightDecay: 0,
      seed: 9,
    };
    const a = train(toyData(100, 4), 3, 128, opts);
    const b = train(toyData(100, 4), 3, 128, opts);
    expect(Array.from(a.w2)).toEqual(Array.from(b.w2));
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

  it('saves and loads a network and its neighbours', () => {
    const w = train(toyData(50, 5), 3, 128, {
      hidden: 8,
      epochs: 1,
      batchSize: 16,
      learningRate: 0.01,
      dropout: 0,
      weightDecay: 0,
      seed: 1,
    });
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
        bits: [Uint16Array.from([1, 2]), Uint16Array.from([5])],
        labels: Int32Array.from([0, 3]),
      },
    });
    const loaded = loadPolicy(path);
    expect(loaded.header.templateIds).toEqual(['a', 'b', 'c', 'd']);
    expect(loaded.mlp?.classes).toBe(3);
    expect(Array.from(loaded.neighbours?.bits[0] ?? [])).toEqual([1, 2]);
    expect(Array.from(loaded.neighbours?.labels ?? [])).toEqual([0, 3]);
    expect(Math.abs((loaded.mlp as typeof w).w2[5] - w.w2[5])).toBeLessThan(1e-2);
  });
});
