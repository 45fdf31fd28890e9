/**
 * Canonical SMILES through RDKit: the single source of truth for molecule
 * identity. Results are cached because the same precursors recur across
 * templates, targets and batches.
 */
import { LruCache } from '../util/lru.js';
import { rememberOnBits } from './fingerprint.js';
import { readMol, withScope } from './rdkit.js';

const NOT_VALID = '\u0000';
/** CIP labels are not needed for SMILES and cost a third of the parse time. */
const GENERAL = JSON.stringify({ assignCIPLabels: false });
/** Without explicit hydrogen atoms there is nothing for removeHs to do. */
const NO_EXPLICIT_H = JSON.stringify({ assignCIPLabels: false, removeHs: false });
const EXPLICIT_H = /\[\d*H(?![a-z])/;
const cache = new LruCache<string, string>(200_000);

/**
 * Sanitizes and canonicalizes a SMILES string (isomeric). Returns null when
 * RDKit cannot parse or sanitize it. Fragments are sorted so that '.'-joined
 * sets compare as strings.
 */
export function canonicalSmiles(smiles: string): string | null {
  const hit = cache.get(smiles);
  if (hit !== undefined) return hit === NOT_VALID ? null : hit;
  const result = withScope((own) => {
    const mol = own(readMol(smiles, EXPLICIT_H.test(smiles) ? GENERAL : NO_EXPLICIT_H));
    if (!mol || !mol.is_valid()) return null;
    const canonical = sortFragments(mol.get_smiles());
    if (!canonical.includes('.')) rememberOnBits(mol, canonical);
    return canonical;
  });
  cache.set(smiles, result ?? NOT_VALID);
  return result;
}

/**
 * Canonical SMILES of a set of molecules given as separate SMILES (each
 * canonicalized and cached on its own), sorted and '.'-joined; null if any is invalid.
 */
export function canonicalSet(fragments: readonly string[]): string | null {
  const out: string[] = [];
  for (const f of fragments) {
    const c = canonicalSmiles(f);
    if (c === null) return null;
    out.push(c);
  }
  return sortFragments(out.join('.'));
}

export function sortFragments(smiles: string): string {
  if (!smiles.includes('.')) return smiles;
  return smiles.split('.').sort().join('.');
}

/** Number of tetrahedral centres written in a SMILES string ('@' and '@@' count once). */
export function countTetrahedralCentres(smiles: string): number {
  let n = 0;
  for (let i = 0; i < smiles.length; i++) {
    if (smiles[i] === '@') {
      n++;
      if (smiles[i + 1] === '@') i++;
    }
  }
  return n;
}

export function clearCanonicalCache(): void {
  cache.clear();
}

const stereoFreeCache = new LruCache<string, string>(100_000);

/**
 * Canonical SMILES without stereo for a canonical isomeric SMILES: the string
 * itself when it has no stereo marks (RDKit writes the same string either way).
 */
export function stereoFreeSmiles(canonical: string): string {
  if (!/[@/\\]/.test(canonical)) return canonical;
  const hit = stereoFreeCache.get(canonical);
  if (hit !== undefined) return hit;
  const result = withScope((own) => {
    const mol = own(readMol(canonical, NO_EXPLICIT_H));
    return mol ? mol.get_smiles(JSON.stringify({ doIsomericSmiles: false })) : canonical;
  });
  stereoFreeCache.set(canonical, result);
  return result;
}
