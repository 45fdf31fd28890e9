/**
 * Carrying a building block's listed tautomer through the step that uses it.
 * A route writes a purchasable 2-pyridone as the catalogue lists it (say, as
 * 2-hydroxypyridine); the product of the step that consumes it was written by
 * the template in the spelling the template's own reaction recorded, so the
 * route would flip from one tautomer to the other across a step that does not
 * touch the ring. Here the product takes the precursor's spelling on the
 * atoms that come from it.
 *
 * The precursor's two spellings share a generic form (tautomer.ts: mobile
 * hydrogens pooled, bonds of the system generic), so canonical ranks of that
 * form pair their atoms; the step's atom maps pair the precursor's atoms with
 * the product's. The product's copy of those atoms then changes as the listed
 * spelling differs from the written one (hydrogens moved, aromaticity and
 * bond orders), and the result counts only if RDKit reads it and its standard
 * InChIKey is the product's: another spelling of the same compound, never
 * another compound.
 */
import { canonicalRanks } from './canon-order.js';
import { canonicalSmiles } from './canonical.js';
import { Mol } from './graph.js';
import { inchiKeyOf } from './molecule.js';
import { parseSmiles } from './smiles-parser.js';
import { writeSmiles } from './smiles-writer.js';
import { genericForm, tautomerSystems } from './tautomer.js';

/** A precursor as the step's template wrote it (atom-mapped) and its listed spelling. */
export interface Respelling {
  /** Mapped SMILES: an atom the product keeps carries that product atom's map number. */
  mapped: string;
  /** The same compound as the stock lists it (another tautomer). */
  listed: string;
}

/**
 * The product (atom-mapped SMILES, every atom numbered) written with each
 * precursor's listed spelling on the atoms that come from it: canonical
 * SMILES, or null when that is not a spelling of the same compound.
 */
export function respellProduct(mappedProduct: string, precursors: Respelling[]): string | null {
  let product: Mol;
  try {
    product = parseSmiles(mappedProduct);
  } catch {
    return null;
  }
  const original = canonicalSmiles(writeSmiles(product, { mapNumbers: false }));
  const byMap = new Map(product.atoms.map((a, i) => [a.mapNum, i] as const));
  for (const p of precursors) if (!copySpelling(product, byMap, p)) return null;
  const respelled = canonicalSmiles(writeSmiles(product, { mapNumbers: false }));
  if (!original || !respelled || respelled === original) return null;
  const key = inchiKeyOf(original);
  return key && inchiKeyOf(respelled) === key ? respelled : null;
}

/**
 * Pairs the two spellings' atoms and makes the product's copy of them differ
 * from the written spelling as the listed one does: hydrogens moved,
 * aromaticity and bond orders changed; everything else (a bromine the step
 * put on a ring carbon) stays. False when the spellings do not pair.
 */
function copySpelling(product: Mol, byMap: Map<number, number>, p: Respelling): boolean {
  let written: Mol;
  let listed: Mol;
  try {
    [written, listed] = [parseSmiles(p.mapped), parseSmiles(p.listed)];
  } catch {
    return false;
  }
  const pairs = pairAtoms(written, listed);
  if (!pairs) return false;
  const productAtom = (i: number) => byMap.get(written.atoms[pairs[i]].mapNum);
  const hydrogens = product.atoms.map((_, i) => product.totalHydrogens(i));
  const touched = new Set<number>();
  listed.atoms.forEach((a, i) => {
    const target = productAtom(i);
    if (target === undefined) return;
    const moved = listed.totalHydrogens(i) - written.totalHydrogens(pairs[i]);
    const aromaticity = a.aromatic !== written.atoms[pairs[i]].aromatic;
    if (!moved && !aromaticity) return;
    hydrogens[target] += moved;
    product.atoms[target].aromatic = a.aromatic;
    touched.add(target);
  });
  for (const b of listed.bonds) {
    const [x, y] = [productAtom(b.begin), productAtom(b.end)];
    const k = x === undefined || y === undefined ? -1 : product.bondBetween(x, y);
    const was = written.bondBetween(pairs[b.begin], pairs[b.end]);
    if (k < 0 || was < 0 || written.bonds[was].order === b.order) continue;
    product.bonds[k].order = b.order;
    touched.add(x!).add(y!);
  }
  for (const i of touched) {
    if (hydrogens[i] < 0) return false;
    Object.assign(product.atoms[i], { hCount: hydrogens[i], noImplicit: true });
  }
  return true;
}

/**
 * For each atom of `listed`, the atom of `written` in the same place, when the
 * two are tautomers (equal generic forms); null otherwise.
 */
function pairAtoms(written: Mol, listed: Mol): Int32Array | null {
  const [ws, ls] = [tautomerSystems(written), tautomerSystems(listed)];
  if (!ws || !ls || written.atoms.length !== listed.atoms.length) return null;
  const [wg, lg] = [genericForm(written, ws), genericForm(listed, ls)];
  const [wr, lr] = [canonicalRanks(wg), canonicalRanks(lg)];
  const byRank = new Int32Array(wr.length);
  wr.forEach((r, i) => (byRank[r] = i));
  const pairs = Int32Array.from(lr, (r) => byRank[r]);
  const same = (i: number) => {
    const [a, b] = [lg.atoms[i], wg.atoms[pairs[i]]];
    return a.element === b.element && a.mapNum === b.mapNum && a.hCount === b.hCount;
  };
  return lg.atoms.every((_, i) => same(i)) ? pairs : null;
}
