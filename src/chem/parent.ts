/**
 * The parent compound of a catalogue entry or a precursor: the molecule
 * without its counter-ions and solvent, with charges that a proton accounts
 * for neutralized. Catalogues sell amines as hydrochlorides and acids as
 * sodium salts (`Cl.NCc1ccccc1`), templates write cyanide as `[C-]#N` where a
 * catalogue lists `C#N`: each pair is one purchasable compound.
 *
 * Only organic ions are neutralized (carboxylates, phenolates, ammonium
 * ions, cyanide, acetylides): hydroxide is not water, nor chloride hydrogen
 * chloride, nor a phenyl anion (phenyllithium) benzene.
 * Kept charged as well: atoms next to an opposite charge (nitro, N-oxides,
 * azides, ylides), cations without a hydrogen to lose (quaternary ammonium),
 * and anions other than C, N, O, S and halides (trifluoroborates).
 */
import { LruCache } from '../util/lru.js';
import { canonicalSmiles } from './canonical.js';
import { BondOrder, Mol } from './graph.js';
import { parseSmiles } from './smiles-parser.js';
import { writeSmiles } from './smiles-writer.js';

/** Counter-ions, acids of salts and solvates, as their neutralized forms. */
const COUNTER_ION_SMILES = [
  'F', 'Cl', 'Br', 'I', 'O', 'N', '[F-]', '[Cl-]', '[Br-]', '[I-]',
  'O=S(=O)([O-])[O-]', 'O=S(=O)([O-])O', 'O=P([O-])([O-])[O-]', 'O=[N+]([O-])[O-]',
  '[O-]Cl(=O)(=O)=O', 'F[B-](F)(F)F', 'F[P-](F)(F)(F)(F)F',
  '[Li+]', '[Na+]', '[K+]', '[Cs+]', '[Mg+2]', '[Ca+2]', '[Zn+2]', '[Ba+2]', '[Al+3]',
  'OC(=O)C(F)(F)F', 'CC(=O)O', 'OC=O', 'CS(=O)(=O)O', 'OS(=O)(=O)C(F)(F)F',
  'Cc1ccc(S(=O)(=O)O)cc1', 'OS(=O)(=O)c1ccccc1', 'OS(=O)(=O)O', 'OP(=O)(O)O',
  'O=[N+]([O-])O', 'OCl(=O)(=O)=O', 'OC(=O)/C=C\\C(=O)O', 'OC(=O)/C=C/C(=O)O',
  'OC(=O)C(=O)O', 'OC(=O)CCC(=O)O', 'OC(=O)CC(O)(CC(=O)O)C(=O)O',
  'OC(=O)C(O)C(O)C(=O)O', 'OC(=O)[C@H](O)[C@@H](O)C(=O)O', 'OC(=O)[C@@H](O)[C@H](O)C(=O)O',
  'CCO', 'CO', 'CC(C)O', 'ClCCl', 'CCOCC', 'C1CCOC1', 'CC#N', 'CS(C)=O', 'CN(C)C=O',
]; // prettier-ignore

let counterIons: Set<string> | null = null;

function isCounterIon(canonical: string): boolean {
  counterIons ??= new Set(COUNTER_ION_SMILES.map((s) => canonicalSmiles(s) ?? s));
  return counterIons.has(canonical);
}

const CHARGED_OR_SALT = /\.|[+-]/;

/** Salts and charged molecules recur (nitro compounds in every search): parse each once. */
const parents = new LruCache<string, string>(50_000);

/**
 * Canonical SMILES of the parent compound of a canonical SMILES; the input
 * itself when it is one neutral molecule (the common case, decided without
 * parsing or caching).
 */
export function parentSmiles(canonical: string): string {
  if (!CHARGED_OR_SALT.test(canonical)) return canonical;
  let parent = parents.get(canonical);
  if (parent === undefined) {
    parent = parentOfSalt(canonical);
    parents.set(canonical, parent);
  }
  return parent;
}

function parentOfSalt(canonical: string): string {
  const fragments = [...new Set(canonical.split('.').map(neutralized))];
  const kept = fragments.filter((f) => !isCounterIon(f));
  // Only counter-ions (sodium chloride): an inorganic salt is its own parent.
  if (kept.length === 0) return fragments.length === 1 ? fragments[0] : canonical;
  let best = kept[0];
  let bestSize = heavyAtoms(best);
  for (const f of kept.slice(1)) {
    const size = heavyAtoms(f);
    if (size > bestSize || (size === bestSize && f < best)) [best, bestSize] = [f, size];
  }
  return best;
}

function heavyAtoms(smiles: string): number {
  try {
    return parseSmiles(smiles).atoms.filter((a) => a.element !== 1).length;
  } catch {
    return 0;
  }
}

/** One fragment with proton-balanced charges neutralized, canonical; unchanged when that fails. */
function neutralized(fragment: string): string {
  if (!/[+-]/.test(fragment)) return fragment;
  let mol: Mol;
  try {
    mol = parseSmiles(fragment);
  } catch {
    return fragment;
  }
  if (!mol.atoms.some((a) => a.element === 6) || !neutralize(mol)) return fragment;
  return canonicalSmiles(writeSmiles(mol, { mapNumbers: false })) ?? fragment;
}

/** Anions that take a proton: carbanions, amides, alkoxides, thiolates and halides. */
const ANION_ELEMENTS = new Set([6, 7, 8, 16, 9, 17, 35, 53]);

/**
 * A carbanion other than cyanide or an acetylide stands for an organometallic reagent
 * (phenyllithium written as a phenyl anion): its proton-balanced form, benzene, is not it.
 */
function isOrganometallicCarbon(mol: Mol, i: number): boolean {
  if (mol.atoms[i].element !== 6) return false;
  return !mol.atoms[i].bonds.some((b) => mol.bonds[b].order === BondOrder.Triple);
}

/** Removes a proton from cations that have one and adds one to lone anions; true if anything changed. */
function neutralize(mol: Mol): boolean {
  const nextToOpposite = (i: number) =>
    mol
      .neighbors(i)
      .some((j) => Math.sign(mol.atoms[j].charge) === -Math.sign(mol.atoms[i].charge));
  const changes: [number, number][] = [];
  mol.atoms.forEach((a, i) => {
    if (a.charge === 0 || nextToOpposite(i)) return;
    const h = mol.totalHydrogens(i);
    if (a.charge > 0 && h >= a.charge) changes.push([i, -a.charge]);
    else if (a.charge < 0 && ANION_ELEMENTS.has(a.element) && !isOrganometallicCarbon(mol, i))
      changes.push([i, -a.charge]);
  });
  for (const [i, dh] of changes) {
    const a = mol.atoms[i];
    a.hCount = mol.totalHydrogens(i) + dh;
    a.noImplicit = true;
    a.implicitH = 0;
    a.charge = 0;
  }
  return changes.length > 0;
}
