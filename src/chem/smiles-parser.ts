/**
 * SMILES reader for the template engine's graph. Input is expected to be
 * RDKit output (canonical SMILES of sanitized molecules), so this parser does
 * no valence checking; it records exactly what the string says, including the
 * neighbour order that tetrahedral parities refer to.
 */
import {
  allowedValences,
  AROMATIC_CAPABLE,
  atomicNumberOf,
  implicitHydrogens,
  ORGANIC_SUBSET,
} from './elements.js';
import { blankAtom, BondDir, BondOrder, Chirality, invertChirality, Mol } from './graph.js';

export class SmilesSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
  }
}

interface PendingBond {
  order: BondOrder | 0;
  dir: BondDir;
}

interface RingOpening {
  atom: number;
  bond: PendingBond;
  /** Index in the opening atom's neighbour-slot list reserved for the ring bond. */
  slot: number;
}

const ORGANIC_TWO_LETTER = ['Cl', 'Br'];
const ORGANIC_ONE_LETTER = 'BCNOPSFI';
const AROMATIC_ORGANIC = 'bcnops';

/** Neighbour slots per atom: bond indices, or -1 while a ring bond is pending. */
type Slots = number[][];

export function parseSmiles(smiles: string): Mol {
  return new SmilesReader(smiles).read();
}

class SmilesReader {
  private pos = 0;
  private readonly mol = new Mol();
  private readonly slots: Slots = [];
  /** Whether each atom was reached from an earlier atom in the chain (not after '.' or first). */
  private readonly hasPredecessor: boolean[] = [];
  private readonly rings = new Map<number, RingOpening>();
  private readonly bracket: boolean[] = [];

  constructor(private readonly s: string) {}

  read(): Mol {
    const stack: number[] = [];
    let prev = -1;
    let pending: PendingBond = { order: 0, dir: BondDir.None };
    let expectAtom = true;
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (c === '(') {
        if (prev < 0) throw new SmilesSyntaxError('branch without atom', this.pos);
        stack.push(prev);
        this.pos++;
        continue;
      }
      if (c === ')') {
        if (stack.length === 0) throw new SmilesSyntaxError('unbalanced )', this.pos);
        prev = stack.pop() as number;
        this.pos++;
        continue;
      }
      if (c === '.') {
        prev = -1;
        this.pos++;
        expectAtom = true;
        continue;
      }
      const bond = this.readBondSymbol();
      if (bond) {
        pending = bond;
        continue;
      }
      if (c === '%' || (c >= '0' && c <= '9')) {
        if (prev < 0) throw new SmilesSyntaxError('ring closure without atom', this.pos);
        this.ringClosure(prev, this.readRingNumber(), pending);
        pending = { order: 0, dir: BondDir.None };
        continue;
      }
      const atom = this.readAtom();
      if (prev >= 0) this.connect(prev, atom, pending);
      pending = { order: 0, dir: BondDir.None };
      prev = atom;
      expectAtom = false;
    }
    if (stack.length) throw new SmilesSyntaxError('unclosed branch', this.pos);
    if (this.rings.size) throw new SmilesSyntaxError('unclosed ring', this.pos);
    if (expectAtom && this.mol.atoms.length > 0)
      throw new SmilesSyntaxError('dangling dot', this.pos);
    this.finish();
    return this.mol;
  }

  private readBondSymbol(): PendingBond | null {
    const c = this.s[this.pos];
    let bond: PendingBond | null = null;
    if (c === '-') bond = { order: BondOrder.Single, dir: BondDir.None };
    else if (c === '=') bond = { order: BondOrder.Double, dir: BondDir.None };
    else if (c === '#') bond = { order: BondOrder.Triple, dir: BondDir.None };
    else if (c === ':') bond = { order: BondOrder.Aromatic, dir: BondDir.None };
    else if (c === '/') bond = { order: BondOrder.Single, dir: BondDir.Up };
    else if (c === '\\') bond = { order: BondOrder.Single, dir: BondDir.Down };
    else if (c === '$') throw new SmilesSyntaxError('quadruple bonds are not supported', this.pos);
    if (bond) this.pos++;
    return bond;
  }

  private readRingNumber(): number {
    if (this.s[this.pos] === '%') {
      if (this.s[this.pos + 1] === '(') {
        const close = this.s.indexOf(')', this.pos);
        if (close < 0) throw new SmilesSyntaxError('bad ring number', this.pos);
        const n = Number(this.s.slice(this.pos + 2, close));
        this.pos = close + 1;
        return n;
      }
      const n = Number(this.s.slice(this.pos + 1, this.pos + 3));
      if (!Number.isInteger(n)) throw new SmilesSyntaxError('bad ring number', this.pos);
      this.pos += 3;
      return n;
    }
    return Number(this.s[this.pos++]);
  }

  private ringClosure(atom: number, ring: number, bond: PendingBond): void {
    const open = this.rings.get(ring);
    if (!open) {
      this.slots[atom].push(-1);
      this.rings.set(ring, { atom, bond, slot: this.slots[atom].length - 1 });
      return;
    }
    this.rings.delete(ring);
    if (open.atom === atom) throw new SmilesSyntaxError('ring bond to itself', this.pos);
    // The bond symbol may be written at either end; a direction written at the
    // closing end describes closing atom -> opening atom.
    let begin = open.atom;
    let end = atom;
    let spec = open.bond;
    if (bond.order !== 0) {
      spec = bond;
      if (bond.dir !== BondDir.None) {
        begin = atom;
        end = open.atom;
      }
    }
    const order = spec.order || this.defaultOrder(open.atom, atom);
    const idx = this.pushBond(begin, end, order, spec.dir);
    this.slots[open.atom][open.slot] = idx;
    this.slots[atom].push(idx);
  }

  private connect(prev: number, atom: number, bond: PendingBond): void {
    const order = bond.order || this.defaultOrder(prev, atom);
    const idx = this.pushBond(prev, atom, order, bond.dir);
    this.slots[prev].push(idx);
    this.slots[atom].push(idx);
    this.hasPredecessor[atom] = true;
  }

  private pushBond(begin: number, end: number, order: BondOrder, dir: BondDir): number {
    this.mol.bonds.push({ begin, end, order, dir });
    return this.mol.bonds.length - 1;
  }

  private defaultOrder(a: number, b: number): BondOrder {
    return this.mol.atoms[a].aromatic && this.mol.atoms[b].aromatic
      ? BondOrder.Aromatic
      : BondOrder.Single;
  }

  private newAtom(element: number, aromatic: boolean, bracket: boolean): number {
    const atom = blankAtom(element);
    atom.aromatic = aromatic;
    atom.noImplicit = bracket;
    const idx = this.mol.addAtom(atom);
    this.slots.push([]);
    this.hasPredecessor.push(false);
    this.bracket.push(bracket);
    return idx;
  }

  private readAtom(): number {
    const s = this.s;
    const c = s[this.pos];
    if (c === '[') return this.readBracketAtom();
    if (c === '*') {
      this.pos++;
      return this.newAtom(0, false, false);
    }
    const two = s.slice(this.pos, this.pos + 2);
    if (ORGANIC_TWO_LETTER.includes(two)) {
      this.pos += 2;
      return this.newAtom(atomicNumberOf(two) as number, false, false);
    }
    if (ORGANIC_ONE_LETTER.includes(c)) {
      this.pos++;
      return this.newAtom(atomicNumberOf(c) as number, false, false);
    }
    if (AROMATIC_ORGANIC.includes(c)) {
      this.pos++;
      return this.newAtom(atomicNumberOf(c.toUpperCase()) as number, true, false);
    }
    throw new SmilesSyntaxError(`unexpected character '${c}'`, this.pos);
  }

  private readBracketAtom(): number {
    const s = this.s;
    const start = this.pos;
    this.pos++;
    let isotope = 0;
    while (s[this.pos] >= '0' && s[this.pos] <= '9') isotope = isotope * 10 + Number(s[this.pos++]);
    let element: number | undefined;
    let aromatic = false;
    if (s[this.pos] === '*') {
      element = 0;
      this.pos++;
    } else {
      const two = s.slice(this.pos, this.pos + 2);
      const one = s[this.pos];
      if (/^[A-Z][a-z]$/.test(two) && atomicNumberOf(two) !== undefined) {
        element = atomicNumberOf(two);
        this.pos += 2;
      } else if (/^[A-Z]$/.test(one) && atomicNumberOf(one) !== undefined) {
        element = atomicNumberOf(one);
        this.pos += 1;
      } else if (/^(se|as|te)$/.test(two)) {
        element = atomicNumberOf(two[0].toUpperCase() + two[1]);
        aromatic = true;
        this.pos += 2;
      } else if (
        /^[a-z]$/.test(one) &&
        AROMATIC_CAPABLE.has(atomicNumberOf(one.toUpperCase()) ?? -1)
      ) {
        element = atomicNumberOf(one.toUpperCase());
        aromatic = true;
        this.pos += 1;
      }
    }
    if (element === undefined) throw new SmilesSyntaxError('unknown element', this.pos);
    const idx = this.newAtom(element, aromatic, true);
    const atom = this.mol.atoms[idx];
    atom.isotope = isotope;
    if (s[this.pos] === '@') {
      this.pos++;
      atom.chirality = Chirality.CCW;
      if (s[this.pos] === '@') {
        this.pos++;
        atom.chirality = Chirality.CW;
      } else if (s.startsWith('TH1', this.pos)) {
        this.pos += 3;
      } else if (s.startsWith('TH2', this.pos)) {
        this.pos += 3;
        atom.chirality = Chirality.CW;
      } else if (/^(AL|SP|TB|OH)\d+/.test(s.slice(this.pos))) {
        // Non-tetrahedral classes are kept as unspecified.
        this.pos += /^(AL|SP|TB|OH)\d+/.exec(s.slice(this.pos))![0].length;
        atom.chirality = Chirality.None;
      }
    }
    if (s[this.pos] === 'H') {
      this.pos++;
      let h = 1;
      if (s[this.pos] >= '0' && s[this.pos] <= '9') h = Number(s[this.pos++]);
      atom.hCount = h;
    }
    if (s[this.pos] === '+' || s[this.pos] === '-') {
      const sign = s[this.pos] === '+' ? 1 : -1;
      this.pos++;
      let n = 1;
      if (s[this.pos] >= '0' && s[this.pos] <= '9') {
        n = 0;
        while (s[this.pos] >= '0' && s[this.pos] <= '9') n = n * 10 + Number(s[this.pos++]);
      } else {
        while (s[this.pos] === (sign > 0 ? '+' : '-')) {
          n++;
          this.pos++;
        }
      }
      atom.charge = sign * n;
    }
    if (s[this.pos] === ':') {
      this.pos++;
      let m = 0;
      while (s[this.pos] >= '0' && s[this.pos] <= '9') m = m * 10 + Number(s[this.pos++]);
      atom.mapNum = m;
    }
    if (s[this.pos] !== ']')
      throw new SmilesSyntaxError(`bad bracket atom ${s.slice(start, this.pos + 1)}`, this.pos);
    this.pos++;
    return idx;
  }

  private finish(): void {
    const mol = this.mol;
    for (let i = 0; i < mol.atoms.length; i++) {
      const atom = mol.atoms[i];
      atom.bonds = this.slots[i];
      if (atom.chirality !== Chirality.None && atom.hCount === 1) {
        // SMILES puts a bracket H right after the predecessor; we keep it last.
        const hPos = this.hasPredecessor[i] ? 1 : 0;
        const n = atom.bonds.length + 1;
        if ((n - 1 - hPos) % 2 === 1) atom.chirality = invertChirality(atom.chirality);
      }
      if (!this.bracket[i]) atom.implicitH = computeImplicitH(mol, i);
    }
  }
}

/** Implicit hydrogens of an unbracketed atom, following SMILES/RDKit conventions. */
export function computeImplicitH(mol: Mol, idx: number): number {
  const atom = mol.atoms[idx];
  if (atom.element === 0 || !ORGANIC_SUBSET.has(atom.element)) return 0;
  let valence = 0;
  for (const bi of atom.bonds) {
    const order = mol.bonds[bi].order;
    valence += order === BondOrder.Aromatic ? 1 : order;
  }
  valence += atom.hCount;
  if (atom.aromatic) {
    // RDKit gives aromatic atoms hydrogens only up to their first allowed valence
    // (thiophene s has none, although sulfur also allows 4 and 6).
    const first = allowedValences(atom.element, atom.charge)[0];
    return first === undefined ? 0 : Math.max(0, first - valence - 1);
  }
  const h = implicitHydrogens(atom.element, atom.charge, valence);
  return h < 0 ? 0 : h;
}
