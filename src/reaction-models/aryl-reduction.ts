/**
 * One-step reductions of aryl substituents that no reagent performs: a
 * phenol's OH or an unactivated aryl fluoride's F replaced by hydrogen, or
 * several substituents, not all halides, removed at once (src/chem/aryl-reduction.ts).
 * Templates of that kind come from records that skipped the triflate step or
 * mapped the wrong arene; they match any product with an aromatic CH, so the
 * search "made" triamterene by defluorinating its 4-fluorophenyl analogue and
 * 2-methoxybenzamide by stripping cisapride.
 */
import { implausibleArylReduction, PreparedMolecule } from '../chem/index.js';
import type { ArylReduction } from '../chem/index.js';
import { LruCache } from '../util/lru.js';
import type { StepJudge } from './critics.js';

const PROBLEMS: Record<ArylReduction, string> = {
  phenol:
    'a phenol deoxygenated in one step (only its triflate or another activated ester is reduced)',
  fluoride: 'an aryl fluoride reduced to the arene although nothing activates its ring',
  several: 'several aryl substituents, not all halides, replaced by hydrogen in one step',
};

/** Heteroatoms in a SMILES, roughly (an upper bound's worth for a prefilter: Si counts as S). */
function heteroatoms(smiles: string): number {
  return smiles.match(/Cl|Br|[NOSFInos]/g)?.length ?? 0;
}

export class ArylReductionCheck implements StepJudge {
  private readonly verdicts = new LruCache<string, ArylReduction | null>(20_000);

  /** @param factor the prior's multiplier for a flagged step. */
  constructor(private readonly factor: number) {}

  judge(product: string, precursors: readonly string[]): { factor: number; problems: string[] } {
    // Only a precursor with more heteroatoms than the product can be one; most steps
    // (couplings, condensations) are passed on counting alone.
    if (!/c/.test(product)) return { factor: 1, problems: [] };
    const least = heteroatoms(product);
    const candidates = precursors.filter((s) => heteroatoms(s) > least);
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
