/**
 * Second opinions on proposed steps, for any single-step model: a scorer says
 * how much a step looks like a recorded reaction (the feasibility filter of
 * src/policy), judges find chemistry a chemist would reject (selectivity.ts,
 * solvent-reactants.ts, regiochemistry.ts, fluoride-displacement.ts,
 * aryl-reduction.ts; lone-atom-donors.ts, ring-artifacts.ts and reaction-centres.ts judge a
 * template itself). A model takes them as options, so a new model reuses them
 * without knowing any.
 */
import type { RetroTemplate } from '../chem/index.js';

/** Scores a proposed step (0-1): how much it looks like a recorded reaction. */
export interface StepScorer {
  score(product: string, precursors: readonly string[]): number;
}

/** A step's precedent score (0-1), with the power of product similarity adjustable. */
export interface PrecedentScorer extends StepScorer {
  score(product: string, precursors: readonly string[], similarityPower?: number): number;
}

/** Judges a proposed step's chemistry: a prior multiplier and the problems found. */
export interface StepJudge {
  judge(product: string, precursors: readonly string[]): { factor: number; problems: string[] };
}

/**
 * Judges a template itself, once: chemistry wrong in every step it proposes (a
 * mis-mapped record's template), as a prior multiplier and the problems found.
 */
export interface TemplateJudge {
  judgeTemplate(template: RetroTemplate): { factor: number; problems: string[] };
}

/** Several judges as one: their factors multiply, their problems add up. */
export class JudgePanel implements StepJudge {
  constructor(private readonly judges: readonly StepJudge[]) {}

  judge(product: string, precursors: readonly string[]): { factor: number; problems: string[] } {
    let factor = 1;
    const problems: string[] = [];
    for (const j of this.judges) {
      const verdict = j.judge(product, precursors);
      factor *= verdict.factor;
      problems.push(...verdict.problems);
    }
    return { factor, problems };
  }
}

/**
 * Several template judges as one, each template judged once (a model applies the
 * same templates to molecule after molecule): factors multiply, problems add up.
 */
export class TemplateJudgePanel implements TemplateJudge {
  private readonly verdicts = new WeakMap<RetroTemplate, { factor: number; problems: string[] }>();

  constructor(private readonly judges: readonly TemplateJudge[]) {}

  judgeTemplate(template: RetroTemplate): { factor: number; problems: string[] } {
    let verdict = this.verdicts.get(template);
    if (!verdict) {
      verdict = { factor: 1, problems: [] };
      for (const j of this.judges) {
        const v = j.judgeTemplate(template);
        verdict.factor *= v.factor;
        verdict.problems.push(...v.problems);
      }
      this.verdicts.set(template, verdict);
    }
    return verdict;
  }
}

/**
 * A template judge made of a detector (the kinds of artifact a template has)
 * and the words for each kind: a flagged template's steps get `factor`.
 */
export class TemplateArtifactCheck<Kind extends string> implements TemplateJudge {
  /** @param factor the prior's multiplier for a flagged template's steps. */
  constructor(
    private readonly factor: number,
    private readonly detect: (template: RetroTemplate) => Kind[],
    private readonly words: Record<Kind, string>,
  ) {}

  judgeTemplate(template: RetroTemplate): { factor: number; problems: string[] } {
    const problems = [...new Set(this.detect(template))].map((kind) => this.words[kind]);
    return problems.length ? { factor: this.factor, problems } : { factor: 1, problems };
  }
}

/** Second opinions on the steps a model proposes. */
export interface StepCritics {
  feasibility?: StepScorer | null;
  judge?: StepJudge | null;
  /** How much a step's precursors look like what the nearest recorded products were made from. */
  precedents?: PrecedentScorer | null;
  /** Asked about specific (RDChiral-default) templates only: general ones omit the neighbours. */
  templateJudge?: TemplateJudge | null;
}
