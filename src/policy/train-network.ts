/**
 * Training the template-relevance network with a sampled softmax: each
 * minibatch scores its examples against the batch's own templates plus
 * `negatives` templates drawn in proportion to the square root of their
 * frequency (logits of drawn templates corrected by the log of their chance
 * of being drawn), instead of against every template. With tens of thousands
 * of templates this makes an epoch cost about (batch + negatives) / classes of
 * a full softmax. Only the rows a batch touches are updated (lazy Adam), the
 * dense work runs in the WebAssembly kernels (dense.ts), validation uses the
 * full softmax, and training stops when validation top-1 stops improving.
 */
import { DenseArena, Region } from './dense.js';
import { initWeights, mulberry32, MlpWeights, TrainingExample } from './mlp.js';

export interface NetworkTrainingOptions {
  hidden: number;
  /** Most epochs; fewer when validation stops improving. */
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Dropout on the hidden layer. */
  dropout: number;
  /** Templates drawn per batch to score against besides the batch's own. */
  negatives: number;
  /** L2 weight decay inside Adam. */
  weightDecay: number;
  /** Epochs without a better validation result tolerated; training stops at the next (the learning rate halves after each). */
  patience: number;
  seed: number;
  log?: (line: string) => void;
}

export interface EpochReport {
  epoch: number;
  loss: number;
  validationLoss: number;
  validationTop1: number;
  validationTop10: number;
  learningRate: number;
  seconds: number;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;
/** Up to this many classes, training uses the exact softmax. */
const FULL_SOFTMAX_CLASSES = 64;
/** Validation examples scored at once (full softmax). */
const VALIDATION_CHUNK = 16;

/** Trains on `train`, keeps the weights of the epoch with the best validation top-1. */
export function trainNetwork(
  train: TrainingExample[],
  validation: TrainingExample[],
  classes: number,
  inputs: number,
  opts: NetworkTrainingOptions,
): { weights: MlpWeights; history: EpochReport[] } {
  const t = new Trainer(train, classes, inputs, opts);
  const history: EpochReport[] = [];
  let best: { top1: number; loss: number; weights: MlpWeights } | undefined;
  let lr = opts.learningRate;
  let stale = 0;
  for (let epoch = 0; epoch < opts.epochs && stale <= opts.patience; epoch++) {
    const start = performance.now();
    const loss = t.epoch(lr);
    const checked = t.evaluate(validation, [1, 10]);
    const [top1, top10] = checked.topK;
    const report: EpochReport = {
      epoch: epoch + 1,
      loss,
      validationLoss: checked.loss,
      validationTop1: top1,
      validationTop10: top10,
      learningRate: lr,
      seconds: Math.round((performance.now() - start) / 1000),
    };
    history.push(report);
    opts.log?.(
      `epoch ${report.epoch}: loss ${loss.toFixed(3)}, validation loss ${checked.loss.toFixed(3)}, top-1 ${(100 * top1).toFixed(1)}%, top-10 ${(100 * top10).toFixed(1)}% (${report.seconds} s)`,
    );
    // Better: a higher validation top-1, or the same with a lower validation loss.
    if (!best || top1 > best.top1 || (top1 === best.top1 && checked.loss < best.loss)) {
      best = { top1, loss: checked.loss, weights: t.weights() };
      stale = 0;
    } else {
      stale++;
      lr /= 2;
    }
  }
  return { weights: best?.weights ?? t.weights(), history };
}

/** Walker's alias table: draws class c with probability p[c] in O(1). */
class AliasSampler {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  constructor(readonly p: Float64Array) {
    const n = p.length;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = Float64Array.from(p, (x) => x * n);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((x, i) => (x < 1 ? small : large).push(i));
    while (small.length && large.length) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) this.prob[i] = 1;
  }

  draw(rand: () => number): number {
    const i = Math.floor(rand() * this.prob.length);
    return rand() < this.prob[i] ? i : this.alias[i];
  }
}

class Trainer {
  private readonly a = new DenseArena();
  private readonly H: number;
  private readonly B: number;
  private readonly K: number;
  private readonly rand: () => number;
  private readonly sampler: AliasSampler;
  /** log of each class's chance to be among a batch's drawn negatives. */
  private readonly logDrawn: Float32Array;
  private readonly order: number[];
  private step = 0;
  // Parameters, Adam moments and gradients in kernel memory.
  private readonly w1: Region;
  private readonly m1: Region;
  private readonly v1: Region;
  private readonly g1: Region;
  private readonly b1: Region;
  private readonly w2: Region;
  private readonly m2: Region;
  private readonly v2: Region;
  private readonly b2: Region;
  // Per-batch scratch.
  private readonly idx: Region;
  private readonly hb: Region;
  private readonly dhb: Region;
  private readonly z: Region;
  private readonly cand: Region;
  private readonly g2: Region;
  private readonly touched: Region;
  private readonly zv: Region;
  private readonly b1m: { m: Float32Array; v: Float32Array };
  private readonly b2m: { m: Float32Array; v: Float32Array };

  constructor(
    private readonly examples: TrainingExample[],
    private readonly classes: number,
    private readonly inputs: number,
    private readonly opts: NetworkTrainingOptions,
  ) {
    if (opts.hidden % 4) throw new Error('hidden units must be a multiple of 4');
    this.H = opts.hidden;
    this.B = opts.batchSize;
    // Few classes: every batch scores all of them (an exact softmax, nothing drawn).
    this.K =
      classes <= FULL_SOFTMAX_CLASSES
        ? classes
        : Math.min(classes, opts.batchSize + opts.negatives);
    this.rand = mulberry32(opts.seed + 1);
    const counts = new Float64Array(classes).fill(1);
    for (const e of examples) counts[e.label]++;
    const weights = counts.map(Math.sqrt);
    const total = weights.reduce((s, x) => s + x, 0);
    this.sampler = new AliasSampler(weights.map((x) => x / total));
    this.logDrawn = Float32Array.from(this.sampler.p, (q) =>
      Math.log(Math.max(1e-12, -Math.expm1(opts.negatives * Math.log1p(-q)))),
    );
    this.order = examples.map((_, i) => i);

    const init = initWeights(inputs, this.H, classes, opts.seed);
    const a = this.a;
    const wide = inputs * this.H;
    const deep = classes * this.H;
    [this.w1, this.m1, this.v1, this.g1] = [
      a.alloc(wide),
      a.alloc(wide),
      a.alloc(wide),
      a.alloc(wide),
    ];
    [this.w2, this.m2, this.v2] = [a.alloc(deep), a.alloc(deep), a.alloc(deep)];
    [this.b1, this.b2] = [a.alloc(this.H), a.alloc(classes)];
    this.idx = a.alloc(8192);
    this.hb = a.alloc(this.B * this.H);
    this.dhb = a.alloc(this.B * this.H);
    this.z = a.alloc(this.B * this.K);
    this.cand = a.alloc(this.K);
    this.g2 = a.alloc(this.K * this.H);
    this.touched = a.alloc(inputs);
    this.zv = a.alloc(VALIDATION_CHUNK * classes);
    a.f32(this.w1).set(init.w1);
    a.f32(this.w2).set(init.w2);
    this.b1m = { m: new Float32Array(this.H), v: new Float32Array(this.H) };
    this.b2m = { m: new Float32Array(classes), v: new Float32Array(classes) };
  }

  weights(): MlpWeights {
    const a = this.a;
    return {
      inputs: this.inputs,
      hidden: this.H,
      classes: this.classes,
      w1: a.f32(this.w1).slice(),
      b1: a.f32(this.b1).slice(),
      w2: a.f32(this.w2).slice(),
      b2: a.f32(this.b2).slice(),
    };
  }

  /** One pass over the training examples; returns the mean sampled-softmax loss. */
  epoch(lr: number): number {
    shuffle(this.order, this.rand);
    let loss = 0;
    for (let s = 0; s < this.order.length; s += this.B) {
      loss += this.batch(this.order.slice(s, s + this.B), lr);
    }
    return loss / this.order.length;
  }

  private batch(ids: number[], lr: number): number {
    const { a, H } = this;
    const k = a.k;
    const n = ids.length;
    const batch = ids.map((i) => this.examples[i]);
    // Hidden layer with dropout (the mask is kept in dhb's place until the backward pass).
    const hb = a.f32(this.hb);
    const keep = 1 / (1 - this.opts.dropout);
    const masks = new Uint8Array(n * H);
    batch.forEach((ex, i) => {
      a.u32(this.idx).set(ex.bits);
      k.hiddenSparse(
        this.w1.offset,
        this.b1.offset,
        this.idx.offset,
        ex.bits.length,
        this.hb.offset + i * H * 4,
        H,
      );
    });
    for (let j = 0; j < n * H; j++) {
      if (this.rand() < this.opts.dropout) hb[j] = 0;
      else {
        hb[j] *= keep;
        masks[j] = 1;
      }
    }
    // Candidates: the batch's templates, then drawn ones (or every class when there are few).
    const slot = new Map<number, number>();
    const cand = a.u32(this.cand);
    if (this.K === this.classes) for (let c = 0; c < this.classes; c++) slot.set(c, c);
    for (const ex of batch) if (!slot.has(ex.label)) slot.set(ex.label, slot.size);
    const own = slot.size;
    for (let d = 0; d < this.opts.negatives && slot.size < this.K; d++) {
      const c = this.sampler.draw(this.rand);
      if (!slot.has(c)) slot.set(c, slot.size);
    }
    for (const [c, i] of slot) cand[i] = c;
    const K = slot.size;
    k.logits(
      this.hb.offset,
      n,
      this.w2.offset,
      this.b2.offset,
      this.cand.offset,
      K,
      this.z.offset,
      H,
    );
    // Softmax and its gradient, in place.
    const z = a.f32({ offset: this.z.offset, length: n * K });
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const row = i * K;
      let max = -Infinity;
      for (let c = 0; c < K; c++) {
        if (c >= own) z[row + c] -= this.logDrawn[cand[c]];
        if (z[row + c] > max) max = z[row + c];
      }
      let sum = 0;
      for (let c = 0; c < K; c++) sum += z[row + c] = Math.exp(z[row + c] - max);
      const target = slot.get(batch[i].label) as number;
      for (let c = 0; c < K; c++) z[row + c] /= sum;
      loss -= Math.log(Math.max(z[row + target], 1e-12));
      z[row + target] -= 1;
    }
    // Backward: candidate rows' gradient and the hidden layer's.
    a.f32({ offset: this.g2.offset, length: K * H }).fill(0);
    const dhb = a.f32(this.dhb);
    dhb.fill(0, 0, n * H);
    k.backward(
      this.z.offset,
      this.hb.offset,
      n,
      this.w2.offset,
      this.cand.offset,
      K,
      this.g2.offset,
      this.dhb.offset,
      H,
    );
    for (let j = 0; j < n * H; j++) dhb[j] = masks[j] && hb[j] > 0 ? dhb[j] * keep : 0;
    // Input rows: sum the hidden gradient into each set bit's row.
    const touched = a.u32(this.touched);
    let rows = 0;
    const seen = new Uint8Array(this.inputs);
    const g1 = a.f32(this.g1);
    for (const ex of batch) {
      for (const bit of ex.bits) {
        if (seen[bit]) continue;
        seen[bit] = 1;
        touched[rows++] = bit;
        g1.fill(0, bit * H, (bit + 1) * H);
      }
    }
    batch.forEach((ex, i) => {
      a.u32(this.idx).set(ex.bits);
      k.scatterAdd(this.g1.offset, this.idx.offset, ex.bits.length, this.dhb.offset + i * H * 4, H);
    });
    // Lazy Adam on the rows this batch touched.
    this.step++;
    const c1 = 1 - BETA1 ** this.step;
    const c2 = 1 - BETA2 ** this.step;
    const scale = 1 / n;
    const decay = this.opts.weightDecay;
    k.adamRows(
      this.w2.offset,
      this.m2.offset,
      this.v2.offset,
      this.g2.offset,
      0,
      this.cand.offset,
      K,
      H,
      lr,
      BETA1,
      BETA2,
      c1,
      c2,
      EPS,
      scale,
      decay,
    );
    k.adamRows(
      this.w1.offset,
      this.m1.offset,
      this.v1.offset,
      this.g1.offset,
      1,
      this.touched.offset,
      rows,
      H,
      lr,
      BETA1,
      BETA2,
      c1,
      c2,
      EPS,
      scale,
      decay,
    );
    const gb1 = new Float32Array(H);
    for (let i = 0; i < n; i++) for (let j = 0; j < H; j++) gb1[j] += dhb[i * H + j];
    adam(a.f32(this.b1), gb1, this.b1m, null, lr, c1, c2, scale);
    const gb2 = new Float32Array(K);
    for (let i = 0; i < n; i++) for (let c = 0; c < K; c++) gb2[c] += z[i * K + c];
    adam(a.f32(this.b2), gb2, this.b2m, cand.subarray(0, K), lr, c1, c2, scale);
    return loss;
  }

  /**
   * Share of examples whose label is among the network's top k (full softmax),
   * per k, and the mean cross-entropy of their labels.
   */
  evaluate(examples: TrainingExample[], ks: number[]): { topK: number[]; loss: number } {
    const { a, H } = this;
    const k = a.k;
    const hits = ks.map(() => 0);
    let loss = 0;
    const C = this.classes;
    const chunk = Math.min(this.B, VALIDATION_CHUNK);
    for (let s = 0; s < examples.length; s += chunk) {
      const part = examples.slice(s, s + chunk);
      part.forEach((ex, i) => {
        a.u32(this.idx).set(ex.bits);
        k.hiddenSparse(
          this.w1.offset,
          this.b1.offset,
          this.idx.offset,
          ex.bits.length,
          this.hb.offset + i * H * 4,
          H,
        );
      });
      k.logits(
        this.hb.offset,
        part.length,
        this.w2.offset,
        this.b2.offset,
        0,
        C,
        this.zv.offset,
        H,
      );
      const z = a.f32({ offset: this.zv.offset, length: part.length * C });
      part.forEach((ex, i) => {
        const target = z[i * C + ex.label];
        let rank = 0;
        let max = -Infinity;
        for (let c = 0; c < C; c++) {
          const v = z[i * C + c];
          if (v > target) rank++;
          if (v > max) max = v;
        }
        let sum = 0;
        for (let c = 0; c < C; c++) sum += Math.exp(z[i * C + c] - max);
        loss += Math.log(sum) + max - target;
        ks.forEach((kk, j) => {
          if (rank < kk) hits[j]++;
        });
      });
    }
    const n = examples.length || 1;
    return { topK: hits.map((h) => h / n), loss: loss / n };
  }
}

/** Adam on a small vector, all entries or those listed (gradient in list order). */
function adam(
  p: Float32Array,
  grad: Float32Array,
  moments: { m: Float32Array; v: Float32Array },
  which: Uint32Array | null,
  lr: number,
  c1: number,
  c2: number,
  scale: number,
): void {
  const count = which ? which.length : p.length;
  for (let k = 0; k < count; k++) {
    const i = which ? which[k] : k;
    const g = grad[k] * scale;
    moments.m[i] = BETA1 * moments.m[i] + (1 - BETA1) * g;
    moments.v[i] = BETA2 * moments.v[i] + (1 - BETA2) * g * g;
    p[i] -= (lr * (moments.m[i] / c1)) / (Math.sqrt(moments.v[i] / c2) + EPS);
  }
}

function shuffle(a: number[], rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
}
