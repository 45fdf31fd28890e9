/**
 * Ring perception for graphs RDKit has not seen (molecules prepared from
 * RDKit SMILES take RDKit's own rings instead, see rdkit-rings.ts). It aims at
 * RDKit's ring set, a symmetrized SSSR: every shortest cycle through each ring
 * bond is a candidate; candidates are taken smallest first while they stay
 * linearly independent (over GF(2) on bond sets) until the cyclomatic number
 * is reached; then a candidate left out joins when it could stand in for a
 * chosen ring of its size (it shares a bond with it and holds every bond that
 * only that ring covers), so symmetric systems (cubane, adamantane) keep all
 * their equivalent rings.
 */
import { connectedComponents } from './graph.js';

/** What ring perception reads of a graph: a molecule, or a side of a template's query. */
export interface RingGraph {
  readonly atoms: readonly { readonly bonds: readonly number[] }[];
  readonly bonds: readonly { readonly begin: number; readonly end: number }[];
  other(bond: number, atom: number): number;
  neighbors(atom: number): number[];
}

interface Cycle {
  atoms: number[];
  bonds: number[];
}

/** Shortest cycles enumerated per bond at most (highly symmetric cages stay bounded). */
const MAX_CYCLES_PER_BOND = 64;

/** Independent rings of a molecule (its cyclomatic number: bonds - atoms + components). */
export function ringCount(mol: RingGraph): number {
  return (
    mol.bonds.length -
    mol.atoms.length +
    connectedComponents(mol.atoms.length, (a) => mol.neighbors(a)).length
  );
}

export function findRings(mol: RingGraph): number[][] {
  const nBonds = mol.bonds.length;
  if (nBonds < 3) return [];
  const cyclomatic = ringCount(mol);
  if (cyclomatic <= 0) return [];
  const candidates = shortestCycles(mol);
  const words = Math.ceil(nBonds / 32);
  const basis: Uint32Array[] = [];
  const pivots: number[] = [];
  const chosen: Cycle[] = [];
  const left: Cycle[] = [];
  for (const c of candidates) {
    const v = new Uint32Array(words);
    for (const b of c.bonds) v[b >>> 5] |= 1 << (b & 31);
    if (chosen.length < cyclomatic && reduce(v, basis, pivots)) chosen.push(c);
    else left.push(c);
  }
  return [...chosen, ...standIns(chosen, left, nBonds)].map((c) => c.atoms);
}

/** Candidates outside the basis that could replace one of its rings. */
function standIns(chosen: Cycle[], left: Cycle[], nBonds: number): Cycle[] {
  const cover = new Uint16Array(nBonds);
  for (const c of chosen) for (const b of c.bonds) cover[b]++;
  return left.filter((extra) => {
    const has = new Set(extra.bonds);
    return chosen.some(
      (ring) =>
        ring.bonds.length === extra.bonds.length &&
        ring.bonds.some((b) => has.has(b)) &&
        ring.bonds.every((b) => cover[b] > 1 || has.has(b)),
    );
  });
}

/** Every shortest cycle through each ring bond, distinct, smallest first. */
function shortestCycles(mol: RingGraph): Cycle[] {
  const ringBonds = nonBridgeBonds(mol);
  const seen = new Set<string>();
  const cycles: Cycle[] = [];
  for (let bi = 0; bi < mol.bonds.length; bi++) {
    if (!ringBonds[bi]) continue;
    for (const cycle of shortestCyclesThrough(mol, bi, ringBonds)) {
      const key = [...cycle.bonds].sort((a, b) => a - b).join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      cycles.push(cycle);
    }
  }
  return cycles.sort((a, b) => a.bonds.length - b.bonds.length);
}

/** Gaussian elimination step: true (and the vector joins the basis) if independent. */
function reduce(v: Uint32Array, basis: Uint32Array[], pivots: number[]): boolean {
  for (let k = 0; k < basis.length; k++) {
    const p = pivots[k];
    if (v[p >>> 5] & (1 << (p & 31))) for (let w = 0; w < v.length; w++) v[w] ^= basis[k][w];
  }
  for (let w = 0; w < v.length; w++) {
    if (v[w]) {
      const bit = 31 - Math.clz32(v[w] & -v[w]);
      basis.push(v);
      pivots.push(w * 32 + bit);
      return true;
    }
  }
  return false;
}

/** Bonds that lie on some cycle (Tarjan bridges, iterative). */
export function nonBridgeBonds(mol: RingGraph): Uint8Array {
  const n = mol.atoms.length;
  const disc = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const inRing = new Uint8Array(mol.bonds.length).fill(1);
  let time = 0;
  for (let s = 0; s < n; s++) {
    if (disc[s] >= 0) continue;
    const stack: { atom: number; parentBond: number; next: number }[] = [
      { atom: s, parentBond: -1, next: 0 },
    ];
    disc[s] = low[s] = time++;
    while (stack.length) {
      const f = stack[stack.length - 1];
      const bonds = mol.atoms[f.atom].bonds;
      if (f.next < bonds.length) {
        const bi = bonds[f.next++];
        if (bi === f.parentBond) continue;
        const o = mol.other(bi, f.atom);
        if (disc[o] < 0) {
          disc[o] = low[o] = time++;
          stack.push({ atom: o, parentBond: bi, next: 0 });
        } else {
          low[f.atom] = Math.min(low[f.atom], disc[o]);
        }
      } else {
        stack.pop();
        if (stack.length) {
          const p = stack[stack.length - 1];
          low[p.atom] = Math.min(low[p.atom], low[f.atom]);
          if (low[f.atom] > disc[p.atom]) inRing[f.parentBond] = 0;
        }
      }
    }
  }
  return inRing;
}

/**
 * Shortest cycles containing bond `bi`: a BFS from one end that avoids the
 * bond, then every shortest path back from the other end.
 */
function shortestCyclesThrough(mol: RingGraph, bi: number, ringBonds: Uint8Array): Cycle[] {
  const { begin, end } = mol.bonds[bi];
  const dist = new Int32Array(mol.atoms.length).fill(-1);
  dist[begin] = 0;
  const queue = [begin];
  for (let q = 0; q < queue.length && dist[end] < 0; q++) {
    const a = queue[q];
    for (const b of mol.atoms[a].bonds) {
      if (b === bi || !ringBonds[b]) continue;
      const o = mol.other(b, a);
      if (dist[o] >= 0) continue;
      dist[o] = dist[a] + 1;
      queue.push(o);
    }
  }
  if (dist[end] < 0) return [];
  const cycles: Cycle[] = [];
  const atoms: number[] = [];
  const bonds: number[] = [bi];
  const walk = (a: number): void => {
    atoms.push(a);
    if (a === begin) cycles.push({ atoms: [...atoms], bonds: [...bonds] });
    else {
      for (const b of mol.atoms[a].bonds) {
        if (cycles.length >= MAX_CYCLES_PER_BOND) break;
        if (b === bi || !ringBonds[b]) continue;
        const o = mol.other(b, a);
        if (dist[o] !== dist[a] - 1 || dist[o] < 0) continue;
        bonds.push(b);
        walk(o);
        bonds.pop();
      }
    }
    atoms.pop();
  };
  walk(end);
  return cycles;
}
