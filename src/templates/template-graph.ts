/**
 * A retro template as a graph of SMARTS tokens: what extraction builds from a
 * reaction and what template strings are read back into, so that both can be
 * written in one canonical form (canonical.ts). Atom text is kept verbatim
 * (it is the template's meaning); only what depends on the writing order is
 * held apart: chirality marks, bond directions and map numbers.
 */
import { BondDir, Chirality, invertChirality } from '../chem/graph.js';
import { AROMATIC_ORGANIC_SYMBOLS, ORGANIC_SYMBOLS } from '../chem/elements.js';
import { parseSmarts } from '../chem/smarts.js';
import { joinComponents } from '../chem/template.js';

export interface TemplateAtom {
  /** Bracket or organic-subset SMARTS text, without map number and without '@' marks. */
  text: string;
  /** Tetrahedral parity relative to `bonds` order, a stated single H taken as last. */
  chirality: Chirality;
  /** Atom map number (0: unmapped). */
  mapNum: number;
  bonds: number[];
}

export interface TemplateBond {
  begin: number;
  end: number;
  /** Bond SMARTS without direction ('-', '=', '#', ':', '~', '' for implicit, or an expression). */
  symbol: string;
  /** Direction of a single bond next to a double bond, relative to begin -> end. */
  dir: BondDir;
}

export interface TemplateSide {
  atoms: TemplateAtom[];
  bonds: TemplateBond[];
}

/** A retro template: the product pattern and the precursor side (`product>>reactants`). */
export interface TemplateGraph {
  product: TemplateSide;
  reactants: TemplateSide;
}

export class TemplateSyntaxError extends Error {}

export function emptySide(): TemplateSide {
  return { atoms: [], bonds: [] };
}

export function addAtom(side: TemplateSide, atom: Omit<TemplateAtom, 'bonds'>): number {
  side.atoms.push({ ...atom, bonds: [] });
  return side.atoms.length - 1;
}

export function addBond(side: TemplateSide, bond: TemplateBond): number {
  side.bonds.push(bond);
  const idx = side.bonds.length - 1;
  side.atoms[bond.begin].bonds.push(idx);
  side.atoms[bond.end].bonds.push(idx);
  return idx;
}

export function otherAtom(side: TemplateSide, bondIdx: number, atomIdx: number): number {
  const b = side.bonds[bondIdx];
  return b.begin === atomIdx ? b.end : b.begin;
}

const statedSingleH = new Map<string, boolean>();

/**
 * Whether the atom text states exactly one hydrogen: such an H takes part in
 * the chirality order (right after the preceding atom, as in SMILES).
 */
export function statesSingleH(text: string): boolean {
  let known = statedSingleH.get(text);
  if (known === undefined) {
    known = parseSmarts(text).atoms[0]?.hCount === 1;
    statedSingleH.set(text, known);
  }
  return known;
}

/** Reads `product>>reactants` (component parentheses allowed) into a template graph. */
export function parseTemplateGraph(smarts: string): TemplateGraph {
  const parts = smarts.trim().split('>');
  if (parts.length !== 3 || parts[1] !== '') {
    throw new TemplateSyntaxError('a retro template must look like product>>reactants');
  }
  return {
    product: parseSide(joinComponents(parts[0])),
    reactants: parseSide(joinComponents(parts[2])),
  };
}

const ORGANIC = [...ORGANIC_SYMBOLS, ...AROMATIC_ORGANIC_SYMBOLS, '*', 'a', 'A'];
const BOND_CHARS = '-=#:~@/\\!&,;';

/** Reads one side (dot-separated fragments) of a template. */
export function parseSide(s: string): TemplateSide {
  const side = emptySide();
  const slots: number[][] = [];
  const hasPredecessor: boolean[] = [];
  const rings = new Map<number, { atom: number; bond: string | null; slot: number }>();
  const stack: number[] = [];
  let prev = -1;
  let pending: string | null = null;
  let pos = 0;
  const connect = (a: number, b: number, text: string | null): number => {
    const { symbol, dir } = splitDirection(text ?? '');
    side.bonds.push({ begin: a, end: b, symbol, dir });
    return side.bonds.length - 1;
  };
  while (pos < s.length) {
    const c = s[pos];
    if (c === '(') {
      if (prev < 0) throw new TemplateSyntaxError(`branch without atom at ${pos}`);
      stack.push(prev);
      pos++;
    } else if (c === ')') {
      if (!stack.length) throw new TemplateSyntaxError(`unbalanced ) at ${pos}`);
      prev = stack.pop() as number;
      pos++;
    } else if (c === '.') {
      prev = -1;
      pos++;
    } else if (c === '%' || (c >= '0' && c <= '9')) {
      if (prev < 0) throw new TemplateSyntaxError(`ring closure without atom at ${pos}`);
      const digits = c === '%' ? s.slice(pos + 1, pos + 3) : c;
      pos += c === '%' ? 3 : 1;
      const ring = Number(digits);
      const open = rings.get(ring);
      if (!open) {
        slots[prev].push(-1);
        rings.set(ring, { atom: prev, bond: pending, slot: slots[prev].length - 1 });
      } else {
        rings.delete(ring);
        // A direction written at the closing digit reads closing atom -> opening atom.
        const bi =
          pending !== null
            ? connect(prev, open.atom, pending)
            : connect(open.atom, prev, open.bond);
        slots[open.atom][open.slot] = bi;
        slots[prev].push(bi);
      }
      pending = null;
    } else if (BOND_CHARS.includes(c)) {
      const start = pos;
      while (pos < s.length && BOND_CHARS.includes(s[pos])) pos++;
      pending = s.slice(start, pos);
    } else {
      const { text, mapNum, end } = readAtomToken(s, pos);
      pos = end;
      const { bare, chirality } = splitChirality(text);
      side.atoms.push({ text: bare, chirality, mapNum, bonds: [] });
      slots.push([]);
      hasPredecessor.push(prev >= 0);
      const atom = side.atoms.length - 1;
      if (prev >= 0) {
        const bi = connect(prev, atom, pending);
        slots[prev].push(bi);
        slots[atom].push(bi);
      }
      pending = null;
      prev = atom;
    }
  }
  if (stack.length) throw new TemplateSyntaxError('unclosed branch');
  if (rings.size) throw new TemplateSyntaxError('unclosed ring');
  side.atoms.forEach((a, i) => {
    a.bonds = slots[i];
    if (a.chirality !== Chirality.None && statesSingleH(a.text)) {
      // The stated H sits right after the predecessor in the string; we keep it last.
      const hPos = hasPredecessor[i] ? 1 : 0;
      if ((a.bonds.length - hPos) % 2 === 1) a.chirality = invertChirality(a.chirality);
    }
  });
  return side;
}

function readAtomToken(s: string, pos: number): { text: string; mapNum: number; end: number } {
  if (s[pos] === '[') {
    let depth = 0;
    for (let i = pos; i < s.length; i++) {
      if (s[i] === '[') depth++;
      else if (s[i] === ']' && --depth === 0) {
        const body = s.slice(pos + 1, i);
        const map = /:(\d+)$/.exec(body);
        const mapped = map && !body.slice(0, map.index).endsWith('$(');
        return {
          text: `[${mapped ? body.slice(0, map.index) : body}]`,
          mapNum: mapped ? Number(map[1]) : 0,
          end: i + 1,
        };
      }
    }
    throw new TemplateSyntaxError(`unclosed [ at ${pos}`);
  }
  for (const sym of ORGANIC) {
    if (s.startsWith(sym, pos)) return { text: sym, mapNum: 0, end: pos + sym.length };
  }
  throw new TemplateSyntaxError(`unexpected character '${s[pos]}' at ${pos}`);
}

function splitDirection(text: string): { symbol: string; dir: BondDir } {
  if (text === '/') return { symbol: '-', dir: BondDir.Up };
  if (text === '\\') return { symbol: '-', dir: BondDir.Down };
  return { symbol: text, dir: BondDir.None };
}

/** Removes top-level '@'/'@@' marks (not those inside recursive SMARTS) from a bracket atom. */
export function splitChirality(text: string): { bare: string; chirality: Chirality } {
  if (!text.includes('@')) return { bare: text, chirality: Chirality.None };
  let depth = 0;
  let out = '';
  let chirality = Chirality.None;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    if (c === '@' && depth === 0) {
      const double = text[i + 1] === '@';
      chirality = double ? Chirality.CW : Chirality.CCW;
      if (double) i++;
      continue;
    }
    out += c;
  }
  // A mark written as its own primitive (';@') leaves an empty slot behind.
  out = out
    .replace(/;{2,}/g, ';')
    .replace(/[;&](?=\])/, '')
    .replace(/\[[;&]/, '[');
  return { bare: out, chirality };
}

const ELEMENT_PREFIX = /^\[(\d*)(#\d+|[A-Z][a-z]?|se|as|te|[a-z]|\*)/;

/** Writes a chirality mark into bare atom text, right after its leading element. */
export function withChirality(text: string, mark: string): string {
  if (!mark) return text;
  const m = ELEMENT_PREFIX.exec(text);
  if (!m) return `[${mark};${text.slice(1)}`;
  return m[0] + mark + text.slice(m[0].length);
}
