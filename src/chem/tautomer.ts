/**
 * A tautomer-insensitive key for building-block lookup. Catalogues list one
 * tautomer (2-hydroxypyridine, a 1H-triazole) while a template writes the
 * other (2-pyridone, the 4H-triazole); both are the same purchasable compound.
 *
 * The key is RDKit's "HetAtomTautomer" idea computed on our own graph, so it
 * costs tens of microseconds instead of an InChI: in every conjugated system
 * that holds a hydrogen-bearing heteroatom and another heteroatom that could
 * take that hydrogen, the heteroatoms' hydrogens are pooled into one count and
 * the system's bonds become generic. Molecules differing only by where such a
 * hydrogen sits then share a key. The key may also join a few molecules that
 * are not tautomers (and ranks are hash-refined), so a stock treats equal keys
 * as candidates and confirms them by standard InChIKey, whose mobile-H layer
 * is the reference definition. Carbon hydrogens never move (no keto-enol),
 * as in standard InChI.
 */
import { createHash } from 'node:crypto';
import { BondOrder, Chirality, Mol } from './graph.js';
import { canonicalRanks } from './canon-order.js';
import { ELEMENT } from './elements.js';
import { parseSmiles } from './smiles-parser.js';

const { N: NITROGEN, O: OXYGEN, S: SULFUR } = ELEMENT;
/** Bond order used for the generic bonds of a tautomeric system (distinct from real orders). */
const GENERIC = 5;

/**
 * The tautomer key of a SMILES string, or null when the molecule has no
 * heteroatom tautomer system (its canonical SMILES is then key enough) or
 * cannot be parsed.
 */
export function tautomerKey(smiles: string): string | null {
  if (!/[NOSnos]/.test(smiles)) return null;
  let mol: Mol;
  try {
    mol = parseSmiles(smiles);
  } catch {
    return null;
  }
  const systems = tautomerSystems(mol);
  return systems ? serialize(genericForm(mol, systems)) : null;
}

export interface Systems {
  /** Component id per atom (-1 outside any tautomeric system). */
  system: Int32Array;
  /** Pooled heteroatom hydrogens per component. */
  mobileH: Map<number, number>;
  /** Bonds inside a tautomeric system. */
  generic: Uint8Array;
}

function isHetero(mol: Mol, i: number): boolean {
  const a = mol.atoms[i];
  return a.charge === 0 && (a.element === NITROGEN || a.element === OXYGEN || a.element === SULFUR);
}

/** Conjugated components (union-find over conjugated bonds) holding a donor and another acceptor. */
export function tautomerSystems(mol: Mol): Systems | null {
  const n = mol.atoms.length;
  const unsaturated = new Uint8Array(n);
  for (const b of mol.bonds) {
    if (b.order === BondOrder.Double || b.order === BondOrder.Aromatic) {
      unsaturated[b.begin] = 1;
      unsaturated[b.end] = 1;
    }
  }
  const donor = (i: number) => isHetero(mol, i) && mol.totalHydrogens(i) > 0;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const conjugated = new Uint8Array(mol.bonds.length);
  mol.bonds.forEach((b, k) => {
    const [x, y] = [b.begin, b.end];
    const joins =
      b.order === BondOrder.Double ||
      b.order === BondOrder.Aromatic ||
      (b.order === BondOrder.Single &&
        ((unsaturated[x] && unsaturated[y]) ||
          (donor(x) && unsaturated[y]) ||
          (donor(y) && unsaturated[x])));
    if (!joins) return;
    conjugated[k] = 1;
    parent[find(x)] = find(y);
  });
  // A system needs a hydrogen-bearing heteroatom and a second heteroatom to take it.
  const donors = new Map<number, number>();
  const heteroatoms = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (!isHetero(mol, i) || (!unsaturated[i] && !donor(i))) continue;
    if (!mol.atoms[i].bonds.some((k) => conjugated[k])) continue;
    const r = find(i);
    heteroatoms.set(r, (heteroatoms.get(r) ?? 0) + 1);
    if (donor(i)) donors.set(r, (donors.get(r) ?? 0) + mol.totalHydrogens(i));
  }
  const system = new Int32Array(n).fill(-1);
  const mobileH = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (!donors.has(r) || (heteroatoms.get(r) ?? 0) < 2) continue;
    system[i] = r;
    mobileH.set(r, donors.get(r)!);
  }
  if (mobileH.size === 0) return null;
  const generic = new Uint8Array(mol.bonds.length);
  mol.bonds.forEach((b, k) => {
    if (conjugated[k] && system[b.begin] >= 0) generic[k] = 1;
  });
  return { system, mobileH, generic };
}

/**
 * The molecule with each system's heteroatom hydrogens removed, its bonds
 * generic and its atoms non-aromatic; stereo is dropped (tautomers can make
 * or lose a stereo element). The pooled count is carried in the atom map
 * number, which the canonical ranking already reads as an invariant.
 */
export function genericForm(mol: Mol, { system, mobileH, generic }: Systems): Mol {
  const out = new Mol();
  mol.atoms.forEach((a, i) => {
    const inSystem = system[i] >= 0;
    const keepsH = !(inSystem && isHetero(mol, i));
    out.addAtom({
      element: a.element,
      aromatic: a.aromatic && !inSystem,
      charge: a.charge,
      isotope: a.isotope,
      hCount: keepsH ? mol.totalHydrogens(i) : 0,
      noImplicit: true,
      implicitH: 0,
      mapNum: inSystem ? 1 + mobileH.get(system[i])! : 0,
      chirality: Chirality.None,
    });
  });
  mol.bonds.forEach((b, k) => {
    out.addBond(b.begin, b.end, generic[k] ? (GENERIC as BondOrder) : b.order);
  });
  return out;
}

/** Digest of the atoms in canonical order with their invariants, then bonds by canonical ends. */
function serialize(mol: Mol): string {
  const ranks = canonicalRanks(mol);
  const atoms = new Array<string>(mol.atoms.length);
  mol.atoms.forEach((a, i) => {
    atoms[ranks[i]] =
      `${a.element}${a.aromatic ? 'a' : ''}${a.charge ? `q${a.charge}` : ''}` +
      `${a.isotope ? `i${a.isotope}` : ''}h${a.hCount}${a.mapNum ? `m${a.mapNum}` : ''}`;
  });
  const bonds = mol.bonds
    .map((b) => {
      const [x, y] = [ranks[b.begin], ranks[b.end]].sort((p, q) => p - q);
      return [x, y, b.order] as const;
    })
    .sort((p, q) => p[0] - q[0] || p[1] - q[1])
    .map(([x, y, o]) => `${x}-${y}${'?sdta*'[o]}`);
  // A digest keeps library columns small; a collision only nominates a candidate to confirm.
  return createHash('sha256')
    .update(`${atoms.join(',')}|${bonds.join(',')}`)
    .digest('base64url')
    .slice(0, 16);
}
