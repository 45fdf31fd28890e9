/**
 * The atoms a template keeps from each molecule, and how each is written
 * (RDChiral's rules): changed atoms strictly (element, H count, degree,
 * charge: `[C;H0;D3;+0]`), atoms added around them as generalized wildcards
 * (`[C]`, `[c]`, `[#7;a]`, `[O;D1;H0]`), unmapped leaving-group atoms exactly
 * as SMILES writes them.
 */
import {
  allowedValences,
  elementSymbol,
  implicitHydrogens,
  ORGANIC_SUBSET,
} from '../chem/elements.js';
import { BondDir, BondOrder, Chirality, Mol, permutationParity } from '../chem/graph.js';
import { MatchTarget } from '../chem/target.js';
import { findSpecialGroups, SpecialGroup } from './special-groups.js';
import { addAtom, addBond, TemplateSide } from './template-graph.js';

export const enum AtomStyle {
  /** Changed atom: every property that matters stated. */
  Strict,
  /** Context atom: element and aromaticity only (terminal atoms also H count and degree). */
  Wildcard,
  /** Unmapped leaving-group atom: its SMILES token. */
  Verbatim,
}

export interface Specificity {
  /** 1: changed atoms plus their neighbours (RDChiral); 0: changed atoms only. */
  radius: 0 | 1;
  /** Pull in RDChiral's special groups around the centre. */
  specialGroups: boolean;
}

/** Atoms chosen from one molecule and how to write them. */
type Selection = Map<number, AtomStyle>;

/**
 * Selects the template atoms of a reactant molecule: changed atoms, all its
 * unmapped atoms, and (radius 1) neighbours and triggered special groups.
 * Returns null when the molecule has no changed atom.
 */
export function selectReactantAtoms(
  mol: Mol,
  changed: Set<number>,
  spec: Specificity,
  inputOrder?: Int32Array,
): Selection | null {
  const selection: Selection = new Map();
  mol.atoms.forEach((a, i) => {
    if (a.mapNum && changed.has(a.mapNum)) selection.set(i, AtomStyle.Strict);
  });
  if (selection.size === 0) return null;
  mol.atoms.forEach((a, i) => {
    if (!a.mapNum) selection.set(i, AtomStyle.Verbatim);
  });
  if (spec.radius === 0) return selection;
  const groups = spec.specialGroups ? findSpecialGroups(mol, new MatchTarget(mol), inputOrder) : [];
  const addWildcards = (atoms: number[]) => {
    for (const i of atoms) if (!selection.has(i)) selection.set(i, AtomStyle.Wildcard);
  };
  const triggered = (atom: number) => groups.filter((g: SpecialGroup) => g.triggers.has(atom));
  for (const atom of [...selection.keys()]) {
    for (const g of triggered(atom)) addWildcards(g.atoms);
    for (const nbr of mol.neighbors(atom)) {
      const hits = triggered(nbr);
      if (hits.length) for (const g of hits) addWildcards(g.atoms);
      else addWildcards([nbr]);
    }
  }
  return selection;
}

/** Product atoms: the changed ones strictly, the others kept on the precursor side as wildcards. */
export function selectProductAtoms(
  product: Mol,
  changed: Set<number>,
  context: Set<number>,
): Selection {
  const selection: Selection = new Map();
  product.atoms.forEach((a, i) => {
    if (changed.has(a.mapNum)) selection.set(i, AtomStyle.Strict);
    else if (context.has(a.mapNum)) selection.set(i, AtomStyle.Wildcard);
  });
  return selection;
}

/** Adds the selected atoms of a molecule (and the bonds between them) to a template side. */
export function addSelection(side: TemplateSide, mol: Mol, selection: Selection): void {
  const index = new Map<number, number>();
  const atoms = [...selection.keys()].sort((a, b) => a - b);
  for (const i of atoms) {
    const style = selection.get(i) as AtomStyle;
    const a = mol.atoms[i];
    index.set(
      i,
      addAtom(side, {
        text: atomToken(mol, i, style),
        chirality: Chirality.None,
        mapNum: style === AtomStyle.Verbatim ? 0 : a.mapNum,
      }),
    );
  }
  const dirs = fragmentDirections(mol, selection);
  mol.bonds.forEach((bond, bi) => {
    const begin = index.get(bond.begin);
    const end = index.get(bond.end);
    if (begin === undefined || end === undefined) return;
    addBond(side, {
      begin,
      end,
      symbol: explicitBond(bond.order),
      dir: dirs.get(bi) ?? BondDir.None,
    });
  });
  for (const i of atoms) {
    if (selection.get(i) === AtomStyle.Wildcard) continue;
    side.atoms[index.get(i) as number].chirality = fragmentChirality(mol, i, index, side);
  }
}

function explicitBond(order: BondOrder): string {
  return order === BondOrder.Double
    ? '='
    : order === BondOrder.Triple
      ? '#'
      : order === BondOrder.Aromatic
        ? ':'
        : '-';
}

/**
 * The atom's chirality relative to its bond order in the fragment; none when
 * a neighbour is missing (the configuration could not be stated).
 */
function fragmentChirality(
  mol: Mol,
  atom: number,
  index: Map<number, number>,
  side: TemplateSide,
): Chirality {
  const a = mol.atoms[atom];
  if (a.chirality === Chirality.None) return Chirality.None;
  const neighbours = mol.neighbors(atom);
  if (!neighbours.every((q) => index.has(q))) return Chirality.None;
  const me = index.get(atom) as number;
  const inFragment = side.atoms[me].bonds.map((b) => {
    const bond = side.bonds[b];
    return bond.begin === me ? bond.end : bond.begin;
  });
  const stored = neighbours.map((q) => index.get(q) as number);
  return permutationParity(stored, inFragment) ? invert(a.chirality) : a.chirality;
}

function invert(c: Chirality): Chirality {
  return c === Chirality.CCW ? Chirality.CW : Chirality.CCW;
}

/**
 * Bond directions for the fragment: the molecule's own, plus, at a stereo
 * double bond end whose directed neighbour was left out, a direction on a
 * kept neighbour (which lies on the other side).
 */
function fragmentDirections(mol: Mol, selection: Selection): Map<number, BondDir> {
  const dirs = new Map<number, BondDir>();
  mol.bonds.forEach((bond, bi) => {
    if (bond.dir !== BondDir.None && selection.has(bond.begin) && selection.has(bond.end)) {
      dirs.set(bi, bond.dir);
    }
  });
  mol.bonds.forEach((bond, bi) => {
    if (bond.order !== BondOrder.Double || !selection.has(bond.begin) || !selection.has(bond.end))
      return;
    for (const end of [bond.begin, bond.end]) {
      const around = mol.atoms[end].bonds.filter((b) => b !== bi);
      const directed = around.find((b) => mol.bonds[b].dir !== BondDir.None);
      if (directed === undefined || around.some((b) => dirs.has(b))) continue;
      const kept = around.find(
        (b) => mol.bonds[b].order === BondOrder.Single && selection.has(mol.other(b, end)),
      );
      if (kept === undefined) continue;
      const towardsEnd = (b: number, dir: BondDir) =>
        mol.bonds[b].end === end ? dir : flipDir(dir);
      const wanted = flipDir(towardsEnd(directed, mol.bonds[directed].dir));
      dirs.set(kept, towardsEnd(kept, wanted));
    }
  });
  return dirs;
}

function flipDir(dir: BondDir): BondDir {
  return dir === BondDir.Up ? BondDir.Down : BondDir.Up;
}

// ---------------------------------------------------------------- atom tokens

function atomToken(mol: Mol, i: number, style: AtomStyle): string {
  switch (style) {
    case AtomStyle.Strict:
      return strictToken(mol, i);
    case AtomStyle.Wildcard:
      return wildcardToken(mol, i);
    default:
      return smilesToken(mol, i);
  }
}

function chargeText(charge: number): string {
  if (charge === 0) return '';
  const sign = charge > 0 ? '+' : '-';
  return Math.abs(charge) === 1 ? sign : `${sign}${Math.abs(charge)}`;
}

function symbolOf(mol: Mol, i: number): string {
  const a = mol.atoms[i];
  const symbol = elementSymbol(a.element);
  return a.aromatic ? symbol.toLowerCase() : symbol;
}

/** Bracket body as SMILES writes it: isotope, symbol, hydrogens, charge. */
function bracketBody(mol: Mol, i: number): string {
  const a = mol.atoms[i];
  const h = mol.totalHydrogens(i);
  const hText = h === 0 ? '' : h === 1 ? 'H' : `H${h}`;
  return `${a.isotope || ''}${symbolOf(mol, i)}${hText}${chargeText(a.charge)}`;
}

/**
 * The atom as SMILES writes it: without brackets when nothing but its element
 * needs saying (the hydrogen count follows from its default valence).
 */
export function smilesToken(mol: Mol, i: number): string {
  const a = mol.atoms[i];
  const plain =
    ORGANIC_SUBSET.has(a.element) &&
    !a.charge &&
    !a.isotope &&
    !a.mapNum &&
    a.chirality === Chirality.None &&
    mol.totalHydrogens(i) === defaultHydrogens(mol, i);
  return plain ? symbolOf(mol, i) : `[${bracketBody(mol, i)}]`;
}

/** Hydrogens an unbracketed atom with these bonds would get (as SMILES readers and RDKit do). */
function defaultHydrogens(mol: Mol, i: number): number {
  const a = mol.atoms[i];
  let valence = a.aromatic ? 1 : 0;
  for (const bi of a.bonds) {
    const order = mol.bonds[bi].order;
    valence += order === BondOrder.Aromatic ? 1 : order;
  }
  if (a.aromatic) {
    // Aromatic atoms get hydrogens only up to their first allowed valence.
    const first = allowedValences(a.element, a.charge)[0];
    return first === undefined ? 0 : Math.max(0, first - valence);
  }
  return Math.max(0, implicitHydrogens(a.element, a.charge, valence));
}

/** Everything that matters at a changed atom: `[CH2;D2;+0]`, `[c;H0;D3;+0]`, `[N+;H0;D4]`. */
export function strictToken(mol: Mol, i: number): string {
  let body = bracketBody(mol, i);
  if (!body.includes('H')) body += `;H${mol.totalHydrogens(i)}`;
  body += `;D${mol.degree(i)}`;
  if (!/[+-]/.test(body)) body += ';+0';
  return `[${body}]`;
}

/**
 * A context atom generalized: terminal atoms keep degree and H count
 * (`[O;D1;H0]`), others only element and aromaticity (`[C]`, `[c]`, `[#7;a]`),
 * and every atom its charge.
 */
export function wildcardToken(mol: Mol, i: number): string {
  const a = mol.atoms[i];
  const charge = chargeText(a.charge);
  if (mol.degree(i) === 1) {
    return `[${elementSymbol(a.element)}${charge ? `;${charge}` : ''};D1;H${mol.totalHydrogens(i)}]`;
  }
  const parts =
    a.element !== 6 ? [`#${a.element}`, ...(a.aromatic ? ['a'] : [])] : [a.aromatic ? 'c' : 'C'];
  if (charge) parts.push(charge);
  return `[${parts.join(';')}]`;
}
