/**
 * SMARTS reader for reaction templates. Atom and bond expressions are compiled
 * to predicates over a MatchTarget; the primitives a template states outright
 * (element, aromaticity, charge, H count, degree, isotope, chirality) are kept
 * separately because template application builds product atoms from them.
 */
import {
  AROMATIC_CAPABLE,
  AROMATIC_ORGANIC_SYMBOLS,
  atomicNumberOf,
  ORGANIC_SYMBOLS,
} from './elements.js';
import { BondDir, BondOrder, Chirality, invertChirality } from './graph.js';
import { MatchTarget } from './target.js';
import { findMatches } from './match.js';

export class SmartsSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
  }
}

export type AtomPredicate = (t: MatchTarget, i: number) => boolean;
export type BondPredicate = (t: MatchTarget, bondIdx: number) => boolean;

export interface QueryAtom {
  match: AtomPredicate;
  /** The atom's SMARTS text without its map number. */
  text: string;
  element?: number;
  aromatic?: boolean;
  charge?: number;
  hCount?: number;
  degree?: number;
  isotope?: number;
  mapNum: number;
  chirality: Chirality;
  bonds: number[];
  /** Atomic numbers this atom can match, or null when any (for screening). */
  elementsAllowed: number[] | null;
}

export interface QueryBond {
  begin: number;
  end: number;
  match: BondPredicate;
  /** Concrete order when the SMARTS states one; 0 = unspecified (single or aromatic). */
  order: BondOrder | 0;
  /** '~' (any bond) */
  any: boolean;
  dir: BondDir;
}

export class QueryMol {
  readonly atoms: QueryAtom[] = [];
  readonly bonds: QueryBond[] = [];

  other(bondIdx: number, atomIdx: number): number {
    const b = this.bonds[bondIdx];
    return b.begin === atomIdx ? b.end : b.begin;
  }

  bondBetween(a: number, b: number): number {
    for (const bi of this.atoms[a].bonds) if (this.other(bi, a) === b) return bi;
    return -1;
  }

  neighbors(atomIdx: number): number[] {
    return this.atoms[atomIdx].bonds.map((b) => this.other(b, atomIdx));
  }
}

// ---------------------------------------------------------------- expressions

type Node =
  | { kind: 'and' | 'or'; children: Node[] }
  | { kind: 'not'; child: Node }
  | { kind: 'prim'; type: PrimType; value: number; aromatic?: boolean; recursive?: QueryMol }
  | { kind: 'range'; type: RangeType; min: number; max: number };

/** Counts that take RDKit's range queries ('D{2-4}', 'r{5-}', 'R{-2}'). */
type RangeType = 'D' | 'X' | 'v' | 'R' | 'r' | 'x';

const COUNTS: Record<RangeType, (t: MatchTarget, i: number) => number> = {
  D: (t, i) => t.degree[i],
  X: (t, i) => t.degree[i] + t.totalH[i],
  v: (t, i) => t.valence(i),
  x: (t, i) => t.ringBonds.atomRingBonds[i],
  R: (t, i) => t.ringSet.atomRingCount[i],
  r: (t, i) => t.ringSet.atomSmallestRing[i],
};

type PrimType =
  | 'element'
  | 'atomicNum'
  | 'aromatic'
  | 'aliphatic'
  | 'any'
  | 'H'
  | 'D'
  | 'X'
  | 'R'
  | 'r'
  | 'v'
  | 'x'
  | 'charge'
  | 'isotope'
  | 'chiral'
  | 'recursive';

function compileNode(node: Node): AtomPredicate {
  switch (node.kind) {
    case 'and': {
      const fs = node.children.map(compileNode);
      if (fs.length === 1) return fs[0];
      if (fs.length === 2) {
        const [a, b] = fs;
        return (t, i) => a(t, i) && b(t, i);
      }
      return (t, i) => {
        for (const f of fs) if (!f(t, i)) return false;
        return true;
      };
    }
    case 'or': {
      const fs = node.children.map(compileNode);
      if (fs.length === 1) return fs[0];
      return (t, i) => {
        for (const f of fs) if (f(t, i)) return true;
        return false;
      };
    }
    case 'not': {
      const f = compileNode(node.child);
      return (t, i) => !f(t, i);
    }
    case 'prim':
      return compilePrimitive(node);
    case 'range': {
      const { min, max } = node;
      const count = COUNTS[node.type];
      return (t, i) => {
        const c = count(t, i);
        return c >= min && c <= max;
      };
    }
  }
}

function compilePrimitive(p: Extract<Node, { kind: 'prim' }>): AtomPredicate {
  const v = p.value;
  switch (p.type) {
    case 'element':
      return p.aromatic
        ? (t, i) => t.element[i] === v && t.aromatic[i] === 1
        : (t, i) => t.element[i] === v && t.aromatic[i] === 0;
    case 'atomicNum':
      return (t, i) => t.element[i] === v;
    case 'aromatic':
      return (t, i) => t.aromatic[i] === 1;
    case 'aliphatic':
      return (t, i) => t.aromatic[i] === 0;
    case 'any':
    case 'chiral':
      return () => true;
    case 'H':
      return (t, i) => t.totalH[i] === v;
    case 'D':
      return (t, i) => t.degree[i] === v;
    case 'X':
      return (t, i) => t.degree[i] + t.totalH[i] === v;
    // RDKit's meanings (the RDKit Book, "SMARTS Support and Extensions"): R<n> is
    // the number of rings of its ring set (the symmetrized SSSR) holding the atom,
    // r<n> the size of the smallest of them, x<n> the number of ring bonds; bare
    // R, r and x mean "in a ring", and 0 means "in no ring", for all three.
    case 'R':
    case 'r':
    case 'x':
      if (v < 0) return (t, i) => t.ringBonds.atomRingBonds[i] > 0;
      if (p.type === 'x' || v === 0) return (t, i) => t.ringBonds.atomRingBonds[i] === v;
      return p.type === 'R'
        ? (t, i) => t.ringSet.atomRingCount[i] === v
        : (t, i) => t.ringSet.atomSmallestRing[i] === v;
    case 'v':
      return (t, i) => t.valence(i) === v;
    case 'charge':
      return (t, i) => t.charge[i] === v;
    case 'isotope':
      return (t, i) => t.isotope[i] === v;
    case 'recursive': {
      const q = p.recursive as QueryMol;
      return (t, i) => findMatches(q, t, { anchor: i, maxMatches: 1 }).length > 0;
    }
  }
}

/** Positive primitives that hold for every match (top-level conjunction). */
function statedPrimitives(node: Node): Extract<Node, { kind: 'prim' }>[] {
  if (node.kind === 'prim') return [node];
  if (node.kind === 'and') return node.children.flatMap(statedPrimitives);
  if (node.kind === 'or' && node.children.length === 1) return statedPrimitives(node.children[0]);
  return [];
}

/** Atomic numbers an expression can match, or null when unconstrained. */
function allowedElements(node: Node): number[] | null {
  if (node.kind === 'prim') {
    if (node.type === 'element' || node.type === 'atomicNum') return [node.value];
    return null;
  }
  if (node.kind === 'not' || node.kind === 'range') return null;
  if (node.kind === 'or') {
    const all: number[] = [];
    for (const c of node.children) {
      const e = allowedElements(c);
      if (!e) return null;
      all.push(...e);
    }
    return [...new Set(all)];
  }
  let result: number[] | null = null;
  for (const c of node.children) {
    const e = allowedElements(c);
    if (!e) continue;
    result = result ? result.filter((x) => e.includes(x)) : e;
  }
  return result;
}

// ---------------------------------------------------------------- reader

const ORGANIC = ORGANIC_SYMBOLS;
const AROMATIC = ['se', 'as', 'te', ...AROMATIC_ORGANIC_SYMBOLS];

export function parseSmarts(smarts: string): QueryMol {
  return new SmartsReader(smarts).read();
}

class SmartsReader {
  private pos = 0;
  private readonly mol = new QueryMol();
  private readonly slots: number[][] = [];
  private readonly hasPredecessor: boolean[] = [];
  private readonly rings = new Map<
    number,
    { atom: number; bond: PendingBond | null; slot: number }
  >();

  constructor(private readonly s: string) {}

  read(): QueryMol {
    const stack: number[] = [];
    let prev = -1;
    let pending: PendingBond | null = null;
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (c === '(') {
        if (prev < 0) throw new SmartsSyntaxError('branch without atom', this.pos);
        stack.push(prev);
        this.pos++;
      } else if (c === ')') {
        if (!stack.length) throw new SmartsSyntaxError('unbalanced )', this.pos);
        prev = stack.pop() as number;
        this.pos++;
      } else if (c === '.') {
        prev = -1;
        this.pos++;
      } else if (c === '%' || (c >= '0' && c <= '9')) {
        if (prev < 0) throw new SmartsSyntaxError('ring closure without atom', this.pos);
        this.ringClosure(prev, this.readRingNumber(), pending);
        pending = null;
      } else if ('-=#:~@/\\!&,;'.includes(c)) {
        pending = this.readBond();
      } else {
        const atom = this.readAtom();
        if (prev >= 0) {
          const bi = this.addBond(prev, atom, pending);
          this.slots[prev].push(bi);
          this.slots[atom].push(bi);
          this.hasPredecessor[atom] = true;
        }
        pending = null;
        prev = atom;
      }
    }
    if (stack.length) throw new SmartsSyntaxError('unclosed branch', this.pos);
    if (this.rings.size) throw new SmartsSyntaxError('unclosed ring', this.pos);
    this.mol.atoms.forEach((a, i) => {
      a.bonds = this.slots[i];
      if (a.chirality !== Chirality.None && a.hCount === 1) {
        // As in SMILES, a stated H sits right after the predecessor; we keep it last.
        const hPos = this.hasPredecessor[i] ? 1 : 0;
        if ((a.bonds.length - hPos) % 2 === 1) a.chirality = invertChirality(a.chirality);
      }
    });
    return this.mol;
  }

  private readRingNumber(): number {
    if (this.s[this.pos] === '%') {
      const n = Number(this.s.slice(this.pos + 1, this.pos + 3));
      this.pos += 3;
      return n;
    }
    return Number(this.s[this.pos++]);
  }

  private ringClosure(atom: number, ring: number, bond: PendingBond | null): void {
    const open = this.rings.get(ring);
    if (!open) {
      this.slots[atom].push(-1);
      this.rings.set(ring, { atom, bond, slot: this.slots[atom].length - 1 });
      return;
    }
    this.rings.delete(ring);
    const spec = bond ?? open.bond;
    const bi = this.addBond(open.atom, atom, spec);
    this.slots[open.atom][open.slot] = bi;
    this.slots[atom].push(bi);
  }

  private addBond(begin: number, end: number, spec: PendingBond | null): number {
    this.mol.bonds.push({
      begin,
      end,
      match: spec?.match ?? singleOrAromatic,
      order: spec?.order ?? 0,
      any: spec?.any ?? false,
      dir: spec?.dir ?? BondDir.None,
    });
    return this.mol.bonds.length - 1;
  }

  // -------------------------------------------------------------- bonds

  private readBond(): PendingBond {
    const start = this.pos;
    while (this.pos < this.s.length && '-=#:~@/\\!&,;'.includes(this.s[this.pos])) this.pos++;
    const text = this.s.slice(start, this.pos);
    return compileBond(text, start);
  }

  // -------------------------------------------------------------- atoms

  private readAtom(): number {
    const s = this.s;
    let text: string;
    let node: Node;
    let mapNum = 0;
    if (s[this.pos] === '[') {
      const end = this.matchingBracket(this.pos);
      let body = s.slice(this.pos + 1, end);
      const mapMatch = /:(\d+)$/.exec(body);
      if (mapMatch && !body.slice(0, mapMatch.index).endsWith('$(')) {
        mapNum = Number(mapMatch[1]);
        body = body.slice(0, mapMatch.index);
      }
      text = `[${body}]`;
      node = new ExpressionReader(body, this.pos + 1).read();
      this.pos = end + 1;
    } else {
      const sym = this.readOrganicSymbol();
      text = sym;
      node = symbolNode(sym, this.pos);
    }
    return this.addAtom(node, text, mapNum);
  }

  private readOrganicSymbol(): string {
    const s = this.s;
    if (s[this.pos] === '*') {
      this.pos++;
      return '*';
    }
    for (const sym of [...ORGANIC, ...AROMATIC, 'a', 'A']) {
      if (s.startsWith(sym, this.pos)) {
        this.pos += sym.length;
        return sym;
      }
    }
    throw new SmartsSyntaxError(`unexpected character '${s[this.pos]}'`, this.pos);
  }

  private matchingBracket(open: number): number {
    let depth = 0;
    for (let i = open; i < this.s.length; i++) {
      const c = this.s[i];
      if (c === '[') depth++;
      else if (c === ']') {
        depth--;
        if (depth === 0) return i;
      }
    }
    throw new SmartsSyntaxError('unclosed [', open);
  }

  private addAtom(node: Node, text: string, mapNum: number): number {
    const atom: QueryAtom = {
      match: compileNode(node),
      text,
      mapNum,
      chirality: Chirality.None,
      bonds: [],
      elementsAllowed: allowedElements(node),
    };
    for (const p of statedPrimitives(node)) {
      switch (p.type) {
        case 'element':
          atom.element = p.value;
          atom.aromatic = !!p.aromatic;
          break;
        case 'atomicNum':
          atom.element = p.value;
          break;
        case 'aromatic':
          atom.aromatic = true;
          break;
        case 'aliphatic':
          atom.aromatic = false;
          break;
        case 'charge':
          atom.charge = p.value;
          break;
        case 'H':
          atom.hCount = p.value;
          break;
        case 'D':
          atom.degree = p.value;
          break;
        case 'isotope':
          atom.isotope = p.value;
          break;
        case 'chiral':
          atom.chirality = p.value === 2 ? Chirality.CW : Chirality.CCW;
          break;
      }
    }
    this.mol.atoms.push(atom);
    this.slots.push([]);
    this.hasPredecessor.push(false);
    return this.mol.atoms.length - 1;
  }
}

function symbolNode(sym: string, pos: number): Node {
  if (sym === '*') return { kind: 'prim', type: 'any', value: 0 };
  if (sym === 'a') return { kind: 'prim', type: 'aromatic', value: 0 };
  if (sym === 'A') return { kind: 'prim', type: 'aliphatic', value: 0 };
  const aromatic = sym[0] === sym[0].toLowerCase();
  const z = atomicNumberOf(aromatic ? sym[0].toUpperCase() + sym.slice(1) : sym);
  if (z === undefined) throw new SmartsSyntaxError(`unknown element ${sym}`, pos);
  return { kind: 'prim', type: 'element', value: z, aromatic };
}

/** Recursive-descent reader for a bracket atom's expression. */
class ExpressionReader {
  private pos = 0;

  constructor(
    private readonly s: string,
    private readonly offset: number,
  ) {}

  read(): Node {
    if (this.s === 'H' || /^\d*H[+-]?\d*$/.test(this.s)) return this.hydrogenAtom();
    const node = this.lowAnd();
    if (this.pos < this.s.length) this.fail(`unexpected '${this.s[this.pos]}'`);
    return node;
  }

  /** '[H]', '[2H]', '[H+]': a hydrogen atom rather than an H-count. */
  private hydrogenAtom(): Node {
    const m = /^(\d*)H([+-]?)(\d*)$/.exec(this.s) as RegExpExecArray;
    const children: Node[] = [{ kind: 'prim', type: 'atomicNum', value: 1 }];
    if (m[1]) children.push({ kind: 'prim', type: 'isotope', value: Number(m[1]) });
    if (m[2]) {
      const n = m[3] ? Number(m[3]) : 1;
      children.push({ kind: 'prim', type: 'charge', value: m[2] === '+' ? n : -n });
    }
    this.pos = this.s.length;
    return { kind: 'and', children };
  }

  private fail(msg: string): never {
    throw new SmartsSyntaxError(msg, this.offset + this.pos);
  }

  private lowAnd(): Node {
    const children = [this.or()];
    while (this.s[this.pos] === ';') {
      this.pos++;
      children.push(this.or());
    }
    return children.length === 1 ? children[0] : { kind: 'and', children };
  }

  private or(): Node {
    const children = [this.highAnd()];
    while (this.s[this.pos] === ',') {
      this.pos++;
      children.push(this.highAnd());
    }
    return children.length === 1 ? children[0] : { kind: 'or', children };
  }

  private highAnd(): Node {
    const children = [this.unary()];
    while (this.pos < this.s.length && !';,]'.includes(this.s[this.pos])) {
      if (this.s[this.pos] === '&') this.pos++;
      children.push(this.unary());
    }
    return children.length === 1 ? children[0] : { kind: 'and', children };
  }

  private unary(): Node {
    if (this.s[this.pos] === '!') {
      this.pos++;
      return { kind: 'not', child: this.unary() };
    }
    return this.primitive();
  }

  private number(): number | undefined {
    const m = /^\d+/.exec(this.s.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private primitive(): Node {
    const s = this.s;
    const c = s[this.pos];
    if (c === undefined) this.fail('expected a primitive');
    if (c >= '0' && c <= '9')
      return { kind: 'prim', type: 'isotope', value: this.number() as number };
    if (c === '$' && s[this.pos + 1] === '(') return this.recursive();
    if (c === '#') {
      this.pos++;
      const n = this.number();
      if (n === undefined) this.fail('expected atomic number');
      return { kind: 'prim', type: 'atomicNum', value: n };
    }
    if (c === '*') {
      this.pos++;
      return { kind: 'prim', type: 'any', value: 0 };
    }
    if (c === '@') {
      this.pos++;
      let v = 1;
      if (s[this.pos] === '@') {
        this.pos++;
        v = 2;
      }
      if (s[this.pos] === '?') this.pos++;
      return { kind: 'prim', type: 'chiral', value: v };
    }
    if (c === '+' || c === '-') return this.charge();
    // Two-letter element symbols first (Cl, Br, Na, ...), then one-letter ones.
    const two = s.slice(this.pos, this.pos + 2);
    if (/^[A-Z][a-z]$/.test(two) && atomicNumberOf(two) !== undefined) {
      this.pos += 2;
      return {
        kind: 'prim',
        type: 'element',
        value: atomicNumberOf(two) as number,
        aromatic: false,
      };
    }
    if (/^(se|as|te)$/.test(two)) {
      this.pos += 2;
      const z = atomicNumberOf(two[0].toUpperCase() + two[1]) as number;
      return { kind: 'prim', type: 'element', value: z, aromatic: true };
    }
    this.pos++;
    switch (c) {
      case 'a':
        return { kind: 'prim', type: 'aromatic', value: 0 };
      case 'A':
        return { kind: 'prim', type: 'aliphatic', value: 0 };
      case 'H':
        return { kind: 'prim', type: 'H', value: this.number() ?? 1 };
      case 'D':
      case 'X':
      case 'v':
        return this.range(c) ?? { kind: 'prim', type: c, value: this.number() ?? 1 };
      case 'R':
      case 'r':
      case 'x':
        return this.range(c) ?? { kind: 'prim', type: c, value: this.number() ?? -1 };
    }
    if (/[A-Z]/.test(c) && atomicNumberOf(c) !== undefined) {
      return { kind: 'prim', type: 'element', value: atomicNumberOf(c) as number, aromatic: false };
    }
    if (/[a-z]/.test(c) && AROMATIC_CAPABLE.has(atomicNumberOf(c.toUpperCase()) ?? -1)) {
      return {
        kind: 'prim',
        type: 'element',
        value: atomicNumberOf(c.toUpperCase()) as number,
        aromatic: true,
      };
    }
    this.pos--;
    this.fail(`unknown primitive '${c}'`);
  }

  /** RDKit's range query after a count primitive: '{2-4}', '{2-}' or '{-4}' (inclusive). */
  private range(type: RangeType): Node | undefined {
    const m = /^\{(\d*)-(\d*)\}/.exec(this.s.slice(this.pos));
    if (!m) {
      if (this.s[this.pos] === '{') this.fail('bad range');
      return undefined;
    }
    if (!m[1] && !m[2]) this.fail('empty range');
    this.pos += m[0].length;
    const min = m[1] ? Number(m[1]) : 0;
    const max = m[2] ? Number(m[2]) : Infinity;
    return { kind: 'range', type, min, max };
  }

  private charge(): Node {
    const sign = this.s[this.pos] === '+' ? 1 : -1;
    this.pos++;
    let n = this.number();
    if (n === undefined) {
      n = 1;
      while (this.s[this.pos] === (sign > 0 ? '+' : '-')) {
        n++;
        this.pos++;
      }
    }
    return { kind: 'prim', type: 'charge', value: sign * n };
  }

  private recursive(): Node {
    let depth = 0;
    const start = this.pos + 2;
    for (let i = this.pos + 1; i < this.s.length; i++) {
      if (this.s[i] === '(') depth++;
      else if (this.s[i] === ')') {
        depth--;
        if (depth === 0) {
          const inner = parseSmarts(this.s.slice(start, i));
          this.pos = i + 1;
          return { kind: 'prim', type: 'recursive', value: 0, recursive: inner };
        }
      }
    }
    this.fail('unclosed $(');
  }
}

// ---------------------------------------------------------------- bond expressions

interface PendingBond {
  match: BondPredicate;
  order: BondOrder | 0;
  any: boolean;
  dir: BondDir;
}

const singleOrAromatic: BondPredicate = (t, b) =>
  t.bondOrder[b] === BondOrder.Single || t.bondOrder[b] === BondOrder.Aromatic;

function compileBond(text: string, pos: number): PendingBond {
  // Simple one-symbol bonds cover nearly every template.
  switch (text) {
    case '-':
      return {
        match: (t, b) => t.bondOrder[b] === BondOrder.Single,
        order: BondOrder.Single,
        any: false,
        dir: BondDir.None,
      };
    case '/':
    case '\\':
      return {
        match: (t, b) => t.bondOrder[b] === BondOrder.Single,
        order: BondOrder.Single,
        any: false,
        dir: text === '/' ? BondDir.Up : BondDir.Down,
      };
    case '=':
      return {
        match: (t, b) => t.bondOrder[b] === BondOrder.Double,
        order: BondOrder.Double,
        any: false,
        dir: BondDir.None,
      };
    case '#':
      return {
        match: (t, b) => t.bondOrder[b] === BondOrder.Triple,
        order: BondOrder.Triple,
        any: false,
        dir: BondDir.None,
      };
    case ':':
      return {
        match: (t, b) => t.bondOrder[b] === BondOrder.Aromatic,
        order: BondOrder.Aromatic,
        any: false,
        dir: BondDir.None,
      };
    case '~':
      return { match: () => true, order: 0, any: true, dir: BondDir.None };
    case '@':
      return {
        match: (t, b) => t.ringBonds.bondInRing[b] === 1,
        order: 0,
        any: true,
        dir: BondDir.None,
      };
  }
  return { match: compileBondExpression(text, pos), order: 0, any: true, dir: BondDir.None };
}

function compileBondExpression(text: string, pos: number): BondPredicate {
  const lowAnd = text.split(';').map((part) => {
    const alternatives = part.split(',').map((alt) => {
      const terms: BondPredicate[] = [];
      let negate = false;
      for (const ch of alt.replace(/&/g, '')) {
        if (ch === '!') {
          negate = !negate;
          continue;
        }
        const base = compileBond(ch, pos).match;
        const neg = negate;
        terms.push(neg ? (t, b) => !base(t, b) : base);
        negate = false;
      }
      if (!terms.length) throw new SmartsSyntaxError(`bad bond expression '${text}'`, pos);
      return (t: MatchTarget, b: number) => terms.every((f) => f(t, b));
    });
    return (t: MatchTarget, b: number) => alternatives.some((f) => f(t, b));
  });
  return (t, b) => lowAnd.every((f) => f(t, b));
}
