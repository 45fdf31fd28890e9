/**
 * RDChiral's combine_enantiomers_into_racemic: outcomes that differ only by
 * one inverted tetrahedral centre, or one flipped double bond, are replaced by
 * the stereo-free outcome. It works on canonical SMILES text, as RDChiral does.
 */
import { canonicalSmiles } from './canonical.js';

const TRANS_PATTERNS = [/(\/)([^=.\\/]+=[^=.\\/]+)(\/)/g, /(\\)([^=.\\/]+=[^=.\\/]+)(\\)/g];
const OPPOSITE: Record<string, string> = { '\\': '/', '/': '\\' };

export function combineEnantiomers(outcomes: Set<string>): Set<string> {
  const result = new Set(outcomes);
  for (const original of [...result]) {
    let smiles = original;
    for (const m of original.matchAll(/@@/g)) {
      const start = m.index as number;
      const end = start + 2;
      const inverted = `${smiles.slice(0, start)}@${smiles.slice(end)}`;
      if (!result.has(inverted)) continue;
      result.delete(smiles);
      result.delete(inverted);
      smiles = recanonicalize(smiles.slice(0, start) + smiles.slice(end));
      result.add(smiles);
    }
    const matches = TRANS_PATTERNS.flatMap((re) => [...smiles.matchAll(re)]);
    for (const m of matches) {
      const start = m.index as number;
      const end = start + m[0].length;
      const [, g1, g2, g3] = m;
      const head = smiles.slice(0, start);
      const tail = smiles.slice(end);
      const cis1 = head + g1 + g2 + OPPOSITE[g3] + tail;
      const cis2 = head + OPPOSITE[g1] + g2 + g3 + tail;
      const trans2 = head + OPPOSITE[g1] + g2 + OPPOSITE[g3] + tail;
      let remove = false;
      if (result.delete(cis1)) remove = true;
      if (result.delete(cis2)) remove = true;
      if (result.has(trans2) && result.has(smiles)) result.delete(trans2);
      if (remove) {
        result.delete(smiles);
        smiles = recanonicalize(head + g2 + tail);
        result.add(smiles);
      }
    }
  }
  return result;
}

function recanonicalize(smiles: string): string {
  const canonical = canonicalSmiles(smiles);
  if (!canonical) throw new Error(`racemate of an outcome failed to parse: ${smiles}`);
  return canonical;
}
