/**
 * Morgan (ECFP4-like) fingerprints, radius 2, 2048 bits, packed 32 bits per
 * word (bit i is word i >> 5, bit i & 31), and Tanimoto similarity on them.
 */
import { LruCache } from '../util/lru.js';
import { JSMol, readMol, withScope } from './rdkit.js';

export const FP_BITS = 2048;
export const FP_WORDS = FP_BITS / 32;
const FP_PARAMS = JSON.stringify({ radius: 2, nBits: FP_BITS });

const cache = new LruCache<string, Uint32Array>(20_000);

/** Morgan fingerprint of a SMILES (cached; do not modify the result); all-zero when it does not parse. */
export function morganFingerprint(smiles: string): Uint32Array {
  let fp = cache.get(smiles);
  if (!fp) {
    fp = computeFingerprint(smiles);
    cache.set(smiles, fp);
  }
  return fp;
}

function computeFingerprint(smiles: string): Uint32Array {
  return withScope((own) => {
    const mol = own(readMol(smiles, JSON.stringify({ assignCIPLabels: false })));
    const words = new Uint32Array(FP_WORDS);
    if (!mol) return words;
    const bytes = mol.get_morgan_fp_as_uint8array(FP_PARAMS) as Uint8Array;
    for (let i = 0; i < bytes.length; i++) words[i >> 2] |= bytes[i] << ((i & 3) * 8);
    return words;
  });
}

/** Morgan fingerprint settings of a learned model (stored with it, so inference matches training). */
export interface MorganParams {
  radius: number;
  bits: number;
  /** Chirality-aware invariants: stereoisomers get different bits. */
  chirality: boolean;
}

export const DEFAULT_MORGAN: MorganParams = { radius: 2, bits: FP_BITS, chirality: false };

const bitsCache = new LruCache<string, Uint16Array>(100_000);

const bitsKey = (params: MorganParams, smiles: string) =>
  `${params.radius}|${params.bits}|${params.chirality ? 1 : 0}|${smiles}`;

/** Set bits (ascending) of a Morgan fingerprint with these settings; empty when the SMILES does not parse. */
export function morganOnBits(smiles: string, params: MorganParams): Uint16Array {
  const key = bitsKey(params, smiles);
  let bits = bitsCache.get(key);
  if (!bits) {
    bits = withScope((own) => {
      const mol = own(readMol(smiles, JSON.stringify({ assignCIPLabels: false })));
      return mol ? onBitsOf(mol, params) : new Uint16Array(0);
    });
    bitsCache.set(key, bits);
  }
  return bits;
}

/**
 * Fingerprint settings taken whenever a molecule is canonicalized: its RDKit
 * molecule is at hand then, and parsing it again later costs more than the
 * fingerprint itself (the feasibility filter asks for every new precursor).
 */
const precomputed: MorganParams[] = [];

export function precomputeOnBits(params: MorganParams): void {
  const same = (p: MorganParams) =>
    p.radius === params.radius && p.bits === params.bits && p.chirality === params.chirality;
  if (!precomputed.some(same)) precomputed.push({ ...params });
}

/** Called by canonicalization with the parsed molecule and its canonical SMILES. */
export function rememberOnBits(mol: JSMol, canonical: string): void {
  for (const params of precomputed)
    bitsCache.set(bitsKey(params, canonical), onBitsOf(mol, params));
}

function onBitsOf(mol: JSMol, params: MorganParams): Uint16Array {
  const details = JSON.stringify({
    radius: params.radius,
    nBits: params.bits,
    ...(params.chirality ? { useChirality: true } : {}),
  });
  const bytes = mol.get_morgan_fp_as_uint8array(details) as Uint8Array;
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    let x = bytes[i];
    while (x) {
      const low = x & -x;
      out.push(i * 8 + 31 - Math.clz32(low));
      x ^= low;
    }
  }
  return Uint16Array.from(out);
}

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export function bitCount(fp: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < fp.length; i++) n += popcount32(fp[i]);
  return n;
}

export function tanimoto(a: Uint32Array, b: Uint32Array): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i++) {
    both += popcount32(a[i] & b[i]);
    either += popcount32(a[i] | b[i]);
  }
  return either === 0 ? 0 : both / either;
}

/** Indices of the set bits, ascending. */
export function onBits(fp: Uint32Array): number[] {
  const out: number[] = [];
  for (let w = 0; w < fp.length; w++) {
    let x = fp[w];
    while (x) {
      const low = x & -x;
      out.push(w * 32 + 31 - Math.clz32(low));
      x ^= low;
    }
  }
  return out;
}
