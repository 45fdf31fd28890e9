/**
 * A retrosynthesis template `product>>reactants` (RDChiral conventions),
 * parsed once and pre-analysed so applying it to many molecules is cheap.
 */
import { BondDir, Chirality } from './graph.js';
import { parseSmarts, QueryMol, SmartsSyntaxError } from './smarts.js';
import { enumerateCistransDefs, StereoGraph } from './stereo.js';

export class TemplateError extends Error {}

/** First label given to template-side atoms that are matched but not kept (as RDChiral does). */
const DELETED_LABEL_START = 700;

export class RetroTemplate {
  /** Pattern matched on the molecule being disconnected. */
  readonly lhs: QueryMol;
  /** Precursor side: atoms and bonds to build. */
  readonly rhs: QueryMol;
  readonly rhsToLhs: Int32Array;
  readonly lhsToRhs: Int32Array;
  /** RDChiral labels of LHS atoms (map numbers; 700+ for atoms that are removed). */
  readonly lhsLabel: Int32Array;
  readonly lhsCouldBeTetra: boolean[];
  readonly rhsCouldBeTetra: boolean[];
  /** Per RHS atom: template degree differs from its LHS partner (H counts are then recomputed). */
  readonly degreeChanged: boolean[];
  readonly requiredBondDefs: Map<string, [BondDir, BondDir]>;
  readonly bondDefCoreAtoms: Set<string>;
  readonly hasTetraStereo: boolean;
  readonly hasDoubleBondStereo: boolean;
  /** Required count per atomic number among pattern atoms with one possible element. */
  readonly requiredElements: [number, number][];
  readonly requiredAromatic: number;

  constructor(readonly smarts: string) {
    const parts = smarts.trim().split('>');
    if (parts.length !== 3 || parts[1] !== '') {
      throw new TemplateError('a retro template must look like product>>reactants');
    }
    try {
      this.lhs = parseSmarts(joinComponents(parts[0]));
      this.rhs = parseSmarts(joinComponents(parts[2]));
    } catch (e) {
      if (e instanceof SmartsSyntaxError) throw new TemplateError(`invalid SMARTS: ${e.message}`);
      throw e;
    }
    if (this.lhs.atoms.length === 0) throw new TemplateError('the product pattern is empty');
    if (this.rhs.atoms.length === 0) throw new TemplateError('the precursor side is empty');
    const lhsByMap = mapIndex(this.lhs, 'product pattern');
    const rhsByMap = mapIndex(this.rhs, 'precursor side');

    this.rhsToLhs = new Int32Array(this.rhs.atoms.length).fill(-1);
    this.lhsToRhs = new Int32Array(this.lhs.atoms.length).fill(-1);
    this.rhs.atoms.forEach((a, k) => {
      const l = a.mapNum ? lhsByMap.get(a.mapNum) : undefined;
      if (l === undefined) {
        if (a.element === undefined) {
          throw new TemplateError(`precursor atom ${a.text} is new but has no single element`);
        }
        return;
      }
      const la = this.lhs.atoms[l];
      if (la.element !== undefined && a.element !== undefined && la.element !== a.element) {
        throw new TemplateError(`atom map ${a.mapNum} changes element`);
      }
      this.rhsToLhs[k] = l;
      this.lhsToRhs[l] = k;
    });

    let deleted = DELETED_LABEL_START;
    this.lhsLabel = new Int32Array(this.lhs.atoms.length);
    this.lhs.atoms.forEach((a, i) => {
      this.lhsLabel[i] = a.mapNum && rhsByMap.has(a.mapNum) ? a.mapNum : deleted++;
    });
    if (deleted - DELETED_LABEL_START > 100)
      throw new TemplateError('too many unmapped pattern atoms');

    this.lhsCouldBeTetra = this.lhs.atoms.map((a) => couldHaveBeenTetra(a.bonds.length, a.text));
    this.rhsCouldBeTetra = this.rhs.atoms.map((a) => couldHaveBeenTetra(a.bonds.length, a.text));
    this.degreeChanged = this.rhs.atoms.map((a, k) => {
      const l = this.rhsToLhs[k];
      return l >= 0 && this.lhs.atoms[l].bonds.length !== a.bonds.length;
    });
    const defs = enumerateCistransDefs(queryStereoGraph(this.lhs, (i) => this.lhsLabel[i]));
    this.requiredBondDefs = defs.required;
    this.bondDefCoreAtoms = defs.coreAtoms;
    const chiral = (q: QueryMol) => q.atoms.some((a) => a.chirality !== Chirality.None);
    const directed = (q: QueryMol) => q.bonds.some((b) => b.dir !== BondDir.None);
    this.hasTetraStereo = chiral(this.lhs) || chiral(this.rhs);
    this.hasDoubleBondStereo = directed(this.lhs) || directed(this.rhs);

    const counts = new Map<number, number>();
    let aromatic = 0;
    for (const a of this.lhs.atoms) {
      if (a.elementsAllowed?.length === 1) {
        counts.set(a.elementsAllowed[0], (counts.get(a.elementsAllowed[0]) ?? 0) + 1);
      }
      if (a.aromatic === true) aromatic++;
    }
    this.requiredElements = [...counts.entries()];
    this.requiredAromatic = aromatic;
  }
}

/** RDChiral: a template atom "could have been" a stated tetrahedral centre. */
function couldHaveBeenTetra(degree: number, text: string): boolean {
  if (degree < 3) return false;
  if (degree === 3 && !text.includes('H')) return false;
  return true;
}

function mapIndex(q: QueryMol, side: string): Map<number, number> {
  const byMap = new Map<number, number>();
  q.atoms.forEach((a, i) => {
    if (!a.mapNum) return;
    if (byMap.has(a.mapNum)) throw new TemplateError(`atom map ${a.mapNum} repeats in the ${side}`);
    byMap.set(a.mapNum, i);
  });
  return byMap;
}

/**
 * Turns a side written as components, e.g. `([N:1].[c:2]).(O=[C:3])`, into
 * one dot-separated SMARTS: grouping only says which fragments belong to one
 * molecule, and we build every precursor of an outcome together anyway.
 */
export function joinComponents(side: string): string {
  const parts: string[] = [];
  let i = 0;
  while (i < side.length) {
    if (side[i] === '(') {
      const close = matchingParen(side, i);
      parts.push(side.slice(i + 1, close));
      i = close + 1;
      if (side[i] === '.') i++;
      continue;
    }
    let j = i;
    let depth = 0;
    let bracket = 0;
    for (; j < side.length; j++) {
      const c = side[j];
      if (c === '[') bracket++;
      else if (c === ']') bracket--;
      else if (!bracket && c === '(') depth++;
      else if (!bracket && c === ')') depth--;
      else if (!bracket && !depth && c === '.') break;
    }
    parts.push(side.slice(i, j));
    i = j + 1;
  }
  return parts.filter(Boolean).join('.');
}

function matchingParen(s: string, open: number): number {
  let depth = 0;
  let bracket = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '[') bracket++;
    else if (c === ']') bracket--;
    else if (!bracket && c === '(') depth++;
    else if (!bracket && c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new TemplateError('unbalanced component parentheses');
}

export function queryStereoGraph(q: QueryMol, label: (atom: number) => number): StereoGraph {
  return {
    atomCount: q.atoms.length,
    bondCount: q.bonds.length,
    label,
    atomBonds: (a) => q.atoms[a].bonds.map((b) => [b, q.other(b, a)] as [number, number]),
    bondBegin: (b) => q.bonds[b].begin,
    bondEnd: (b) => q.bonds[b].end,
    bondIsDouble: (b) => q.bonds[b].order === 2,
    bondDir: (b) => q.bonds[b].dir,
  };
}
