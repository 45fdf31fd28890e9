/**
 * How good a route tree is: its rank among the routes found (search cost plus
 * penalties for long linear sequences and rarely recorded templates), its
 * 1-10 synthetic complexity and the certainty of its reactions.
 */
import type { ReactionNode } from './and-or-graph.js';
import { routeDepth, routeReactions, ScoredRoute } from './routes.js';

/**
 * Complexity 1-10 of a route: 1 for a purchasable target; each step of the
 * longest linear sequence adds 1.5, every other step 0.5, and doubtful
 * reactions add up to 3 (via 1 - certainty).
 */
export function complexityScore(
  longestLinear: number,
  reactions: number,
  certainty: number,
): number {
  const raw = 1 + 1.5 * longestLinear + 0.5 * (reactions - longestLinear) + 3 * (1 - certainty);
  return Math.min(10, Math.max(1, Math.round(raw * 100) / 100));
}

/**
 * Confidence in a route's reactions, 0-1: the geometric mean of their
 * feasibility scores when the model judged them (the feasibility filter is
 * trained to say whether a step is a real reaction), otherwise of their
 * prior probabilities; 1 for no reactions.
 */
export function routeCertainty(route: ScoredRoute): number {
  const reactions = routeReactions(route.tree);
  if (!reactions.length) return 1;
  const judged = reactions.every((r) => r.judgement.feasibility !== undefined);
  const value = (r: (typeof reactions)[number]) =>
    judged ? (r.judgement.feasibility as number) : r.prior;
  const meanLog =
    reactions.reduce((s, r) => s + Math.log(Math.max(value(r), 1e-9)), 0) / reactions.length;
  return Math.round(Math.exp(meanLog) * 1000) / 1000;
}

/** Weights of the route score beyond the search cost. */
export interface RouteScoreWeights {
  /** Per step of the longest linear sequence beyond the first: convergent routes first. */
  linear: number;
  /** Per step, divided by 1 + log10(precedents): templates seen in few recorded reactions cost more. */
  rarity: number;
  /**
   * Times -ln(0.01 + s) for the route's least precedented step, s its precedent evidence
   * (the model gives 0 for a step with concerns): a route is as credible as its weakest step, which the
   * summed search cost lets well-precedented steps hide.
   */
  weakestStep: number;
}

/**
 * Rarity 1 (was 0.5): replaying the planner's choice on the search graphs of all 642
 * reference-route targets, it put three more reference routes first and four more in the
 * first five, with neither set nor either half worse. Weakest step 1.5 (was none), replayed
 * the same way: six more reference routes first (9 gained, 3 lost) and six more in the first
 * five (10 gained, 4 lost), every half and set better or equal, weights 1 to 3 alike
 * (BENCHMARKS.md, route quality).
 */
export const DEFAULT_ROUTE_WEIGHTS: RouteScoreWeights = {
  linear: 0.3,
  rarity: 1,
  weakestStep: 1.5,
};

/** Added to a step's precedent evidence, as in the single-step prior: none is never infinite. */
const PRECEDENT_FLOOR = 0.01;

/**
 * How plausible a route is; lower is better. The search cost of its steps
 * (each -log prior + a base cost, where the prior already carries the
 * single-step model's critics: feasibility and selectivity), plus a penalty
 * per step of the longest linear sequence beyond the first (with the same
 * steps, a convergent route wins), plus a penalty for steps whose template
 * has few recorded precedents (`precedents` gives the count of a step's
 * template; unknown counts as 1), plus a penalty for the step least like what
 * similar products were made from (steps without precedent evidence: none).
 */
export function routeScore(
  route: ScoredRoute,
  weights: RouteScoreWeights,
  precedents: (source: string) => number,
): number {
  const reactions = routeReactions(route.tree);
  let rarity = 0;
  for (const r of reactions) rarity += 1 / (1 + Math.log10(Math.max(1, precedents(r.source))));
  const linear = Math.max(0, routeDepth(route.tree) - 1);
  return (
    route.cost +
    weights.linear * linear +
    weights.rarity * rarity +
    weights.weakestStep * weakestStep(reactions)
  );
}

/** -ln(0.01 + s) of the step with the least precedent evidence s; 0 when no step has any. */
function weakestStep(reactions: ReactionNode[]): number {
  let worst = 0;
  for (const { judgement } of reactions) {
    if (judgement.precedent === undefined) continue;
    worst = Math.max(worst, -Math.log(PRECEDENT_FLOOR + judgement.precedent));
  }
  return worst;
}

/** Routes best first by routeScore (stable for equal scores). */
export function rankRoutes(
  routes: ScoredRoute[],
  weights: RouteScoreWeights,
  precedents: (source: string) => number,
): ScoredRoute[] {
  return routes
    .map((route, i) => ({ route, i, score: routeScore(route, weights, precedents) }))
    .sort((a, b) => a.score - b.score || a.i - b.i)
    .map((x) => x.route);
}
