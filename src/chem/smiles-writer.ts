/**
 * Writes a graph as (non-canonical) SMILES for RDKit to sanitize and
 * canonicalize. Every stereo parity and bond direction is re-expressed for the
 * order in which atoms are written.
 */
import { elementSymbol, ORGANIC_SUBSET } from './elements.js';
import { BondDir, BondOrder, Chirality, invertChirality, Mol, permutationParity } from './graph.js';
import { computeImplicitH } from './smiles-parser.js';

const H_SLOT = -1;

export interface WriteOptions {
  /** Write atom map numbers (default true). */
  mapNumbers?: boolean;
  /** Traversal priority per atom (lower first); default is atom index order. */
  ranks?: Int32Array;
}

export function writeSmiles(mol: Mol, options: WriteOptions = {}): string {
  return new SmilesWriter(mol, options.mapNumbers ?? true, options.ranks).write();
}

interface Visit {
  parentBond: number;
  children: number[]; // bond indices to tree children, in visiting order
  rings: number[]; // ring-closure bond indices in the order their digits are written
}

class SmilesWriter {
  private readonly visits: (Visit | undefined)[];
  private readonly ringDigit = new Map<number, number>();
  private readonly freeDigits: number[] = [];
  private nextDigit = 1;
  private out = '';

  constructor(
    private readonly mol: Mol,
    private readonly writeMaps: boolean,
    private readonly ranks?: Int32Array,
  ) {
    this.visits = new Array(mol.atoms.length);
  }

  write(): string {
    const parts: string[] = [];
    const n = this.mol.atoms.length;
    const atoms = Array.from({ length: n }, (_, i) => i);
    const ranks = this.ranks;
    if (ranks) atoms.sort((a, b) => ranks[a] - ranks[b]);
    for (const i of atoms) {
      if (this.visits[i]) continue;
      this.plan(i);
      this.out = '';
      this.emit(i);
      parts.push(this.out);
    }
    return parts.join('.');
  }

  /** Depth-first pass deciding tree bonds and ring closures (iterative to survive big molecules). */
  private plan(root: number): void {
    const mol = this.mol;
    const seenBond = new Set<number>();
    this.visits[root] = { parentBond: -1, children: [], rings: [] };
    const stack: { atom: number; bonds: number[]; next: number }[] = [
      { atom: root, bonds: this.traversalBonds(root), next: 0 },
    ];
    while (stack.length) {
      const frame = stack[stack.length - 1];
      const bonds = frame.bonds;
      if (frame.next >= bonds.length) {
        stack.pop();
        continue;
      }
      const bi = bonds[frame.next++];
      if (seenBond.has(bi)) continue;
      seenBond.add(bi);
      const nbr = mol.other(bi, frame.atom);
      const visit = this.visits[nbr];
      if (visit) {
        // Back edge: digit opens at the earlier atom and closes here.
        visit.rings.push(bi);
        (this.visits[frame.atom] as Visit).rings.push(bi);
        continue;
      }
      (this.visits[frame.atom] as Visit).children.push(bi);
      this.visits[nbr] = { parentBond: bi, children: [], rings: [] };
      stack.push({ atom: nbr, bonds: this.traversalBonds(nbr), next: 0 });
    }
  }

  /** Bonds of an atom in traversal order: by neighbour rank when ranks are given. */
  private traversalBonds(atom: number): number[] {
    const bonds = this.mol.atoms[atom].bonds;
    const ranks = this.ranks;
    if (!ranks || bonds.length < 2) return bonds;
    const mol = this.mol;
    return [...bonds].sort((x, y) => ranks[mol.other(x, atom)] - ranks[mol.other(y, atom)]);
  }

  private emit(root: number): void {
    const stack: (number | string)[] = [root];
    // Work list of atoms to write and literal tokens ('(' / ')' and bond text).
    while (stack.length) {
      const item = stack.pop() as number | string;
      if (typeof item === 'string') {
        this.out += item;
        continue;
      }
      const atom = item;
      const visit = this.visits[atom] as Visit;
      this.out += this.atomText(atom, visit);
      for (const rb of visit.rings) this.out += this.ringText(atom, rb);
      const n = visit.children.length;
      for (let k = n - 1; k >= 0; k--) {
        const bi = visit.children[k];
        const child = this.mol.other(bi, atom);
        if (k < n - 1) stack.push(')');
        stack.push(child);
        stack.push(this.bondText(bi, atom, child));
        if (k < n - 1) stack.push('(');
      }
    }
  }

  private ringText(atom: number, bondIdx: number): string {
    let digit = this.ringDigit.get(bondIdx);
    let text = '';
    if (digit === undefined) {
      digit = this.freeDigits.length ? (this.freeDigits.shift() as number) : this.nextDigit++;
      this.freeDigits.sort((a, b) => a - b);
      this.ringDigit.set(bondIdx, digit);
      text = this.bondText(bondIdx, atom, this.mol.other(bondIdx, atom));
    } else {
      this.ringDigit.delete(bondIdx);
      this.freeDigits.push(digit);
      this.freeDigits.sort((a, b) => a - b);
    }
    return text + (digit < 10 ? String(digit) : `%${digit}`);
  }

  private bondText(bondIdx: number, from: number, to: number): string {
    const bond = this.mol.bonds[bondIdx];
    const fa = this.mol.atoms[from];
    const ta = this.mol.atoms[to];
    switch (bond.order) {
      case BondOrder.Double:
        return '=';
      case BondOrder.Triple:
        return '#';
      case BondOrder.Aromatic:
        return fa.aromatic && ta.aromatic ? '' : ':';
      default: {
        if (bond.dir !== BondDir.None) {
          const forward = bond.begin === from;
          const dir = forward ? bond.dir : bond.dir === BondDir.Up ? BondDir.Down : BondDir.Up;
          return dir === BondDir.Up ? '/' : '\\';
        }
        return fa.aromatic && ta.aromatic ? '-' : '';
      }
    }
  }

  private atomText(idx: number, visit: Visit): string {
    const atom = this.mol.atoms[idx];
    const hTotal = atom.noImplicit ? atom.hCount : atom.hCount + computeImplicitH(this.mol, idx);
    const symbol = elementSymbol(atom.element);
    const aromaticSymbol = atom.aromatic ? symbol.toLowerCase() : symbol;
    const map = this.writeMaps ? atom.mapNum : 0;
    const needsBracket =
      atom.noImplicit ||
      atom.charge !== 0 ||
      atom.isotope !== 0 ||
      map !== 0 ||
      atom.chirality !== Chirality.None ||
      atom.element === 0 ||
      !ORGANIC_SUBSET.has(atom.element);
    if (!needsBracket) return aromaticSymbol;
    if (atom.element === 0 && !atom.noImplicit && atom.charge === 0 && !map && !atom.isotope)
      return '*';
    let text = '[';
    if (atom.isotope) text += String(atom.isotope);
    text += aromaticSymbol;
    const chir = this.outputChirality(idx, visit, hTotal);
    if (chir === Chirality.CCW) text += '@';
    else if (chir === Chirality.CW) text += '@@';
    if (hTotal > 0) text += hTotal === 1 ? 'H' : `H${hTotal}`;
    if (atom.charge > 0) text += atom.charge === 1 ? '+' : `+${atom.charge}`;
    else if (atom.charge < 0) text += atom.charge === -1 ? '-' : `-${-atom.charge}`;
    if (map) text += `:${map}`;
    return text + ']';
  }

  /** Parity of the stored order re-expressed in written order (parent, H, ring digits, children). */
  private outputChirality(idx: number, visit: Visit, hTotal: number): Chirality {
    const atom = this.mol.atoms[idx];
    if (atom.chirality === Chirality.None) return Chirality.None;
    const hasH = hTotal === 1;
    const stored = atom.bonds.map((b) => this.mol.other(b, idx));
    if (hasH) stored.push(H_SLOT);
    if (stored.length < 3 || stored.length > 4) return Chirality.None;
    const written: number[] = [];
    if (visit.parentBond >= 0) written.push(this.mol.other(visit.parentBond, idx));
    if (hasH) written.push(H_SLOT);
    for (const rb of visit.rings) written.push(this.mol.other(rb, idx));
    for (const cb of visit.children) written.push(this.mol.other(cb, idx));
    if (written.length !== stored.length) return Chirality.None;
    return permutationParity(stored, written) ? invertChirality(atom.chirality) : atom.chirality;
  }
}
