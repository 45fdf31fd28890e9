/** Holding products out of template libraries and training data (for leakage-free evaluation). */
import { canonicalSmiles } from '../chem/index.js';

/**
 * Identity of a product for holding it out: canonical SMILES without maps
 * and without stereo, so a reaction recorded with or without stereo marks is
 * still recognized. Null when the SMILES does not parse.
 */
export function heldOutKey(smiles: string): string | null {
  const canonical = canonicalSmiles(smiles.replace(/:\d+\]/g, ']'));
  if (!canonical) return null;
  return /[@/\\]/.test(canonical) ? canonicalSmiles(canonical.replace(/[@/\\]/g, '')) : canonical;
}
