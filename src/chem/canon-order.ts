/**
 * A cheap canonical atom order (invariant refinement with tie breaking) so
 * that the same precursor built by different templates is written as the
 * same string, and RDKit's canonicalization (the expensive part) is looked
 * up in the cache instead of recomputed. The order need not match RDKit's,
 * and hash collisions are harmless: the written string always describes the
 * molecule exactly, so a rare miss only costs a cache miss.
 */
import { Mol } from './graph.js';
import { writeSmiles } from './smiles-writer.js';

/** Writes each connected component in canonical-ish order; returns one string per component. */
export function writeCanonicalFragments(mol: Mol, mapNumbers = false): string[] {
  return writeSmiles(mol, { mapNumbers, ranks: canonicalRanks(mol) }).split('.');
}

export function canonicalRanks(mol: Mol): Int32Array {
  const n = mol.atoms.length;
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = mol.atoms[i];
    let h = a.element;
    h = mix(h, a.aromatic ? 1 : 0);
    h = mix(h, a.charge + 8);
    h = mix(h, a.isotope);
    h = mix(h, a.bonds.length);
    h = mix(h, a.hCount * 2 + (a.noImplicit ? 1 : 0));
    h = mix(h, a.mapNum);
    h = mix(h, a.chirality);
    key[i] = h >>> 0;
  }
  const ranks = new Int32Array(n);
  const order = new Int32Array(n);
  let classes = rankByKey(key, ranks, order);
  for (;;) {
    classes = refine(mol, ranks, order, key, classes);
    if (classes === n) return ranks;
    // Ties left are (nearly always) symmetry-equivalent atoms, so which one
    // goes first does not change the string: take the first and refine again.
    let k = 1;
    while (ranks[order[k]] !== ranks[order[k - 1]]) k++;
    const tied = ranks[order[k]];
    for (let j = 0; j < n; j++) {
      const i = order[j];
      key[i] = ranks[i] * 2 + (ranks[i] > tied || (ranks[i] === tied && j !== k - 1) ? 1 : 0);
    }
    classes = rankByKey(key, ranks, order);
  }
}

/** Iterates neighbour refinement until the number of classes stops growing. */
function refine(
  mol: Mol,
  ranks: Int32Array,
  order: Int32Array,
  key: Float64Array,
  classes: number,
): number {
  const n = ranks.length;
  const nbr = new Int32Array(16);
  for (;;) {
    for (let i = 0; i < n; i++) {
      const bonds = mol.atoms[i].bonds;
      const m = Math.min(bonds.length, 16);
      for (let j = 0; j < m; j++) {
        const bond = mol.bonds[bonds[j]];
        const o = bond.begin === i ? bond.end : bond.begin;
        // insertion sort as we go: neighbour lists are tiny
        const v = ranks[o] * 8 + bond.order;
        let p = j;
        while (p > 0 && nbr[p - 1] > v) {
          nbr[p] = nbr[p - 1];
          p--;
        }
        nbr[p] = v;
      }
      let h = 0x9e3779b9;
      for (let j = 0; j < m; j++) h = mix(h, nbr[j]);
      key[i] = ranks[i] * 4294967296 + (h >>> 0);
    }
    const c = rankByKey(key, ranks, order);
    if (c === classes) return c;
    classes = c;
  }
}

function mix(h: number, v: number): number {
  h ^= v + 0x9e3779b9 + (h << 6) + (h >>> 2);
  return Math.imul(h, 0x85ebca6b) | 0;
}

/** Ranks atoms by key (ties share the lowest position); fills `order` sorted; returns class count. */
function rankByKey(key: Float64Array, ranks: Int32Array, order: Int32Array): number {
  const n = key.length;
  if (n <= 256 && key.every((k) => k < 2 ** 44)) {
    // Pack index into the key so a plain numeric sort (no comparator) orders atoms.
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = key[i] * 256 + i;
    packed.sort();
    for (let k = 0; k < n; k++) order[k] = packed[k] % 256;
  } else {
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => key[a] - key[b] || a - b);
  }
  let classes = 0;
  for (let k = 0; k < n; k++) {
    if (k === 0 || key[order[k]] !== key[order[k - 1]]) {
      classes++;
      ranks[order[k]] = k;
    } else {
      ranks[order[k]] = ranks[order[k - 1]];
    }
  }
  return classes;
}
