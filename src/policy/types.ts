/** The expansion policy's contract: templates ranked for a molecule, with prior probabilities. */

export interface RankedTemplate {
  /** Index into the template library the policy was built for. */
  template: number;
  prior: number;
}

export interface ExpansionPolicy {
  /** Up to `k` templates for a canonical SMILES, best first; priors sum to at most 1. */
  rank(smiles: string, k: number): RankedTemplate[];
}
