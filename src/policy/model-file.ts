/**
 * Saved expansion policies: the template-relevance network (weights stored
 * as float16 to keep the shipped artifact small) and the nearest-neighbour
 * index (training products' fingerprint bits and template labels). Labels are
 * template ids, so a policy only works with a library holding those ids.
 */
import { readSectionedFile, writeSectionedFile } from '../util/sectioned-file.js';
import type { MorganParams } from '../chem/index.js';
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
  neighbours: { bits: Uint16Array[]; labels: Int32Array } | null;
}

export function savePolicy(path: string, model: PolicyModel): void {
  const sections: Record<string, Uint16Array | Uint32Array | Int32Array | Float32Array> = {};
  if (model.mlp) {
    sections.w1 = toFloat16(model.mlp.w1);
    sections.b1 = model.mlp.b1;
    sections.w2 = toFloat16(model.mlp.w2);
    sections.b2 = model.mlp.b2;
  }
  if (model.neighbours) {
    const offsets = new Uint32Array(model.neighbours.bits.length + 1);
    model.neighbours.bits.forEach((b, i) => (offsets[i + 1] = offsets[i] + b.length));
    const flat = new Uint16Array(offsets[offsets.length - 1]);
    model.neighbours.bits.forEach((b, i) => flat.set(b, offsets[i]));
    sections.knnOffsets = offsets;
    sections.knnBits = flat;
    sections.knnLabels = model.neighbours.labels;
  }
  writeSectionedFile(path, MAGIC, POLICY_FORMAT_VERSION, { ...model.header }, sections);
}

export function loadPolicy(path: string): PolicyModel {
  const file = readSectionedFile<PolicyHeader>(path, MAGIC, POLICY_FORMAT_VERSION, 'policy');
  const h = file.header;
  const w1 = file.section<Uint16Array>('w1');
  const w2 = file.section<Uint16Array>('w2');
  const mlp: MlpWeights | null =
    w1 && w2
      ? {
          inputs: h.inputs,
          hidden: h.hidden,
          classes: h.networkClasses,
          w1: fromFloat16(w1),
          b1: Float32Array.from(file.section<Float32Array>('b1') as Float32Array),
          w2: fromFloat16(w2),
          b2: Float32Array.from(file.section<Float32Array>('b2') as Float32Array),
        }
      : null;
  const offsets = file.section<Uint32Array>('knnOffsets');
  const flat = file.section<Uint16Array>('knnBits');
  const labels = file.section<Int32Array>('knnLabels');
  const neighbours =
    offsets && flat && labels
      ? {
          bits: Array.from({ length: offsets.length - 1 }, (_, i) =>
            flat.subarray(offsets[i], offsets[i + 1]),
          ),
          labels,
        }
      : null;
  return { header: h, mlp, neighbours };
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
