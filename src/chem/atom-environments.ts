/**
 * Per-atom circular environments (the identifiers behind a Morgan
 * fingerprint, kept per atom instead of folded into bits): environment r of
 * an atom hashes its own invariants and, round by round, the sorted
 * (bond order, environment r-1) pairs of its neighbours. Two atoms with equal
 * identifiers at radius r look alike out to r bonds, which is what a
 * reaction-centre model needs to recognise a site it has seen before.
 */
import { Mol } from './graph.js';

/** 32-bit FNV-1a over small integers. */
function hashInts(values: number[]): number {
  let h = 0x811c9dc5;
  for (const v of values) {
    h ^= v & 0xffff;
    h = Math.imul(h, 0x01000193);
    h ^= v >>> 16;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Environment identifiers per radius: result[r][atom], r = 0..radius.
 * Radius 0 is element, aromaticity, charge, hydrogens and degree.
 */
export function atomEnvironments(mol: Mol, radius: number): Uint32Array[] {
  const n = mol.atoms.length;
  const first = new Uint32Array(n);
  mol.atoms.forEach((a, i) => {
    const hydrogens = a.hCount + a.implicitH;
    first[i] = hashInts([a.element, a.aromatic ? 1 : 0, a.charge + 8, hydrogens, a.bonds.length]);
  });
  const rounds = [first];
  for (let r = 1; r <= radius; r++) {
    const previous = rounds[r - 1];
    const next = new Uint32Array(n);
    mol.atoms.forEach((a, i) => {
      const around = a.bonds
        .map((b) => {
          const bond = mol.bonds[b];
          const other = bond.begin === i ? bond.end : bond.begin;
          return [bond.order, previous[other]];
        })
        .sort((x, y) => x[0] - y[0] || x[1] - y[1])
        .flat();
      next[i] = hashInts([r, previous[i], ...around]);
    });
    rounds.push(next);
  }
  return rounds;
}
