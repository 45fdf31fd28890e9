/**
 * The policy network's dense kernels (kernels/dense.as.ts, WebAssembly with
 * SIMD: several times faster than the same loops in JavaScript) and the
 * memory they work in. Each DenseArena is its own WebAssembly instance; its
 * arrays are allocated once, then used through typed-array views.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/paths.js';

interface Kernels {
  memory: WebAssembly.Memory;
  hiddenSparse(w: number, bias: number, idx: number, count: number, out: number, h: number): void;
  logits(
    a: number,
    m: number,
    w: number,
    bias: number,
    rows: number,
    n: number,
    z: number,
    h: number,
  ): void;
  backward(
    dz: number,
    a: number,
    m: number,
    w: number,
    rows: number,
    n: number,
    g: number,
    da: number,
    h: number,
  ): void;
  scatterAdd(g: number, idx: number, count: number, src: number, h: number): void;
  adamRows(
    p: number,
    m: number,
    v: number,
    grad: number,
    gradByRow: number,
    rows: number,
    count: number,
    h: number,
    lr: number,
    beta1: number,
    beta2: number,
    c1: number,
    c2: number,
    eps: number,
    scale: number,
    decay: number,
  ): void;
}

declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (d: { initial: number }) => WebAssembly.Memory;
};
// eslint-disable-next-line @typescript-eslint/no-namespace
declare namespace WebAssembly {
  interface Memory {
    buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}

let compiled: object | undefined;

function kernelModule(): object {
  if (!compiled) {
    const path = join(packageRoot(), 'dist', 'src', 'policy', 'kernels', 'dense.wasm');
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      throw new Error(`policy kernels missing (${path}): run \`npm run build\``);
    }
    compiled = new WebAssembly.Module(bytes);
  }
  return compiled;
}

const PAGE = 65536;
/** The module's own data lives in the first page; arrays start after it. */
const FIRST_OFFSET = PAGE;

/** A float32 (or uint32) array inside an arena: byte offset and length. */
export interface Region {
  offset: number;
  length: number;
}

export class DenseArena {
  readonly k: Kernels;
  private next = FIRST_OFFSET;

  constructor() {
    const instance = new WebAssembly.Instance(kernelModule(), {
      env: {
        abort: () => {
          throw new Error('policy kernel aborted');
        },
      },
    });
    this.k = instance.exports as Kernels;
  }

  /** Reserves `length` 4-byte values, 16-byte aligned and zeroed. Views taken earlier stay valid only if no growth happened: take views after allocating. */
  alloc(length: number): Region {
    const offset = this.next;
    this.next = offset + Math.ceil((length * 4) / 16) * 16;
    const have = this.k.memory.buffer.byteLength;
    if (this.next > have) this.k.memory.grow(Math.ceil((this.next - have) / PAGE));
    return { offset, length };
  }

  f32(r: Region): Float32Array {
    return new Float32Array(this.k.memory.buffer, r.offset, r.length);
  }

  u32(r: Region): Uint32Array {
    return new Uint32Array(this.k.memory.buffer, r.offset, r.length);
  }

  /** Copies values into a new region. */
  put(values: Float32Array): Region {
    const r = this.alloc(values.length);
    this.f32(r).set(values);
    return r;
  }
}
