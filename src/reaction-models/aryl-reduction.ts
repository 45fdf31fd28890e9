/**
 * One-step reductions of aryl substituents that no reagent performs: a
 * phenol's OH or an unactivated aryl fluoride's F replaced by hydrogen
 * (src/chem/aryl-reduction.ts). Templates of that kind come from records that
 * skipped the triflate step or mapped the wrong arene; they match any product
 * with an aromatic CH, so the search "made" triamterene by defluorinating its
 * 4-fluorophenyl analogue.
 */
import { implausibleArylReduction, PreparedMolecule } from '../chem/index.js';
import type { ArylReduction } from '../chem/index.js';
import { LruCache } from '../util/lru.js';
import type { StepJudge } from './critics.js';

const PROBLEMS: Record<ArylReduction, string> = {
  phenol:
    'a phenol deoxygenated in one step (only its triflate or another activated ester is reduced)',
  fluoride: 'an aryl fluoride reduced to the arene although nothing activates its ring',
};

/** Oxygen and fluorine atoms in a SMILES (not Os, Fe, Fm, Fr). */
function count(smiles: string, element: 'O' | 'F'): number {
  return smiles.match(element === 'O' ? /O(?!s)/g : /F(?![emr])/g)?.length ?? 0;
}

export class ArylReductionCheck implements StepJudge {
  private readonly verdicts = new LruCache<string, ArylReduction | null>(20_000);

  /** @param factor the prior's multiplier for a flagged step. */
  constructor(private readonly factor: number) {}

  judge(product: string, precursors: readonly string[]): { factor: number; problems: string[] } {
    // Only a precursor with one more oxygen or fluorine than the product can be one;
    // most steps are passed on counting alone.
    const candidates = precursors.filter(
      (s) => count(s, 'O') === count(product, 'O') + 1 || count(s, 'F') === count(product, 'F') + 1,
    );
    if (!candidates.length) return { factor: 1, problems: [] };
    const key = `${product}>${candidates.join('.')}`;
    let found = this.verdicts.get(key);
    if (found === undefined) {
      const made = new PreparedMolecule(product);
      found = null;
      for (const s of candidates) found ??= implausibleArylReduction(new PreparedMolecule(s), made);
      this.verdicts.set(key, found);
    }
    return found
      ? { factor: this.factor, problems: [PROBLEMS[found]] }
      : { factor: 1, problems: [] };
  }
}
