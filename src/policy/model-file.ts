/**
 * Saved expansion policies: the template-relevance network (weights stored
 * as float16 to keep the shipped artifact small) and the nearest-neighbour
 * index (training products' fingerprint bits and template labels). Labels are
 * template ids, so a policy only works with a library holding those ids.
 */
import {
  readSectionedFile,
  SectionArray,
  SectionedFile,
  writeSectionedFile,
} from '../util/sectioned-file.js';
import type { MorganParams } from '../chem/index.js';
import { BitLists } from './bit-lists.js';
import type { MlpWeights } from './mlp.js';

const MAGIC = 'SRPL';
export const POLICY_FORMAT_VERSION = 1;

export interface PolicyHeader {
  format: 'synroute-policy';
  version: number;
  name: string;
  createdAt: string;
  /** Template ids, indexed by label (neighbours); the first `networkClasses` are the network's classes. */
  templateIds: string[];
  networkClasses: number;
  inputs: number;
  hidden: number;
  /** Fingerprint of the network's input and of the neighbours (absent in older files: radius 2, 2048 bits). */
  fingerprint?: MorganParams;
  /** Training details for the record (data, epochs, accuracy on held-out data). */
  training: Record<string, unknown>;
}

export interface PolicyModel {
  header: PolicyHeader;
  mlp: MlpWeights | null;
  neighbours: { bits: BitLists; labels: Int32Array } | null;
}

export function savePolicy(path: string, model: PolicyModel): void {
  const sections: Record<string, SectionArray> = {};
  if (model.mlp) Object.assign(sections, weightSections(model.mlp));
  if (model.neighbours) {
    const packed = packBitLists(model.neighbours.bits);
    sections.knnOffsets = packed.offsets;
    sections.knnPacked = packed.bytes;
    sections.knnLabels = model.neighbours.labels;
  }
  writeSectionedFile(path, MAGIC, POLICY_FORMAT_VERSION, { ...model.header }, sections);
}

export function loadPolicy(path: string): PolicyModel {
  const file = readSectionedFile<PolicyHeader>(path, MAGIC, POLICY_FORMAT_VERSION, 'policy');
  const h = file.header;
  const mlp = readWeights(file, h.inputs, h.hidden, h.networkClasses);
  const offsets = file.section<Uint32Array>('knnOffsets');
  const labels = file.section<Int32Array>('knnLabels');
  const packed = file.section<Uint8Array>('knnPacked');
  const flat = file.section<Uint16Array>('knnBits');
  let bits: BitLists | null = null;
  if (offsets && packed) bits = unpackBitLists(offsets, packed);
  else if (offsets && flat) bits = new BitLists(offsets, flat);
  const neighbours = bits && labels ? { bits, labels } : null;
  return { header: h, mlp, neighbours };
}

/**
 * A network's weights as sections: the two weight matrices as int8 with a
 * float32 scale per row (a quarter of float32; logits move by well under 1%),
 * biases as float32.
 */
export function weightSections(w: MlpWeights): Record<string, SectionArray> {
  const w1 = quantizeRows(w.w1, w.hidden);
  const w2 = quantizeRows(w.w2, w.hidden);
  return { w1q: w1.q, w1s: w1.scale, b1: w.b1, w2q: w2.q, w2s: w2.scale, b2: w.b2 };
}

/** Weights written by weightSections (or, in older files, as float16); null when absent. */
export function readWeights(
  file: SectionedFile<unknown>,
  inputs: number,
  hidden: number,
  classes: number,
): MlpWeights | null {
  const matrix = (name: string): Float32Array | null => {
    const q = file.section<Int8Array>(`${name}q`);
    const scale = file.section<Float32Array>(`${name}s`);
    if (q && scale) return dequantizeRows(q, scale, hidden);
    const half = file.section<Uint16Array>(name);
    return half ? fromFloat16(half) : null;
  };
  const w1 = matrix('w1');
  const w2 = matrix('w2');
  const b1 = file.section<Float32Array>('b1');
  const b2 = file.section<Float32Array>('b2');
  if (!w1 || !w2 || !b1 || !b2) return null;
  return {
    inputs,
    hidden,
    classes,
    w1,
    b1: Float32Array.from(b1),
    w2,
    b2: Float32Array.from(b2),
  };
}

/** Symmetric int8 per row of `width` values: value = q * scale. */
export function quantizeRows(
  values: Float32Array,
  width: number,
): { q: Int8Array; scale: Float32Array } {
  const rows = values.length / width;
  const q = new Int8Array(values.length);
  const scale = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let j = r * width; j < (r + 1) * width; j++) max = Math.max(max, Math.abs(values[j]));
    const s = max / 127 || 1;
    scale[r] = s;
    for (let j = r * width; j < (r + 1) * width; j++) q[j] = Math.round(values[j] / s);
  }
  return { q, scale };
}

export function dequantizeRows(q: Int8Array, scale: Float32Array, width: number): Float32Array {
  const out = new Float32Array(q.length);
  for (let r = 0, j = 0; r < scale.length; r++) {
    const s = scale[r];
    for (const end = j + width; j < end; j++) out[j] = q[j] * s;
  }
  return out;
}

/**
 * Ascending bit lists as byte strings: the gaps between bits as LEB128
 * varints (fingerprint bits are sparse, so most gaps fit one byte); offsets
 * are byte positions.
 */
export function packBitLists(lists: BitLists): { offsets: Uint32Array; bytes: Uint8Array } {
  const offsets = new Uint32Array(lists.length + 1);
  const bytes: number[] = [];
  for (let i = 0; i < lists.length; i++) {
    let previous = -1;
    for (const bit of lists.get(i)) {
      let gap = bit - previous - 1;
      previous = bit;
      while (gap >= 0x80) {
        bytes.push((gap & 0x7f) | 0x80);
        gap >>>= 7;
      }
      bytes.push(gap);
    }
    offsets[i + 1] = bytes.length;
  }
  return { offsets, bytes: Uint8Array.from(bytes) };
}

export function unpackBitLists(offsets: Uint32Array, bytes: Uint8Array): BitLists {
  const n = offsets.length - 1;
  const starts = new Uint32Array(n + 1);
  // Every byte without its continuation bit ends one value.
  let values = 0;
  for (let i = 0; i < n; i++) {
    for (let p = offsets[i]; p < offsets[i + 1]; p++) if (!(bytes[p] & 0x80)) values++;
    starts[i + 1] = values;
  }
  const flat = new Uint16Array(values);
  let at = 0;
  for (let i = 0; i < n; i++) {
    let previous = -1;
    for (let p = offsets[i]; p < offsets[i + 1];) {
      let gap = 0;
      let shift = 0;
      let b: number;
      do {
        b = bytes[p++];
        gap |= (b & 0x7f) << shift;
        shift += 7;
      } while (b & 0x80);
      previous += gap + 1;
      flat[at++] = previous;
    }
  }
  return new BitLists(starts, flat);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE half precision, round to nearest (weights are small; no inf/nan expected). */
export function toFloat16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    f32[0] = values[i];
    const x = u32[0];
    const sign = (x >>> 16) & 0x8000;
    let exp = ((x >>> 23) & 0xff) - 127 + 15;
    let mant = x & 0x7fffff;
    if (exp >= 31) {
      out[i] = sign | 0x7bff; // clamp to the largest half
      continue;
    }
    if (exp <= 0) {
      if (exp < -10) {
        out[i] = sign;
        continue;
      }
      mant = (mant | 0x800000) >> (1 - exp);
      out[i] = sign | ((mant + 0x1000) >> 13);
      continue;
    }
    mant += 0x1000; // round
    if (mant & 0x800000) {
      mant = 0;
      exp++;
      if (exp >= 31) {
        out[i] = sign | 0x7bff;
        continue;
      }
    }
    out[i] = sign | (exp << 10) | (mant >> 13);
  }
  return out;
}

export function fromFloat16(halves: Uint16Array): Float32Array {
  const out = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) {
    const h = halves[i];
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const mant = h & 0x3ff;
    out[i] = exp === 0 ? sign * mant * 2 ** -24 : sign * (1 + mant / 1024) * 2 ** (exp - 15);
  }
  return out;
}
