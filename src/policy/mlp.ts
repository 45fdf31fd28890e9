/**
 * Template-relevance network: Morgan fingerprint bits -> one ReLU hidden
 * layer -> softmax over templates. Plain TypeScript on Float32Arrays; the
 * input layer is sparse (a fingerprint has ~40 of 2048 bits set), so the
 * cost is dominated by the output layer.
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

/** Hidden activations for a set of active input bits (ReLU). */
export function hiddenLayer(
  w: MlpWeights,
  bits: ArrayLike<number>,
  out: Float32Array,
): Float32Array {
  const H = w.hidden;
  out.set(w.b1);
  for (let k = 0; k < bits.length; k++) {
    const row = bits[k] * H;
    for (let j = 0; j < H; j++) out[j] += w.w1[row + j];
  }
  for (let j = 0; j < H; j++) if (out[j] < 0) out[j] = 0;
  return out;
}

/** Logits of every class for hidden activations h. */
export function logits(w: MlpWeights, h: Float32Array, out: Float32Array): Float32Array {
  const H = w.hidden;
  const w2 = w.w2;
  for (let c = 0; c < w.classes; c++) {
    let s = w.b2[c];
    const row = c * H;
    for (let j = 0; j < H; j++) s += w2[row + j] * h[j];
    out[c] = s;
  }
  return out;
}

/** In-place softmax; returns the array. */
export function softmax(z: Float32Array): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < z.length; i++) if (z[i] > max) max = z[i];
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    z[i] = Math.exp(z[i] - max);
    sum += z[i];
  }
  for (let i = 0; i < z.length; i++) z[i] /= sum;
  return z;
}

export interface TrainingExample {
  bits: Uint16Array;
  label: number;
}

export interface TrainOptions {
  hidden: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  dropout: number;
  weightDecay: number;
  seed: number;
  /** Called after each epoch with the mean training loss; return false to stop early. */
  onEpoch?: (epoch: number, loss: number, weights: MlpWeights) => boolean | void;
}

/** Minibatch Adam with dropout on the hidden layer; deterministic for a seed. */
export function train(
  examples: TrainingExample[],
  classes: number,
  inputs: number,
  opts: TrainOptions,
): MlpWeights {
  const w = initWeights(inputs, opts.hidden, classes, opts.seed);
  const H = opts.hidden;
  const rand = mulberry32(opts.seed + 1);
  const adam = {
    w1: new AdamState(w.w1.length),
    b1: new AdamState(H),
    w2: new AdamState(w.w2.length),
    b2: new AdamState(classes),
  };
  const g = {
    w1: new Float32Array(w.w1.length),
    b1: new Float32Array(H),
    w2: new Float32Array(w.w2.length),
    b2: new Float32Array(classes),
  };
  const touchedRows = new Uint8Array(inputs);
  const h = new Float32Array(H);
  const mask = new Float32Array(H);
  const z = new Float32Array(classes);
  const dh = new Float32Array(H);
  const order = examples.map((_, i) => i);
  let step = 0;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    shuffle(order, rand);
    let lossSum = 0;
    for (let start = 0; start < order.length; start += opts.batchSize) {
      const batch = order.slice(start, start + opts.batchSize);
      g.b1.fill(0);
      g.b2.fill(0);
      g.w2.fill(0);
      touchedRows.fill(0);
      for (const idx of batch) {
        const ex = examples[idx];
        hiddenLayer(w, ex.bits, h);
        for (let j = 0; j < H; j++) {
          mask[j] = rand() < opts.dropout ? 0 : 1 / (1 - opts.dropout);
          h[j] *= mask[j];
        }
        softmax(logits(w, h, z));
        lossSum -= Math.log(Math.max(z[ex.label], 1e-12));
        z[ex.label] -= 1; // dL/dlogits
        dh.fill(0);
        for (let c = 0; c < classes; c++) {
          const d = z[c];
          if (d > -1e-5 && d < 1e-5) continue; // negligible probability: skip its row
          g.b2[c] += d;
          const row = c * H;
          for (let j = 0; j < H; j++) {
            g.w2[row + j] += d * h[j];
            dh[j] += d * w.w2[row + j];
          }
        }
        for (let j = 0; j < H; j++) dh[j] = h[j] > 0 ? dh[j] * mask[j] : 0;
        for (let j = 0; j < H; j++) g.b1[j] += dh[j];
        for (let k = 0; k < ex.bits.length; k++) {
          const bit = ex.bits[k];
          const row = bit * H;
          if (!touchedRows[bit]) {
            touchedRows[bit] = 1;
            g.w1.fill(0, row, row + H);
          }
          for (let j = 0; j < H; j++) g.w1[row + j] += dh[j];
        }
      }
      step++;
      const scale = 1 / batch.length;
      adam.w2.update(w.w2, g.w2, scale, opts.learningRate, step, opts.weightDecay);
      adam.b2.update(w.b2, g.b2, scale, opts.learningRate, step, 0);
      adam.b1.update(w.b1, g.b1, scale, opts.learningRate, step, 0);
      adam.w1.updateRows(
        w.w1,
        g.w1,
        touchedRows,
        H,
        scale,
        opts.learningRate,
        step,
        opts.weightDecay,
      );
    }
    const cont = opts.onEpoch?.(epoch, lossSum / order.length, w);
    if (cont === false) break;
  }
  return w;
}

class AdamState {
  readonly m: Float32Array;
  readonly v: Float32Array;

  constructor(n: number) {
    this.m = new Float32Array(n);
    this.v = new Float32Array(n);
  }

  update(
    p: Float32Array,
    grad: Float32Array,
    scale: number,
    lr: number,
    t: number,
    decay: number,
  ): void {
    this.step(p, grad, 0, p.length, scale, lr, t, decay);
  }

  /** Adam on the rows that received gradient only (sparse input layer). */
  updateRows(
    p: Float32Array,
    grad: Float32Array,
    rows: Uint8Array,
    width: number,
    scale: number,
    lr: number,
    t: number,
    decay: number,
  ): void {
    for (let r = 0; r < rows.length; r++) {
      if (rows[r]) this.step(p, grad, r * width, (r + 1) * width, scale, lr, t, decay);
    }
  }

  private step(
    p: Float32Array,
    grad: Float32Array,
    from: number,
    to: number,
    scale: number,
    lr: number,
    t: number,
    decay: number,
  ): void {
    const b1 = 0.9;
    const b2 = 0.999;
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    for (let i = from; i < to; i++) {
      const gi = grad[i] * scale + decay * p[i];
      this.m[i] = b1 * this.m[i] + (1 - b1) * gi;
      this.v[i] = b2 * this.v[i] + (1 - b2) * gi * gi;
      p[i] -= (lr * (this.m[i] / c1)) / (Math.sqrt(this.v[i] / c2) + 1e-8);
    }
  }
}

function shuffle(a: number[], rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
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
