/**
 * Reading an atom-mapped reaction SMILES into the molecules extraction works
 * on: one product and the reactants that contribute atoms to it, each
 * sanitized by RDKit (its aromaticity and hydrogen counts, maps kept).
 */
import { canonicalSmiles } from '../chem/index.js';
import { Mol } from '../chem/graph.js';
import { parseSmiles } from '../chem/smiles-parser.js';

/** Why a reaction gave no template; counted, never fatal. */
export type FailureReason =
  | 'malformed'
  | 'no_atom_maps'
  | 'invalid_smiles'
  | 'multiple_products'
  | 'unmapped_product_atoms'
  | 'duplicate_maps'
  | 'product_maps_not_in_reactants'
  | 'no_changed_atoms'
  | 'too_many_changed_atoms'
  | 'invalid_template';

export const FAILURE_REASONS: readonly FailureReason[] = [
  'malformed',
  'no_atom_maps',
  'invalid_smiles',
  'multiple_products',
  'unmapped_product_atoms',
  'duplicate_maps',
  'product_maps_not_in_reactants',
  'no_changed_atoms',
  'too_many_changed_atoms',
  'invalid_template',
];

/** A reaction ready for extraction; SMILES without maps are made only when asked for. */
export class MappedReaction {
  private bareProduct?: string;
  private bareReactants?: string[];

  constructor(
    readonly product: Mol,
    /** Reactant molecules with at least one atom in the product; leaving-group atoms unmapped. */
    readonly reactants: Mol[],
    /** Per reactant, each atom's position in the input SMILES (RDKit's atom order there). */
    readonly inputOrder: Int32Array[],
    private readonly productText: string,
    private readonly reactantTexts: string[],
  ) {}

  /** Canonical product SMILES without map numbers. */
  get productSmiles(): string {
    this.bareProduct ??= canonicalSmiles(clearMaps(this.productText, NONE)) ?? '';
    return this.bareProduct;
  }

  /** The contributing reactants as canonical SMILES without map numbers (the recorded answer). */
  get reactantSmiles(): string[] {
    this.bareReactants ??= this.reactantTexts.map((r) => canonicalSmiles(clearMaps(r, NONE)) ?? '');
    return this.bareReactants;
  }
}

const NONE = new Set<number>();

export type ReadResult =
  { ok: true; reaction: MappedReaction } | { ok: false; reason: FailureReason };

const MAP_NUMBER = /:(\d+)\]/g;

function mapNumbersIn(smiles: string): Set<number> {
  const found = new Set<number>();
  for (const m of smiles.matchAll(MAP_NUMBER)) found.add(Number(m[1]));
  return found;
}

/** Removes the map numbers not in `keep` (all when keep is empty). */
function clearMaps(smiles: string, keep: Set<number>): string {
  return smiles.replace(/\[([^\]]*?):(\d+)\]/g, (whole, body: string, n: string) =>
    keep.has(Number(n)) ? whole : `[${body}]`,
  );
}

/**
 * Reads `reactants>reagents>product` (extra whitespace-separated fields are
 * ignored; the reagents field is ignored as RDChiral does).
 */
export function readMappedReaction(text: string): ReadResult {
  const first = text.trim().split(/\s+/)[0] ?? '';
  const parts = first.split('>');
  if (parts.length !== 3 || !parts[0] || !parts[2]) return { ok: false, reason: 'malformed' };
  // Deuterium becomes ordinary hydrogen, as in RDChiral.
  const [reactantText, , productText] = parts.map((p) => p.replace(/\[2H\]/g, '[H]'));
  const productMaps = mapNumbersIn(productText);
  if (productMaps.size === 0) return { ok: false, reason: 'no_atom_maps' };
  if (productText.split('.').filter(Boolean).length > 1) {
    return { ok: false, reason: 'multiple_products' };
  }

  // Reagents (mixed into the reactants in USPTO-MIT) contribute no product atoms: dropped.
  const contributing = reactantText
    .split('.')
    .filter(Boolean)
    .filter((r) => [...mapNumbersIn(r)].some((n) => productMaps.has(n)));
  if (!contributing.length) return { ok: false, reason: 'no_atom_maps' };

  const productCanonical = canonicalSmiles(productText);
  if (!productCanonical) return { ok: false, reason: 'invalid_smiles' };
  const product = parseSmiles(productCanonical);
  const reactants: Mol[] = [];
  const inputOrder: Int32Array[] = [];
  for (const r of contributing) {
    const canonical = canonicalSmiles(r);
    if (!canonical) return { ok: false, reason: 'invalid_smiles' };
    const mol = parseSmiles(canonical);
    inputOrder.push(orderInInput(mol, r));
    // Leaving-group atoms lose their map numbers, so they are written out in full like
    // unmapped atoms (the convention of RDChiral-prepared USPTO data).
    for (const a of mol.atoms) if (a.mapNum && !productMaps.has(a.mapNum)) a.mapNum = 0;
    reactants.push(mol);
  }
  const problem = mappingProblem(product, reactants);
  if (problem) return { ok: false, reason: problem };
  return {
    ok: true,
    reaction: new MappedReaction(product, reactants, inputOrder, productCanonical, contributing),
  };
}

/**
 * Position of each atom of `mol` in the SMILES it was read from, found through
 * map numbers (atoms without one follow, in graph order). Some of RDChiral's
 * choices depend on RDKit's atom order, which is the input order.
 */
function orderInInput(mol: Mol, input: string): Int32Array {
  const position = new Map<number, number>();
  for (const m of input.matchAll(MAP_NUMBER)) position.set(Number(m[1]), position.size);
  const order = new Int32Array(mol.atoms.length);
  mol.atoms.forEach((a, i) => {
    order[i] = (a.mapNum ? position.get(a.mapNum) : undefined) ?? position.size + i;
  });
  return order;
}

/** Checks that every product atom is mapped once and found once among the reactants. */
function mappingProblem(product: Mol, reactants: Mol[]): FailureReason | null {
  const productMaps = new Set<number>();
  for (const a of product.atoms) {
    if (!a.mapNum) return 'unmapped_product_atoms';
    if (productMaps.has(a.mapNum)) return 'duplicate_maps';
    productMaps.add(a.mapNum);
  }
  const reactantMaps = new Set<number>();
  for (const mol of reactants) {
    for (const a of mol.atoms) {
      if (!a.mapNum) continue;
      if (reactantMaps.has(a.mapNum)) return 'duplicate_maps';
      reactantMaps.add(a.mapNum);
    }
  }
  for (const n of productMaps) if (!reactantMaps.has(n)) return 'product_maps_not_in_reactants';
  return null;
}
