/**
 * Lookup keys for building-block rows (runs in worker threads during import):
 * canonical isomeric SMILES, its stereo-free form, its parent compound (null
 * when the entry is its own parent: no counter-ion, no charge to neutralize),
 * the parent's tautomer key (null without a heteroatom tautomer system), and
 * optionally the InChIKey.
 */
import {
  AROMATIC_ORGANIC_SYMBOLS,
  canonicalSmiles,
  inchiKeyOf,
  Molecule,
  parentSmiles,
  ORGANIC_SYMBOLS,
  stereoFreeSmiles,
  tautomerKey,
} from '../chem/index.js';

export interface RowKeys {
  smiles: string | null;
  stereoFree: string | null;
  parent: string | null;
  tautomer: string | null;
  inchiKey: string | null;
  error?: string;
}

export interface KeyOptions {
  kind: 'smiles' | 'molblock';
  /** Input is known to be RDKit-canonical already: skip re-canonicalization. */
  trusted: boolean;
  inchiKeys: boolean;
}

export const NO_KEYS: RowKeys = {
  smiles: null,
  stereoFree: null,
  parent: null,
  tautomer: null,
  inchiKey: null,
};

const SMILES_CHARS = /^[A-Za-z0-9@+\-[\]()=#$%:/\\.*]+$/;

export function keysFor(structure: string, opts: KeyOptions): RowKeys {
  let smiles: string | null;
  if (opts.trusted && opts.kind === 'smiles' && !needsRecanonicalization(structure)) {
    smiles = SMILES_CHARS.test(structure) ? structure : null;
    if (!smiles) return { ...NO_KEYS, error: 'unparseable' };
  } else {
    const parsed =
      opts.kind === 'molblock' ? Molecule.fromMolBlock(structure) : Molecule.parse(structure);
    if (!parsed.ok) return { ...NO_KEYS, error: parsed.error.code };
    smiles = parsed.molecule.smiles;
  }
  const parent = parentSmiles(smiles);
  return {
    smiles,
    stereoFree: stereoFreeSmiles(smiles),
    parent: parent === smiles ? null : parent,
    tautomer: tautomerKey(parent),
    inchiKey: opts.inchiKeys ? inchiKeyOf(smiles) || null : null,
  };
}

const ORGANIC_BRACKET = new Set([...ORGANIC_SYMBOLS, ...AROMATIC_ORGANIC_SYMBOLS, 'H', 'se']);

/**
 * SMILES whose canonical form may differ between RDKit versions even when
 * written by RDKit: anything with bracket atoms outside the organic elements
 * (metals, silicon, ...), whose hydrogen conventions changed across releases.
 */
export function needsRecanonicalization(smiles: string): boolean {
  for (const m of smiles.matchAll(/\[\d*([A-Z][a-z]?|se|[a-z])/g)) {
    if (!ORGANIC_BRACKET.has(m[1])) return true;
  }
  return false;
}

/**
 * True when RDKit leaves every sampled (organic) SMILES unchanged: the file is
 * RDKit-canonical output, so its organic rows can be taken as keys directly.
 */
export function looksCanonical(sample: string[]): boolean {
  const organic = sample.filter((s) => !needsRecanonicalization(s));
  return organic.length > 0 && organic.every((s) => canonicalSmiles(s) === s);
}
