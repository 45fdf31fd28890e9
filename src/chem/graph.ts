/**
 * A light molecular graph used by the template engine. It is built from
 * RDKit-canonical SMILES (so valence and aromaticity are already RDKit's) and
 * edited without any WASM round trips, which is what makes template
 * application fast. Hydrogens are counts on heavy atoms, never atoms.
 */

export const enum BondOrder {
  Single = 1,
  Double = 2,
  Triple = 3,
  Aromatic = 4,
}

/** Direction of a single bond next to a double bond, relative to begin -> end ('/' is Up). */
export const enum BondDir {
  None = 0,
  Up = 1,
  Down = 2,
}

/**
 * Tetrahedral parity relative to the atom's bond order, with an implicit
 * hydrogen (if any) taken as the last neighbour. CCW is SMILES '@'.
 */
export const enum Chirality {
  None = 0,
  CCW = 1,
  CW = 2,
}

export interface Atom {
  element: number;
  aromatic: boolean;
  charge: number;
  isotope: number;
  /** Hydrogens stated explicitly (bracket atoms, or fixed by a template). */
  hCount: number;
  /** When true, `hCount` is the total; otherwise implicit hydrogens come from valence. */
  noImplicit: boolean;
  /** Implicit hydrogens as derived for this graph (0 when noImplicit). */
  implicitH: number;
  mapNum: number;
  chirality: Chirality;
  /** Bond indices in neighbour order; chirality refers to this order. */
  bonds: number[];
}

export interface Bond {
  begin: number;
  end: number;
  order: BondOrder;
  dir: BondDir;
}

export class Mol {
  readonly atoms: Atom[] = [];
  readonly bonds: Bond[] = [];

  addAtom(atom: Omit<Atom, 'bonds'>): number {
    // An explicit literal keeps every atom the same hidden class (spread does not).
    this.atoms.push({
      element: atom.element,
      aromatic: atom.aromatic,
      charge: atom.charge,
      isotope: atom.isotope,
      hCount: atom.hCount,
      noImplicit: atom.noImplicit,
      implicitH: atom.implicitH,
      mapNum: atom.mapNum,
      chirality: atom.chirality,
      bonds: [],
    });
    return this.atoms.length - 1;
  }

  addBond(begin: number, end: number, order: BondOrder, dir: BondDir = BondDir.None): number {
    const idx = this.bonds.length;
    this.bonds.push({ begin, end, order, dir });
    this.atoms[begin].bonds.push(idx);
    this.atoms[end].bonds.push(idx);
    return idx;
  }

  other(bondIdx: number, atomIdx: number): number {
    const b = this.bonds[bondIdx];
    return b.begin === atomIdx ? b.end : b.begin;
  }

  neighbors(atomIdx: number): number[] {
    return this.atoms[atomIdx].bonds.map((b) => this.other(b, atomIdx));
  }

  bondBetween(a: number, b: number): number {
    for (const bi of this.atoms[a].bonds) {
      const bond = this.bonds[bi];
      if ((bond.begin === a && bond.end === b) || (bond.begin === b && bond.end === a)) return bi;
    }
    return -1;
  }

  degree(atomIdx: number): number {
    return this.atoms[atomIdx].bonds.length;
  }

  totalHydrogens(atomIdx: number): number {
    const a = this.atoms[atomIdx];
    return a.hCount + (a.noImplicit ? 0 : a.implicitH);
  }
}

export function blankAtom(element: number): Omit<Atom, 'bonds'> {
  return {
    element,
    aromatic: false,
    charge: 0,
    isotope: 0,
    hCount: 0,
    noImplicit: false,
    implicitH: 0,
    mapNum: 0,
    chirality: Chirality.None,
  };
}

export function oppositeDir(dir: BondDir): BondDir {
  return dir === BondDir.Up ? BondDir.Down : dir === BondDir.Down ? BondDir.Up : BondDir.None;
}

export function invertChirality(c: Chirality): Chirality {
  return c === Chirality.CCW ? Chirality.CW : c === Chirality.CW ? Chirality.CCW : Chirality.None;
}

/** Parity (0 even, 1 odd) of the permutation taking `from` to `to` (same elements). */
export function permutationParity(from: readonly number[], to: readonly number[]): number {
  const pos = new Map<number, number>();
  to.forEach((v, i) => pos.set(v, i));
  const perm = from.map((v) => pos.get(v) as number);
  let parity = 0;
  const seen = new Array<boolean>(perm.length).fill(false);
  for (let i = 0; i < perm.length; i++) {
    if (seen[i]) continue;
    let len = 0;
    for (let j = i; !seen[j]; j = perm[j]) {
      seen[j] = true;
      len++;
    }
    parity ^= (len - 1) & 1;
  }
  return parity;
}

/** Connected components of a graph of `size` atoms, as atom indices (a molecule's or a pattern's). */
export function connectedComponents(
  size: number,
  neighbors: (atom: number) => readonly number[],
): number[][] {
  const seen = new Uint8Array(size);
  const out: number[][] = [];
  for (let start = 0; start < size; start++) {
    if (seen[start]) continue;
    const component: number[] = [];
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const a = stack.pop()!;
      component.push(a);
      for (const b of neighbors(a)) {
        if (seen[b]) continue;
        seen[b] = 1;
        stack.push(b);
      }
    }
    out.push(component);
  }
  return out;
}
