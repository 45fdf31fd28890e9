/**
 * Extraction over a batch of reaction records into counts, with held-out
 * products left out: the unit of work of `synroute templates extract`
 * (in the main thread or a worker thread).
 */
import { canonicalSmiles } from '../chem/index.js';
import { extractTemplates, ExtractOptions } from './extract.js';
import { addExcluded, addResult, emptyTally, Tally } from './library-builder.js';

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

export function extractBatch(
  records: string[],
  heldOut: ReadonlySet<string>,
  options: ExtractOptions = {},
): Tally {
  const tally = emptyTally();
  for (const text of records) {
    const result = extractTemplates(text, options);
    if (result.ok && heldOut.size && heldOut.has(heldOutKey(result.reaction.productSmiles) ?? '')) {
      addExcluded(tally);
      continue;
    }
    addResult(tally, result);
  }
  return tally;
}
