/**
 * Second opinions on proposed steps, for any single-step model: a scorer says
 * how much a step looks like a recorded reaction (the feasibility filter of
 * src/policy), a judge finds selectivity problems (selectivity.ts). A model
 * takes them as options, so a new model reuses them without knowing either.
 */

/** Scores a proposed step (0-1): how much it looks like a recorded reaction. */
export interface StepScorer {
  score(product: string, precursors: readonly string[]): number;
}

/** Judges a proposed step's selectivity: a prior multiplier and the problems found. */
export interface StepJudge {
  judge(product: string, precursors: readonly string[]): { factor: number; problems: string[] };
}

/** Second opinions on the steps a model proposes. */
export interface StepCritics {
  feasibility?: StepScorer | null;
  selectivity?: StepJudge | null;
}
