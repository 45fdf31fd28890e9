/**
 * The per-target summary used by the batch endpoints: synthesizability,
 * a 1-10 synthetic complexity score of the best route, the certainty of its
 * reactions, its building-block price and size.
 */
import { routeDepth, routeReactions, ScoredRoute } from './routes.js';
import { Route, StopReason, TargetSummary } from './types.js';

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

/** Geometric mean of the reactions' prior probabilities (1 for no reactions). */
export function routeCertainty(route: ScoredRoute): number {
  const reactions = routeReactions(route.tree);
  if (!reactions.length) return 1;
  const meanLog =
    reactions.reduce((s, r) => s + Math.log(Math.max(r.prior, 1e-9)), 0) / reactions.length;
  return Math.round(Math.exp(meanLog) * 1000) / 1000;
}

/** Sum of the cheapest listed price of each building block; null when any has no price. */
export function routePrice(route: Route): number | null {
  let total = 0;
  for (const bb of route.buildingBlocks) {
    const prices = bb.buildingBlockMetadata.map((m) => m.price).filter((p) => p > 0);
    if (!prices.length) return null;
    total += Math.min(...prices);
  }
  return Math.round(total * 100) / 100;
}

export function summarize(
  best: ScoredRoute | null,
  bestRoute: Route | null,
  stop: StopReason,
): TargetSummary {
  const timedOut = stop === 'time';
  if (!best || !bestRoute) {
    return {
      synthesizable: false,
      score: null,
      certainty: null,
      price: null,
      reactionCount: null,
      timedOut,
    };
  }
  const reactions = routeReactions(best.tree).length;
  const certainty = routeCertainty(best);
  return {
    synthesizable: true,
    score: complexityScore(routeDepth(best.tree), reactions, certainty),
    certainty,
    price: routePrice(bestRoute),
    reactionCount: reactions,
    timedOut,
  };
}
