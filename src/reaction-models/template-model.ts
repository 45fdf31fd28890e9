/**
 * The template-based single-step model: the policy ranks templates for a
 * molecule, each template is applied with RDChiral semantics, and every
 * distinct precursor set becomes a candidate reaction.
 */
import {
  applyTemplate,
  ELEMENT,
  parentSmiles,
  PreparedMolecule,
  RetroTemplate,
} from '../chem/index.js';
import type { ExpansionPolicy } from '../policy/types.js';
import { LeavingGroupSibling, LeavingGroupSiblings } from '../templates/leaving-groups.js';
import type { TemplateLibrary } from '../templates/library.js';
import type { StepCritics } from './critics.js';
import { FamilyShare } from './family-share.js';
import { CandidateReaction, ReactionModel } from './reaction-model.js';

/** Templates by index, parsed on first use. */
export interface TemplateSet {
  readonly size: number;
  get(index: number): RetroTemplate | null;
  id(index: number): string;
  indexOf(id: string): number;
  /** Index of the general (reaction-centre) form of a template, or -1. */
  generalOf(index: number): number;
  /** Whether it is some reaction's specific (RDChiral-default) template. */
  isSpecific(index: number): boolean;
  /** The same reaction with another leaving group (templates/leaving-groups.ts). */
  leavingGroupSiblings(index: number): readonly LeavingGroupSibling[];
}

export interface TemplateModelOptions {
  /** Stop after this many templates produced precursors. */
  topK: number;
  /** Most templates tried per molecule (many do not apply). */
  maxTried: number;
  /** Stop once the productive templates' priors add up to this. */
  cumulativePrior: number;
  /**
   * When fewer templates than this produced precursors, the general forms of
   * the ranked templates are tried too (at a reduced prior); Infinity = always.
   */
  generalBelow: number;
  /** Prior multiplier for general templates (they are less selective). */
  generalPriorFactor: number;
  /** With a feasibility scorer: steps scored below this are dropped. */
  feasibilityMinimum: number;
  /** With a feasibility scorer: a step's prior is multiplied by its score to this power. */
  feasibilityWeight: number;
  /**
   * Write each precursor as its parent compound (`parentSmiles`): a template
   * recorded with a sodium carboxylate or potassium cyanide proposes the acid
   * or hydrogen cyanide that catalogues list, and steps differing only in
   * that ionization become one.
   */
  neutralPrecursors?: boolean;
  /**
   * Molecules with fewer carbon atoms are commodity chemicals (phosgene, nitrite,
   * triflic acid, peroxysulfuric acid): bought, never made, so no template is applied
   * to them. A template "making" one is an artifact of the record's reagents, and a
   * route through it is chemistry a chemist rejects at a glance. Unset: 0.
   */
  minCarbons?: number;
  /**
   * For single-step predictions only (`predict`): share of a template family's
   * tried-but-inapplicable prior given to the family's productive templates
   * (family-share.ts); unset or 0: the priors are only renormalized. The search's
   * expansions never take it: on the reference routes it ranked more reference steps
   * first yet recovered fewer whole routes (BENCHMARKS.md).
   */
  predictionFamilyShare?: number;
  /**
   * Each applied template's leaving-group siblings (the aryl iodide's or triflate's
   * Suzuki coupling beside the bromide's) are applied too, at the template's prior times this factor
   * times the sibling's share of their precedents. They come on top of the expansion:
   * the other candidates keep their priors. Unset or 0: not tried.
   */
  leavingGroupSiblings?: number;
  /**
   * With a precedent scorer: a step's prior is multiplied by (PRECEDENT_FLOOR +
   * its score) to this power, so steps from precursors like those that similar
   * products were made from rank first; a step a judge flags scores 0. Unset or
   * 0: not asked.
   */
  precedentWeight?: number;
}

const { C: CARBON } = ELEMENT;

/** Added to a precedent score: a step unlike any precedent is lowered, never ruled out. */
const PRECEDENT_FLOOR = 0.01;

/**
 * Product similarity's power in the precedent evidence a step carries to the route
 * score: squared, a precedent for a less similar product counts for less than in the
 * prior (power 1). Chosen with the route score's weakest-step weight (search/scoring.ts).
 */
const ROUTE_PRECEDENT_POWER = 2;

/**
 * Leaving-group siblings whose prior would fall below this share of their template's
 * are not applied: a step costing 4.6 more than its sibling's is never cheap enough
 * for a route, and rare siblings (a chloride recorded once beside a bromide recorded
 * 500 times) are many.
 */
const MIN_SIBLING_FACTOR = 0.01;

export const DEFAULT_MODEL_OPTIONS: TemplateModelOptions = {
  topK: 50,
  maxTried: 300,
  cumulativePrior: 0.995,
  generalBelow: 3,
  generalPriorFactor: 0.1,
  feasibilityMinimum: 0,
  feasibilityWeight: 0,
};

export class TemplateReactionModel implements ReactionModel {
  constructor(
    private readonly templates: TemplateSet,
    private readonly policy: ExpansionPolicy,
    private readonly options: TemplateModelOptions = DEFAULT_MODEL_OPTIONS,
    private readonly critics: StepCritics = {},
  ) {}

  expand(smiles: string): CandidateReaction[] {
    return this.candidates(smiles, 0);
  }

  /** Candidate reactions, with `familyShare` of each family's inapplicable prior given back. */
  private candidates(smiles: string, familyShare: number): CandidateReaction[] {
    const mol = new PreparedMolecule(smiles);
    if ((mol.elementCounts.get(CARBON) ?? 0) < (this.options.minCarbons ?? 0)) return [];
    const out: CandidateReaction[] = [];
    const ranked = this.policy.rank(smiles, this.options.maxTried);
    let cumulative = 0;
    let productive = 0;
    const applied = new Map<number, number>();
    // Families are tracked only when predictions ask for the share: the search's
    // expansions (the hot path) never do.
    const families = familyShare ? new FamilyShare() : null;
    for (const { template, prior } of ranked) {
      if (productive >= this.options.topK || cumulative >= this.options.cumulativePrior) break;
      const family = families ? this.familyOf(template) : 0;
      families?.triedTemplate(family, prior);
      if (this.applyOne(template, prior, mol, out)) {
        productive++;
        cumulative += prior;
        applied.set(template, prior);
        families?.productiveTemplate(family, prior, this.templates.id(template));
      }
    }
    const siblings = this.siblingCandidates(applied, mol);
    families?.giveBack(out, familyShare);
    if (productive < this.options.generalBelow) {
      // Fall back to the reaction-centre forms of the ranked templates.
      const seen = new Set<number>();
      for (const { template, prior } of ranked) {
        if (productive >= this.options.topK) break;
        const general = this.templates.generalOf(template);
        if (general < 0 || seen.has(general)) continue;
        seen.add(general);
        if (this.applyOne(general, prior * this.options.generalPriorFactor, mol, out)) productive++;
      }
    }
    const { feasibility, judge } = this.critics;
    if (!feasibility && !judge && !this.precedentWeight()) return renormalized(out, siblings);
    return renormalized(this.judged(smiles, out), this.judged(smiles, siblings));
  }

  /**
   * Candidates from the leaving-group siblings of the templates that gave
   * precursors (those not applied already), at their template's prior times the
   * `leavingGroupSiblings` factor and their share of precedents.
   */
  private siblingCandidates(applied: Map<number, number>, mol: PreparedMolecule) {
    const out: CandidateReaction[] = [];
    const factor = this.options.leavingGroupSiblings ?? 0;
    if (!factor) return out;
    const tried = new Set(applied.keys());
    for (const [template, prior] of applied) {
      for (const { index, share } of this.templates.leavingGroupSiblings(template)) {
        if (tried.has(index) || factor * share < MIN_SIBLING_FACTOR) continue;
        tried.add(index);
        this.applyOne(index, prior * factor * share, mol, out);
      }
    }
    return out;
  }

  /**
   * Candidates re-weighted by the critics: feasibility (those below the
   * minimum dropped) and the judges (penalized by their factor).
   */
  private judged(product: string, candidates: CandidateReaction[]): CandidateReaction[] {
    const { feasibilityMinimum: minimum, feasibilityWeight: weight } = this.options;
    const { feasibility, judge, precedents } = this.critics;
    const precedentWeight = this.precedentWeight();
    const kept: CandidateReaction[] = [];
    for (const c of candidates) {
      let prior = c.prior;
      const judged: CandidateReaction = { ...c };
      if (feasibility) {
        const p = feasibility.score(product, c.precursors);
        if (p < minimum) continue;
        prior *= p ** weight;
        judged.feasibility = p;
      }
      let flagged = false;
      if (judge) {
        const verdict = judge.judge(product, c.precursors);
        prior *= verdict.factor;
        flagged = verdict.problems.length > 0;
        if (flagged) judged.concerns = [...(c.concerns ?? []), ...verdict.problems];
      }
      if (precedents && precedentWeight) {
        // A flagged step earns no precedent credit: fingerprints cannot see the ring
        // position or the direction (a fragment cut from a larger precursor) that the
        // judge objects to, so similar precursors are no evidence for it. With credit, a
        // misdirected Friedel-Crafts step to trimethoprim outweighed its penalty and came
        // first (selectivity cases, BENCHMARKS.md).
        const score = flagged ? 0 : precedents.score(product, c.precursors);
        prior *= (PRECEDENT_FLOOR + score) ** precedentWeight;
        // Any concern (the template's too, and every flagged step has one) leaves the
        // route score no evidence for the step.
        judged.precedent = judged.concerns?.length
          ? 0
          : precedents.score(product, c.precursors, ROUTE_PRECEDENT_POWER);
      }
      judged.prior = prior;
      kept.push(judged);
    }
    return kept;
  }

  /** The precedent weight in use: 0 without a precedent scorer. */
  private precedentWeight(): number {
    return this.critics.precedents ? (this.options.precedentWeight ?? 0) : 0;
  }

  /** A template's family: its general form's index, or (without one) a key of its own. */
  private familyOf(template: number): number {
    const general = this.templates.generalOf(template);
    return general < 0 ? -1 - template : general;
  }

  /** Applies one template; adds its outcomes to `out` and returns whether there were any. */
  private applyOne(
    template: number,
    prior: number,
    mol: PreparedMolecule,
    out: CandidateReaction[],
  ): boolean {
    const tpl = this.templates.get(template);
    if (!tpl) return false;
    const verdict = this.templateVerdict(template, tpl);
    let produced = false;
    for (const precursors of this.outcomes(tpl, mol)) {
      if (precursors.includes(mol.smiles)) continue;
      const candidate: CandidateReaction = {
        precursors,
        prior,
        source: this.templates.id(template),
      };
      if (verdict) {
        candidate.prior *= verdict.factor;
        candidate.concerns = verdict.problems;
      }
      out.push(candidate);
      produced = true;
    }
    return produced;
  }

  /** The template judge's verdict on a specific template, when it found problems. */
  private templateVerdict(index: number, tpl: RetroTemplate) {
    const judge = this.critics.templateJudge;
    if (!judge || !this.templates.isSpecific(index)) return null;
    const verdict = judge.judgeTemplate(tpl);
    return verdict.problems.length ? verdict : null;
  }

  /** A template's precursor sets for a molecule, each sorted (as parents with `neutralPrecursors`). */
  private outcomes(tpl: RetroTemplate, mol: PreparedMolecule): string[][] {
    const sets = applyTemplate(tpl, mol).map((outcome) => outcome.split('.'));
    return this.options.neutralPrecursors ? sets.map((set) => set.map(parentSmiles).sort()) : sets;
  }

  /** The policy's ranking alone (for speed measurements). */
  policyRanking(smiles: string, k: number) {
    return this.policy.rank(smiles, k);
  }

  /**
   * Single-step prediction: distinct precursor sets, most likely first, at
   * most k (see rankPrecursorSets).
   */
  predict(smiles: string, k: number): PrecursorPrediction[] {
    return rankPrecursorSets(this.predictionCandidates(smiles), k);
  }

  /** Candidate reactions as single-step predictions see them (with the family share). */
  predictionCandidates(smiles: string): CandidateReaction[] {
    return this.candidates(smiles, this.options.predictionFamilyShare ?? 0);
  }

  /** The template behind a candidate's `source`. */
  template(source: string): RetroTemplate | null {
    return this.templates.get(this.templates.indexOf(source));
  }

  /** Whether applying template `source` to `product` gives exactly these precursors. */
  verify(product: string, precursors: string[], source: string): boolean {
    const tpl = this.templates.get(this.templates.indexOf(source));
    if (!tpl) return false;
    const key = [...precursors].sort().join('.');
    return this.outcomes(tpl, new PreparedMolecule(product)).some((set) => set.join('.') === key);
  }
}

export interface PrecursorPrediction {
  /** Canonical precursors, sorted and '.'-joined. */
  reactants: string;
  score: number;
  /** The template giving it the largest share. */
  template: string;
}

/**
 * Distinct precursor sets from candidate reactions, best first, at most k. A
 * template's probability is shared by its outcomes, and precursor sets
 * reached by several templates collect all their shares. With
 * `feasibilityWeight`, each share is multiplied by the candidate's
 * feasibility to that power (on top of what the model applied).
 */
export function rankPrecursorSets(
  candidates: CandidateReaction[],
  k: number,
  feasibilityWeight = 0,
): PrecursorPrediction[] {
  const outcomes = new Map<string, number>();
  for (const c of candidates) outcomes.set(c.source, (outcomes.get(c.source) ?? 0) + 1);
  const best = new Map<string, PrecursorPrediction & { top: number }>();
  for (const c of candidates) {
    const reactants = c.precursors.join('.');
    const weight =
      feasibilityWeight && c.feasibility !== undefined ? c.feasibility ** feasibilityWeight : 1;
    const share = (c.prior * weight) / (outcomes.get(c.source) as number);
    const seen = best.get(reactants);
    if (!seen) best.set(reactants, { reactants, score: share, template: c.source, top: share });
    else {
      seen.score += share;
      if (share > seen.top) {
        seen.top = share;
        seen.template = c.source;
      }
    }
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map(({ reactants, score, template }) => ({ reactants, score, template }));
}

/**
 * Priors rescaled over the candidates that actually apply: each template
 * counts once (its outcomes carry its prior, possibly re-weighted per outcome
 * by feasibility: the template's largest counts), so they sum to 1 per molecule.
 * `extra` candidates (leaving-group siblings) are rescaled alike but left out of the
 * sum, so that trying them changes no other candidate's prior.
 */
function renormalized(
  candidates: CandidateReaction[],
  extra: CandidateReaction[] = [],
): CandidateReaction[] {
  const best = new Map<string, number>();
  for (const c of candidates) best.set(c.source, Math.max(best.get(c.source) ?? 0, c.prior));
  let total = 0;
  for (const p of best.values()) total += p;
  const all = extra.length ? [...candidates, ...extra] : candidates;
  if (total <= 0) return all;
  return all.map((c) => ({ ...c, prior: c.prior / total }));
}

/** A template library as a TemplateSet: index = position in the file, id = the template id. */
export class LibraryTemplateSet implements TemplateSet {
  private readonly ids: string[];
  private readonly index = new Map<string, number>();
  /** Leaving-group siblings of the library's templates, bucketed on first use. */
  private siblings: LeavingGroupSiblings | undefined;

  constructor(readonly library: TemplateLibrary) {
    this.ids = library.entries().map((e) => e.id);
    this.ids.forEach((id, i) => this.index.set(id, i));
  }

  get size(): number {
    return this.ids.length;
  }

  get(index: number): RetroTemplate | null {
    const id = this.ids[index];
    if (id === undefined) return null;
    try {
      return this.library.template(id) ?? null;
    } catch {
      return null;
    }
  }

  id(index: number): string {
    return this.ids[index];
  }

  indexOf(id: string): number {
    return this.index.get(id) ?? -1;
  }

  generalOf(index: number): number {
    const general = this.library.entry(this.ids[index])?.general;
    return general ? this.indexOf(general) : -1;
  }

  isSpecific(index: number): boolean {
    return this.library.entry(this.ids[index])?.specificity === 'specific';
  }

  leavingGroupSiblings(index: number): readonly LeavingGroupSibling[] {
    this.siblings ??= new LeavingGroupSiblings(this.library.entries());
    return this.siblings.of(index);
  }
}
