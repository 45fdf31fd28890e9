/**
 * A molecule prepared for substructure matching: per-atom invariants in flat
 * arrays, an adjacency matrix of bond indices, and ring information computed
 * on first use (most templates never ask for it).
 */
import { BondOrder, Mol } from './graph.js';
import { findRings } from './rings.js';

export class MatchTarget {
  readonly n: number;
  readonly element: Uint8Array;
  readonly aromatic: Uint8Array;
  readonly charge: Int8Array;
  readonly totalH: Uint8Array;
  readonly degree: Uint8Array;
  readonly isotope: Uint16Array;
  /** bondAt[i * n + j] = bond index + 1, or 0 when i and j are not bonded. */
  readonly bondAt: Int32Array;
  readonly bondOrder: Uint8Array;
  private ringData?: RingData;

  constructor(readonly mol: Mol) {
    const n = (this.n = mol.atoms.length);
    this.element = new Uint8Array(n);
    this.aromatic = new Uint8Array(n);
    this.charge = new Int8Array(n);
    this.totalH = new Uint8Array(n);
    this.degree = new Uint8Array(n);
    this.isotope = new Uint16Array(n);
    this.bondAt = new Int32Array(n * n);
    this.bondOrder = new Uint8Array(mol.bonds.length);
    for (let i = 0; i < n; i++) {
      const a = mol.atoms[i];
      this.element[i] = a.element;
      this.aromatic[i] = a.aromatic ? 1 : 0;
      this.charge[i] = a.charge;
      this.totalH[i] = mol.totalHydrogens(i);
      this.degree[i] = a.bonds.length;
      this.isotope[i] = a.isotope;
    }
    mol.bonds.forEach((b, bi) => {
      this.bondAt[b.begin * n + b.end] = bi + 1;
      this.bondAt[b.end * n + b.begin] = bi + 1;
      this.bondOrder[bi] = b.order;
    });
  }

  get rings(): RingData {
    this.ringData ??= computeRingData(this.mol);
    return this.ringData;
  }

  /** Sum of bond orders (aromatic counted 1.5, rounded) plus hydrogens: SMARTS 'v'. */
  valence(i: number): number {
    let v = 0;
    for (const bi of this.mol.atoms[i].bonds) {
      const o = this.bondOrder[bi];
      v += o === BondOrder.Aromatic ? 1.5 : o;
    }
    return Math.round(v) + this.totalH[i];
  }
}

export interface RingData {
  /** Number of smallest rings containing each atom. */
  atomRingCount: Uint8Array;
  /** Size of the smallest ring containing each atom (0 = acyclic). */
  atomSmallestRing: Uint8Array;
  /** Number of ring bonds at each atom. */
  atomRingBonds: Uint8Array;
  bondInRing: Uint8Array;
  /** Smallest rings as atom index lists. */
  rings: number[][];
}

export function computeRingData(mol: Mol): RingData {
  const n = mol.atoms.length;
  const rings = findRings(mol);
  const atomRingCount = new Uint8Array(n);
  const atomSmallestRing = new Uint8Array(n);
  const atomRingBonds = new Uint8Array(n);
  const bondInRing = new Uint8Array(mol.bonds.length);
  for (const ring of rings) {
    for (let k = 0; k < ring.length; k++) {
      const a = ring[k];
      atomRingCount[a]++;
      if (!atomSmallestRing[a] || ring.length < atomSmallestRing[a])
        atomSmallestRing[a] = ring.length;
      const bi = mol.bondBetween(a, ring[(k + 1) % ring.length]);
      if (bi >= 0) bondInRing[bi] = 1;
    }
  }
  mol.bonds.forEach((b, bi) => {
    if (bondInRing[bi]) {
      atomRingBonds[b.begin]++;
      atomRingBonds[b.end]++;
    }
  });
  return { atomRingCount, atomSmallestRing, atomRingBonds, bondInRing, rings };
}
