/**
 * Writing a template graph for one complete atom ranking (canonical.ts
 * chooses the ranking): depth-first from the lowest-ranked atom of each
 * fragment, neighbours in rank order, fragments sorted by their text without
 * map numbers, map numbers renumbered in order of appearance (precursor side
 * first), chirality marks re-expressed for the written neighbour order and
 * cis/trans directions normalized.
 */
import { BondDir, Chirality, invertChirality, permutationParity } from '../chem/graph.js';
import {
  otherAtom,
  statesSingleH,
  TemplateGraph,
  TemplateSide,
  withChirality,
} from './template-graph.js';

/** Placeholder for a map number inside written text: \uE000<node>\uE001. */
const MAP_MARK = /\uE000(\d+)\uE001/g;

export function writeTemplate(
  graph: TemplateGraph,
  ranks: Int32Array,
  offset: number[],
  link: Int32Array,
): string {
  const product = sortFragments(writeSide(graph.product, ranks, 0));
  const reactants = sortFragments(writeSide(graph.reactants, ranks, offset[1]));
  // Map numbers in order of appearance: precursor side first (RDChiral's rule).
  const numbers = new Map<number, number>();
  const identity = (node: number) => (link[node] >= 0 ? Math.min(node, link[node]) : node);
  const assign = (text: string) =>
    text.replace(MAP_MARK, (_, node: string) => {
      const id = identity(Number(node));
      let n = numbers.get(id);
      if (n === undefined) {
        n = numbers.size + 1;
        numbers.set(id, n);
      }
      return String(n);
    });
  const right = assign(reactants.join('.'));
  const left = assign(product.join('.'));
  return `${left}>>${right}`;
}

function sortFragments(fragments: string[]): string[] {
  const bare = (f: string) => f.replace(/:\uE000\d+\uE001/g, '');
  return fragments
    .map((f, i) => ({ f, key: bare(f), i }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i))
    .map((x) => x.f);
}

interface Visit {
  parentBond: number;
  children: number[];
  rings: number[];
  /** Position in writing order. */
  order: number;
}

/** Writes one side as fragments, atoms' map numbers as placeholders (node indices). */
function writeSide(side: TemplateSide, ranks: Int32Array, offset: number): string[] {
  const n = side.atoms.length;
  const rank = (i: number) => ranks[offset + i];
  const visits: (Visit | undefined)[] = new Array(n);
  const roots: number[] = [];
  let counter = 0;
  const atomsByRank = Array.from({ length: n }, (_, i) => i).sort((a, b) => rank(a) - rank(b));
  for (const root of atomsByRank) {
    if (visits[root]) continue;
    roots.push(root);
    visits[root] = { parentBond: -1, children: [], rings: [], order: counter++ };
    const seen = new Set<number>();
    const stack: { atom: number; bonds: number[]; next: number }[] = [
      { atom: root, bonds: bondsByRank(side, root, rank), next: 0 },
    ];
    while (stack.length) {
      const frame = stack[stack.length - 1];
      if (frame.next >= frame.bonds.length) {
        stack.pop();
        continue;
      }
      const bi = frame.bonds[frame.next++];
      if (seen.has(bi)) continue;
      seen.add(bi);
      const nbr = otherAtom(side, bi, frame.atom);
      const visit = visits[nbr];
      if (visit) {
        visit.rings.push(bi);
        (visits[frame.atom] as Visit).rings.push(bi);
        continue;
      }
      (visits[frame.atom] as Visit).children.push(bi);
      visits[nbr] = { parentBond: bi, children: [], rings: [], order: counter++ };
      stack.push({ atom: nbr, bonds: bondsByRank(side, nbr, rank), next: 0 });
    }
  }
  const dirs = normalizeDirections(side, visits as Visit[]);
  return roots.map((root) => emitFragment(side, visits as Visit[], dirs, root, offset));
}

function bondsByRank(side: TemplateSide, atom: number, rank: (i: number) => number): number[] {
  return [...side.atoms[atom].bonds].sort(
    (x, y) => rank(otherAtom(side, x, atom)) - rank(otherAtom(side, y, atom)),
  );
}

/** Neighbours of an atom in the order they are written (parent, ring digits, branches). */
function writtenNeighbours(side: TemplateSide, visits: Visit[], atom: number): number[] {
  const v = visits[atom];
  const bonds =
    v.parentBond >= 0 ? [v.parentBond, ...v.rings, ...v.children] : [...v.rings, ...v.children];
  return bonds.map((b) => otherAtom(side, b, atom));
}

function emitFragment(
  side: TemplateSide,
  visits: Visit[],
  dirs: Map<number, BondDir>,
  root: number,
  offset: number,
): string {
  let out = '';
  const ringDigit = new Map<number, number>();
  const free: number[] = [];
  let nextDigit = 1;
  const stack: (number | string)[] = [root];
  while (stack.length) {
    const item = stack.pop() as number | string;
    if (typeof item === 'string') {
      out += item;
      continue;
    }
    const atom = item;
    const visit = visits[atom];
    out += atomText(side, visits, atom, offset);
    for (const rb of visit.rings) {
      let digit = ringDigit.get(rb);
      if (digit === undefined) {
        free.sort((a, b) => a - b);
        digit = free.length ? (free.shift() as number) : nextDigit++;
        ringDigit.set(rb, digit);
        out += bondText(side, dirs, rb, atom);
      } else {
        ringDigit.delete(rb);
        free.push(digit);
      }
      out += digit < 10 ? String(digit) : `%${digit}`;
    }
    const k = visit.children.length;
    for (let c = k - 1; c >= 0; c--) {
      const bi = visit.children[c];
      if (c < k - 1) stack.push(')');
      stack.push(otherAtom(side, bi, atom));
      stack.push(bondText(side, dirs, bi, atom));
      if (c < k - 1) stack.push('(');
    }
  }
  return out;
}

function bondText(
  side: TemplateSide,
  dirs: Map<number, BondDir>,
  bi: number,
  from: number,
): string {
  const dir = dirs.get(bi);
  if (dir === undefined) return side.bonds[bi].symbol;
  const forward = side.bonds[bi].begin === from;
  const written = forward ? dir : opposite(dir);
  return written === BondDir.Up ? '/' : '\\';
}

function atomText(side: TemplateSide, visits: Visit[], atom: number, offset: number): string {
  const a = side.atoms[atom];
  let text = a.text;
  const chirality = writtenChirality(side, visits, atom);
  if (chirality !== Chirality.None)
    text = withChirality(text, chirality === Chirality.CCW ? '@' : '@@');
  if (a.mapNum) text = `${text.slice(0, -1)}:\uE000${offset + atom}\uE001]`;
  return text;
}

/** The atom's parity re-expressed for the order its neighbours are written in. */
function writtenChirality(side: TemplateSide, visits: Visit[], atom: number): Chirality {
  const a = side.atoms[atom];
  if (a.chirality === Chirality.None) return Chirality.None;
  const H = -1;
  const hasH = statesSingleH(a.text);
  const stored = a.bonds.map((b) => otherAtom(side, b, atom));
  if (hasH) stored.push(H);
  if (stored.length < 3 || stored.length > 4) return Chirality.None;
  const written = writtenNeighbours(side, visits, atom);
  if (hasH) written.splice(visits[atom].parentBond >= 0 ? 1 : 0, 0, H);
  return permutationParity(stored, written) ? invertChirality(a.chirality) : a.chirality;
}

function opposite(dir: BondDir): BondDir {
  return dir === BondDir.Up ? BondDir.Down : BondDir.Up;
}

// ---------------------------------------------------------------- cis/trans directions

interface DirConstraint {
  a: number;
  b: number;
  /** 0: written symbols equal, 1: different. */
  differ: number;
}

/**
 * Chooses which bonds carry '/' or '\' and which way: one bond per end of
 * each stereo double bond (the first written neighbour), values preserving
 * every double bond's cis/trans relation, the first of each system '/'.
 * Returns directions relative to each bond's begin -> end.
 */
function normalizeDirections(side: TemplateSide, visits: Visit[]): Map<number, BondDir> {
  const constraints: DirConstraint[] = [];
  side.bonds.forEach((bond, bi) => {
    if (bond.symbol !== '=') return;
    const c = stereoConstraint(side, visits, bi);
    if (c) constraints.push(c);
  });
  const result = new Map<number, BondDir>();
  if (!constraints.length) return result;
  const byBond = new Map<number, DirConstraint[]>();
  for (const c of constraints) {
    for (const b of [c.a, c.b]) byBond.set(b, [...(byBond.get(b) ?? []), c]);
  }
  // Written value per bond: 0 for '/', 1 for '\' (in writing direction).
  const written = new Map<number, number>();
  for (const bi of bondsInWritingOrder(side, visits)) {
    if (!byBond.has(bi) || written.has(bi)) continue;
    written.set(bi, 0);
    const queue = [bi];
    while (queue.length) {
      const b = queue.shift() as number;
      for (const c of byBond.get(b) ?? []) {
        const other = c.a === b ? c.b : c.a;
        if (written.has(other)) continue;
        written.set(other, (written.get(b) as number) ^ c.differ);
        queue.push(other);
      }
    }
  }
  for (const [bi, value] of written) {
    const bond = side.bonds[bi];
    const from = firstWrittenEnd(visits, bond.begin, bond.end);
    const dirWritten = value === 0 ? BondDir.Up : BondDir.Down;
    result.set(bi, from === bond.begin ? dirWritten : opposite(dirWritten));
  }
  return result;
}

function firstWrittenEnd(visits: Visit[], a: number, b: number): number {
  return visits[a].order < visits[b].order ? a : b;
}

function bondsInWritingOrder(side: TemplateSide, visits: Visit[]): number[] {
  const atoms = side.atoms.map((_, i) => i).sort((x, y) => visits[x].order - visits[y].order);
  return atoms.flatMap((a) => [...visits[a].rings, ...visits[a].children]);
}

/** Constraint between the chosen bonds of a double bond with directions at both ends. */
function stereoConstraint(side: TemplateSide, visits: Visit[], bi: number): DirConstraint | null {
  const { begin: b, end: c } = side.bonds[bi];
  const xb = directedNeighbourBond(side, b, bi);
  const yb = directedNeighbourBond(side, c, bi);
  if (xb < 0 || yb < 0) return null;
  // Stated relation: x/b=c/y is trans when the direction towards b equals the one away from c.
  let trans = towards(side, xb, b) === awayFrom(side, yb, c);
  const fx = firstSingleNeighbour(side, visits, b, c);
  const fy = firstSingleNeighbour(side, visits, c, b);
  if (fx < 0 || fy < 0) return null;
  const fxBond = side.bonds.findIndex(
    (bd) => (bd.begin === b && bd.end === fx) || (bd.begin === fx && bd.end === b),
  );
  const fyBond = side.bonds.findIndex(
    (bd) => (bd.begin === c && bd.end === fy) || (bd.begin === fy && bd.end === c),
  );
  // The other neighbour on the same end lies on the opposite side.
  if (fx !== otherAtom(side, xb, b)) trans = !trans;
  if (fy !== otherAtom(side, yb, c)) trans = !trans;
  // Written symbols s(fx-b) and s(c-fy) read in writing order; convert to "towards b" / "away from c".
  const flipX = visits[b].order < visits[fx].order ? 1 : 0;
  const flipY = visits[fy].order < visits[c].order ? 1 : 0;
  const differ = (trans ? 0 : 1) ^ flipX ^ flipY;
  if (fxBond === fyBond) return null;
  return { a: fxBond, b: fyBond, differ };
}

function isSingle(symbol: string): boolean {
  return symbol === '-' || symbol === '';
}

function directedNeighbourBond(side: TemplateSide, atom: number, skip: number): number {
  for (const b of side.atoms[atom].bonds) {
    if (b !== skip && side.bonds[b].dir !== BondDir.None) return b;
  }
  return -1;
}

function firstSingleNeighbour(
  side: TemplateSide,
  visits: Visit[],
  atom: number,
  skip: number,
): number {
  for (const nbr of writtenNeighbours(side, visits, atom)) {
    if (nbr === skip) continue;
    const bond = side.bonds.find(
      (bd) => (bd.begin === atom && bd.end === nbr) || (bd.begin === nbr && bd.end === atom),
    );
    if (bond && isSingle(bond.symbol)) return nbr;
  }
  return -1;
}

/** Direction of a bond read from its other atom towards `atom`. */
function towards(side: TemplateSide, bi: number, atom: number): BondDir {
  const bond = side.bonds[bi];
  return bond.end === atom ? bond.dir : opposite(bond.dir);
}

/** Direction of a bond read from `atom` outwards. */
function awayFrom(side: TemplateSide, bi: number, atom: number): BondDir {
  const bond = side.bonds[bi];
  return bond.begin === atom ? bond.dir : opposite(bond.dir);
}
