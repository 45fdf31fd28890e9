/**
 * The single-step model as search algorithms see it: a molecule in, ranked
 * candidate reactions out. Search code never knows whether these come from
 * templates, a neural network or a lookup table.
 */

export interface CandidateReaction {
  /** Canonical SMILES of the precursors (sorted, distinct from the product). */
  precursors: string[];
  /** Prior probability from the single-step model (0-1]. */
  prior: number;
  /** What produced it (template id), for provenance and re-checking. */
  source: string;
  /** Feasibility of the step (0-1) when the model scores steps. */
  feasibility?: number;
  /** Selectivity problems found with the step (it was penalized for them). */
  concerns?: string[];
  /**
   * Precedent evidence for the route score (0-1): the best, over the recorded reactions of
   * the most similar products, of product similarity squared times the precursors' Tanimoto
   * similarity to what was recorded; 0 for a step with concerns. Set when the model has precedents.
   */
  precedent?: number;
}

/** What the model's critics said of a step, as the search keeps it on the reaction. */
export type StepJudgement = Pick<CandidateReaction, 'feasibility' | 'concerns' | 'precedent'>;

export interface ReactionModel {
  /** Candidate reactions making `smiles` (canonical), best first. */
  expand(smiles: string): CandidateReaction[];
}
