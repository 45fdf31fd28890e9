// Dense-layer kernels of the policy network, in AssemblyScript (compiled to
// WebAssembly with SIMD by `npm run build`: see package.json). JavaScript owns
// the memory layout: every argument is a byte offset into this module's memory
// or a size. Rows are `h` float32 values, `h` a multiple of 4.
// Loops keep one weight row in cache while the batch streams past it.

/** out[0..h) = bias + sum of rows idx[0..count) of w; then ReLU. */
export function hiddenSparse(
  w: usize,
  bias: usize,
  idx: usize,
  count: i32,
  out: usize,
  h: i32,
): void {
  for (let j = 0; j < h; j += 4)
    v128.store(out + ((<usize>j) << 2), v128.load(bias + ((<usize>j) << 2)));
  for (let k = 0; k < count; k++) {
    const row = w + ((<usize>load<u32>(idx + ((<usize>k) << 2)) * <usize>h) << 2);
    for (let j = 0; j < h; j += 4) {
      const o = (<usize>j) << 2;
      v128.store(out + o, f32x4.add(v128.load(out + o), v128.load(row + o)));
    }
  }
  const zero = f32x4.splat(0);
  for (let j = 0; j < h; j += 4) {
    const o = (<usize>j) << 2;
    v128.store(out + o, f32x4.max(v128.load(out + o), zero));
  }
}

function dot(a: usize, b: usize, h: i32): f32 {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let j = 0;
  for (; j + 8 <= h; j += 8) {
    const o = (<usize>j) << 2;
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
  }
  for (; j < h; j += 4) {
    const o = (<usize>j) << 2;
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  const s = f32x4.add(s0, s1);
  return (
    f32x4.extract_lane(s, 0) +
    f32x4.extract_lane(s, 1) +
    f32x4.extract_lane(s, 2) +
    f32x4.extract_lane(s, 3)
  );
}

/**
 * z[i*n + c] = a_i . w[rows[c]] + bias[rows[c]] for i < m, c < n; a is m x h.
 * rows = 0 means rows 0..n-1 in order.
 */
export function logits(
  a: usize,
  m: i32,
  w: usize,
  bias: usize,
  rows: usize,
  n: i32,
  z: usize,
  h: i32,
): void {
  for (let c = 0; c < n; c++) {
    const r: usize = rows ? <usize>load<u32>(rows + ((<usize>c) << 2)) : <usize>c;
    const row = w + ((r * <usize>h) << 2);
    const b = load<f32>(bias + (r << 2));
    for (let i = 0; i < m; i++) {
      store<f32>(
        z + ((<usize>i * <usize>n + <usize>c) << 2),
        dot(a + ((<usize>i * <usize>h) << 2), row, h) + b,
      );
    }
  }
}

/**
 * Backward pass of `logits` for the candidate rows: for every c < n and i < m,
 * with d = dz[i*n + c]: g_c += d * a_i (g is n x h, candidate order) and
 * da_i += d * w[rows[c]] (da is m x h).
 */
export function backward(
  dz: usize,
  a: usize,
  m: i32,
  w: usize,
  rows: usize,
  n: i32,
  g: usize,
  da: usize,
  h: i32,
): void {
  for (let c = 0; c < n; c++) {
    const r: usize = rows ? <usize>load<u32>(rows + ((<usize>c) << 2)) : <usize>c;
    const row = w + ((r * <usize>h) << 2);
    const gc = g + ((<usize>c * <usize>h) << 2);
    for (let i = 0; i < m; i++) {
      const d = load<f32>(dz + ((<usize>i * <usize>n + <usize>c) << 2));
      if (d == 0) continue;
      const dv = f32x4.splat(d);
      const ai = a + ((<usize>i * <usize>h) << 2);
      const dai = da + ((<usize>i * <usize>h) << 2);
      for (let j = 0; j < h; j += 4) {
        const o = (<usize>j) << 2;
        v128.store(gc + o, f32x4.add(v128.load(gc + o), f32x4.mul(dv, v128.load(ai + o))));
        v128.store(dai + o, f32x4.add(v128.load(dai + o), f32x4.mul(dv, v128.load(row + o))));
      }
    }
  }
}

/** g[idx[k]] += src for k < count (rows of h). */
export function scatterAdd(g: usize, idx: usize, count: i32, src: usize, h: i32): void {
  for (let k = 0; k < count; k++) {
    const row = g + ((<usize>load<u32>(idx + ((<usize>k) << 2)) * <usize>h) << 2);
    for (let j = 0; j < h; j += 4) {
      const o = (<usize>j) << 2;
      v128.store(row + o, f32x4.add(v128.load(row + o), v128.load(src + o)));
    }
  }
}

/**
 * Adam on rows rows[k] of p (moments m, v alike), k < count, gradient scaled
 * by `scale`; rows = 0 means rows 0..count-1. The gradient of row k is row k
 * of grad (list order) or, with gradByRow, row rows[k] (laid out like p).
 * `c1`, `c2` are the bias corrections.
 */
export function adamRows(
  p: usize,
  m: usize,
  v: usize,
  grad: usize,
  gradByRow: bool,
  rows: usize,
  count: i32,
  h: i32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  c1: f32,
  c2: f32,
  eps: f32,
  scale: f32,
  decay: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const b2 = f32x4.splat(beta2);
  const nb1 = f32x4.splat(1 - beta1);
  const nb2 = f32x4.splat(1 - beta2);
  const sc = f32x4.splat(scale);
  const dec = f32x4.splat(decay);
  const step = f32x4.splat(lr / c1);
  const ic2 = f32x4.splat(1 / c2);
  const ep = f32x4.splat(eps);
  for (let k = 0; k < count; k++) {
    const r: usize = rows ? <usize>load<u32>(rows + ((<usize>k) << 2)) : <usize>k;
    const base = (r * <usize>h) << 2;
    const gb = grad + (gradByRow ? base : (<usize>k * <usize>h) << 2);
    for (let j = 0; j < h; j += 4) {
      const o = (<usize>j) << 2;
      const pv = v128.load(p + base + o);
      const gv = f32x4.add(f32x4.mul(v128.load(gb + o), sc), f32x4.mul(dec, pv));
      const mv = f32x4.add(f32x4.mul(b1, v128.load(m + base + o)), f32x4.mul(nb1, gv));
      const vv = f32x4.add(
        f32x4.mul(b2, v128.load(v + base + o)),
        f32x4.mul(nb2, f32x4.mul(gv, gv)),
      );
      v128.store(m + base + o, mv);
      v128.store(v + base + o, vv);
      const denom = f32x4.add(f32x4.sqrt(f32x4.mul(vv, ic2)), ep);
      v128.store(p + base + o, f32x4.sub(pv, f32x4.div(f32x4.mul(step, mv), denom)));
    }
  }
}
