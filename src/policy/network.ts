/**
 * Inference of the template-relevance network (Morgan bits -> ReLU hidden
 * layer -> one logit per template) on the WebAssembly kernels: weights are
 * copied into the kernels' memory once, then each call costs one sparse sum
 * and one matrix-vector product over the classes asked for.
 */
import { DenseArena, Region } from './dense.js';
import type { MlpWeights } from './mlp.js';

/** Longest fingerprint accepted (set bits). */
const MAX_BITS = 4096;

export class PolicyNetwork {
  readonly classes: number;
  readonly hidden: number;
  private readonly arena = new DenseArena();
  private readonly w1: Region;
  private readonly b1: Region;
  private readonly w2: Region;
  private readonly b2: Region;
  private readonly idx: Region;
  private readonly h: Region;
  private readonly rows: Region;
  private readonly z: Region;

  constructor(weights: MlpWeights) {
    if (weights.hidden % 4) throw new Error('hidden units must be a multiple of 4');
    this.classes = weights.classes;
    this.hidden = weights.hidden;
    const a = this.arena;
    this.w1 = a.put(weights.w1);
    this.b1 = a.put(weights.b1);
    this.w2 = a.put(weights.w2);
    this.b2 = a.put(weights.b2);
    this.idx = a.alloc(MAX_BITS);
    this.h = a.alloc(weights.hidden);
    this.rows = a.alloc(weights.classes);
    this.z = a.alloc(weights.classes);
  }

  /**
   * Logits for a fingerprint's set bits: of every class, or of `rows` only (in
   * their order). The result is a view, overwritten by the next call.
   */
  logits(bits: ArrayLike<number>, rows?: ArrayLike<number>): Float32Array {
    const a = this.arena;
    const count = Math.min(bits.length, MAX_BITS);
    const idx = a.u32(this.idx);
    for (let i = 0; i < count; i++) idx[i] = bits[i];
    a.k.hiddenSparse(
      this.w1.offset,
      this.b1.offset,
      this.idx.offset,
      count,
      this.h.offset,
      this.hidden,
    );
    const n = rows ? rows.length : this.classes;
    if (rows) a.u32(this.rows).set(rows as ArrayLike<number>);
    a.k.logits(
      this.h.offset,
      1,
      this.w2.offset,
      this.b2.offset,
      rows ? this.rows.offset : 0,
      n,
      this.z.offset,
      this.hidden,
    );
    return a.f32({ offset: this.z.offset, length: n });
  }
}
