/**
 * Template-relevance network weights: Morgan fingerprint bits -> one ReLU
 * hidden layer -> one logit per template (softmax). Inference is in
 * network.ts, training in train-network.ts; both run the dense work in the
 * WebAssembly kernels.
 */

export interface MlpWeights {
  inputs: number;
  hidden: number;
  classes: number;
  /** inputs x hidden, row per input bit. */
  w1: Float32Array;
  b1: Float32Array;
  /** classes x hidden, row per class. */
  w2: Float32Array;
  b2: Float32Array;
}

export function initWeights(
  inputs: number,
  hidden: number,
  classes: number,
  seed: number,
): MlpWeights {
  const rand = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const w1 = new Float32Array(inputs * hidden);
  const s1 = Math.sqrt(2 / 40); // ~40 active inputs
  for (let i = 0; i < w1.length; i++) w1[i] = normal() * s1;
  const w2 = new Float32Array(classes * hidden);
  const s2 = Math.sqrt(1 / hidden);
  for (let i = 0; i < w2.length; i++) w2[i] = normal() * s2;
  return {
    inputs,
    hidden,
    classes,
    w1,
    b1: new Float32Array(hidden),
    w2,
    b2: new Float32Array(classes),
  };
}

/** In-place softmax of z * scale (scale = 1 / temperature); returns the array. */
export function softmax(z: Float32Array, scale = 1): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < z.length; i++) if (z[i] > max) max = z[i];
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    z[i] = Math.exp((z[i] - max) * scale);
    sum += z[i];
  }
  for (let i = 0; i < z.length; i++) z[i] /= sum;
  return z;
}

export interface TrainingExample {
  bits: Uint16Array;
  label: number;
}

/** Small deterministic PRNG (seeded runs give identical models). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
