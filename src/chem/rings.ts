/**
 * Smallest set of smallest rings: for every ring bond the shortest cycle
 * through it is a candidate; candidates are taken smallest first while they
 * stay linearly independent (over GF(2) on bond sets) until the cyclomatic
 * number is reached.
 */
import { Mol } from './graph.js';

export function findRings(mol: Mol): number[][] {
  const nBonds = mol.bonds.length;
  const nAtoms = mol.atoms.length;
  if (nBonds < 3) return [];
  const cyclomatic = nBonds - nAtoms + countComponents(mol);
  if (cyclomatic <= 0) return [];
  const ringBonds = nonBridgeBonds(mol);
  const candidates: { atoms: number[]; bonds: number[] }[] = [];
  const seen = new Set<string>();
  for (let bi = 0; bi < nBonds; bi++) {
    if (!ringBonds[bi]) continue;
    const cycle = shortestCycleThrough(mol, bi, ringBonds);
    if (!cycle) continue;
    const key = [...cycle.bonds].sort((a, b) => a - b).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    candidates.push(cycle);
  }
  candidates.sort((a, b) => a.bonds.length - b.bonds.length);
  const words = Math.ceil(nBonds / 32);
  const basis: Uint32Array[] = [];
  const pivots: number[] = [];
  const chosen: number[][] = [];
  for (const c of candidates) {
    if (chosen.length >= cyclomatic) break;
    const v = new Uint32Array(words);
    for (const b of c.bonds) v[b >>> 5] |= 1 << (b & 31);
    if (reduce(v, basis, pivots)) chosen.push(c.atoms);
  }
  return chosen;
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

function countComponents(mol: Mol): number {
  const seen = new Uint8Array(mol.atoms.length);
  let components = 0;
  for (let s = 0; s < mol.atoms.length; s++) {
    if (seen[s]) continue;
    components++;
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      const a = stack.pop() as number;
      for (const bi of mol.atoms[a].bonds) {
        const o = mol.other(bi, a);
        if (!seen[o]) {
          seen[o] = 1;
          stack.push(o);
        }
      }
    }
  }
  return components;
}

/** Bonds that lie on some cycle (Tarjan bridges, iterative). */
export function nonBridgeBonds(mol: Mol): Uint8Array {
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

/** Shortest cycle containing bond `bi`: BFS from one end to the other avoiding that bond. */
function shortestCycleThrough(
  mol: Mol,
  bi: number,
  ringBonds: Uint8Array,
): { atoms: number[]; bonds: number[] } | null {
  const { begin, end } = mol.bonds[bi];
  const prevBond = new Int32Array(mol.atoms.length).fill(-2);
  prevBond[begin] = -1;
  const queue = [begin];
  for (let q = 0; q < queue.length; q++) {
    const a = queue[q];
    if (a === end) break;
    for (const b of mol.atoms[a].bonds) {
      if (b === bi || !ringBonds[b]) continue;
      const o = mol.other(b, a);
      if (prevBond[o] !== -2) continue;
      prevBond[o] = b;
      queue.push(o);
    }
  }
  if (prevBond[end] === -2) return null;
  const atoms: number[] = [];
  const bonds: number[] = [bi];
  let a = end;
  while (a !== begin) {
    atoms.push(a);
    const b = prevBond[a];
    bonds.push(b);
    a = mol.other(b, a);
  }
  atoms.push(begin);
  return { atoms, bonds };
}
