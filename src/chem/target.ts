/**
 * A molecule prepared for substructure matching: per-atom invariants in flat
 * arrays, an adjacency matrix of bond indices, and ring information computed
 * on first use (most templates never ask for it). Which atoms and bonds are in
 * rings does not depend on the ring set; ring counts and sizes do, so they come
 * from RDKit when the caller can ask it (its SMARTS semantics are defined on
 * its own ring set).
 */
import { BondOrder, Mol } from './graph.js';
import { findRings, nonBridgeBonds } from './rings.js';

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
  private ringBondData?: RingBonds;
  private ringSetData?: RingSet;

  /**
   * @param ringSource the molecule's rings as RDKit perceives them (its
   *   symmetrized SSSR), asked once, when a query first needs ring counts or
   *   sizes; without it, or when it gives null, rings are perceived here.
   */
  constructor(
    readonly mol: Mol,
    private readonly ringSource?: () => number[][] | null,
  ) {
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

  /** Ring bonds and ring atoms: the same for every ring set, so computed here. */
  get ringBonds(): RingBonds {
    this.ringBondData ??= ringBondsOf(this.mol);
    return this.ringBondData;
  }

  /** Ring counts and smallest ring sizes per atom (SMARTS R<n>, r<n>), from the ring set. */
  get ringSet(): RingSet {
    this.ringSetData ??= ringSetOf(this.n, this.ringSource?.() ?? findRings(this.mol));
    return this.ringSetData;
  }

  /** Order of the bond between atoms i and j (0: not bonded). */
  orderBetween(i: number, j: number): number {
    const b = this.bondAt[i * this.n + j];
    return b ? this.bondOrder[b - 1] : 0;
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

export interface RingBonds {
  /** 1 for a bond on a cycle (SMARTS '@'). */
  bondInRing: Uint8Array;
  /** Ring bonds at each atom (SMARTS x<n>; 0 = not in a ring). */
  atomRingBonds: Uint8Array;
}

export interface RingSet {
  /** The rings as atom index lists, in the order RDKit lists them when it gave them. */
  rings: number[][];
  /** Rings of the set containing each atom (SMARTS R<n>). */
  atomRingCount: Uint8Array;
  /** Size of the smallest ring of the set containing each atom, 0 when none (SMARTS r<n>). */
  atomSmallestRing: Uint8Array;
}

function ringBondsOf(mol: Mol): RingBonds {
  const bondInRing = nonBridgeBonds(mol);
  const atomRingBonds = new Uint8Array(mol.atoms.length);
  mol.bonds.forEach((b, bi) => {
    if (bondInRing[bi]) {
      atomRingBonds[b.begin]++;
      atomRingBonds[b.end]++;
    }
  });
  return { bondInRing, atomRingBonds };
}

function ringSetOf(atomCount: number, rings: number[][]): RingSet {
  const atomRingCount = new Uint8Array(atomCount);
  const atomSmallestRing = new Uint8Array(atomCount);
  for (const ring of rings) {
    for (const a of ring) {
      atomRingCount[a]++;
      if (!atomSmallestRing[a] || ring.length < atomSmallestRing[a])
        atomSmallestRing[a] = ring.length;
    }
  }
  return { rings, atomRingCount, atomSmallestRing };
}
