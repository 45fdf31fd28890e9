/**
 * What is wrong with a SMILES as text, in words rather than the contract's
 * regular expression: used to explain the API's 422 answers and by the
 * command line before it submits anything.
 */
import { Molecule } from '../chem/index.js';
import spec from '../contract/spec/retro-v2.openapi.json' with { type: 'json' };

/** The Retro v2 contract's SMILES pattern (queries, batch SMILES, result items). */
export const SPEC_SMILES_PATTERN = spec.components.schemas.JobResource.properties.query.pattern;
const SMILES = new RegExp(SPEC_SMILES_PATTERN);

/** Null when the text passes the contract's SMILES rules and the length limit. */
export function smilesTextProblem(smiles: string, maxLength = Infinity): string | null {
  if (!smiles) return 'empty: no SMILES given';
  if (smiles.length > maxLength)
    return `${smiles.length} characters long; the server accepts at most ${maxLength}`;
  if (SMILES.test(smiles)) return null;
  const odd = [...new Set([...smiles].filter((c) => !SMILES.test(c)))];
  if (odd.some((c) => /\s/.test(c))) return 'contains a space or tab, which SMILES does not use';
  const shown = odd.slice(0, 5).map((c) => `"${c}"`);
  return `contains ${shown.join(', ')}, which ${odd.length > 1 ? 'are' : 'is'} not used in SMILES`;
}

/**
 * Why a target cannot be planned, in words: the text rules, then (unless
 * `chemistry` is false) whether RDKit reads a molecule (load RDKit first).
 */
export function targetProblem(
  smiles: string,
  maxLength = Infinity,
  chemistry = true,
): string | null {
  const text = smilesTextProblem(smiles, maxLength);
  if (text || !chemistry) return text;
  const parsed = Molecule.parse(smiles);
  return parsed.ok ? null : parsed.error.message;
}
