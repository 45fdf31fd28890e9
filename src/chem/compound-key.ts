/**
 * One key per compound for comparing routes: molecules that are tautomers of
 * each other (a 7H- and a 9H-purine, a 2-pyridone and a 2-hydroxypyridine)
 * are one compound, and a route writing either is the same route. Templates
 * write whichever tautomer their recorded reaction had, so a search can reach
 * one building block or intermediate under two spellings.
 */
import { inchiKeyOf } from './molecule.js';
import { tautomerKey } from './tautomer.js';

/**
 * A memoizing keyer: each SMILES maps to the first SMILES seen of the same
 * compound. The tautomer key only nominates (it may join a few molecules that
 * are not tautomers), so a second spelling under a key is confirmed by the
 * standard InChIKey, whose mobile-H layer is the reference definition; the
 * InChI is made only then, never for a molecule alone under its key.
 */
export function compoundKeyer(): (smiles: string) => string {
  const known = new Map<string, string>();
  const groups = new Map<string, string[]>();
  const inchiKeys = new Map<string, string>();
  const inchiKey = (smiles: string) => {
    let key = inchiKeys.get(smiles);
    if (key === undefined) inchiKeys.set(smiles, (key = inchiKeyOf(smiles)));
    return key;
  };
  return (smiles) => {
    const seen = known.get(smiles);
    if (seen !== undefined) return seen;
    const group = tautomerKey(smiles);
    let representative = smiles;
    if (group !== null) {
      const members = groups.get(group) ?? [];
      const own = members.length ? inchiKey(smiles) : '';
      const same = own ? members.find((m) => inchiKey(m) === own) : undefined;
      if (same !== undefined) representative = same;
      else groups.set(group, [...members, smiles]);
    }
    known.set(smiles, representative);
    return representative;
  };
}
