/**
 * Planning one target in the search's own terms: complete plan options in,
 * route trees out. Retro* search, then route extraction with diversity
 * limits and every step re-checked; without a route, the graph's most
 * promising partial route. The engine (src/engine/plan-target.ts) turns the
 * trees into the contract's routes, summary and diagnosis.
 */
import type { ReactionModel } from '../reaction-models/reaction-model.js';
import { cheapestPartialRoute, PartialTree } from './diagnosis.js';
import type { AndOrGraph } from './and-or-graph.js';
import { retroStar, SearchCosts, SearchResult, StopReason } from './retro-star.js';
import { bestRoutes, routeReactions, RouteTree, ScoredRoute, selectDiverse } from './routes.js';
import { DEFAULT_ROUTE_WEIGHTS, rankRoutes, RouteScoreWeights } from './scoring.js';

export interface PlanOptions {
  numberOfRoutes: number;
  /** Seconds. */
  processingTime: number;
  buildingBlockLimit: number;
  reactionLimit: number;
  maxDepth: number;
  maxIterations: number;
  /** Reserved for randomized algorithms; Retro* is deterministic. */
  seed: number;
  /** The target is never taken as a building block (so a purchasable target gets routes). */
  excludeTarget?: boolean;
}

export interface PlanContext {
  model: ReactionModel;
  /** Whether a molecule is a building block (the stock's membership test). */
  inStock: (smiles: string) => boolean;
  costs: SearchCosts;
  /** Re-applies a step's template to its product; false drops routes using the step. */
  verifyStep?: (product: string, precursors: string[], source: string) => boolean;
  /** Recorded reactions behind a step's template, for the route score (unknown: 1). */
  precedents?: (source: string) => number;
  routeWeights?: RouteScoreWeights;
  /**
   * A fresh keyer naming each molecule's compound (unset: its SMILES), so routes
   * differing only in how a molecule's tautomer is written count as one.
   */
  compoundKeyer?: () => (smiles: string) => string;
}

export interface RoutePlan {
  target: string;
  /** The routes chosen, best first: ranked, every step verified, diverse. */
  routes: ScoredRoute[];
  stopReason: StopReason;
  iterations: number;
  elapsedMs: number;
  firstRouteMs: number | null;
  /** Molecules and reactions in the search graph. */
  graphSize: { molecules: number; reactions: number };
  /** Only without a route: the most promising partial route and the molecules it lacks. */
  partial?: PartialTree;
}

export function planRoutes(target: string, options: PlanOptions, ctx: PlanContext): RoutePlan {
  const search = searchTarget(target, options, ctx);
  const chosen = chooseRoutes(search.graph, options, ctx);
  return {
    target,
    routes: chosen,
    stopReason: search.stopReason,
    iterations: search.iterations,
    elapsedMs: Math.round(search.elapsedMs),
    firstRouteMs: search.firstRouteMs === null ? null : Math.round(search.firstRouteMs),
    graphSize: {
      molecules: search.graph.molecules.length,
      reactions: search.graph.reactions.length,
    },
    ...(chosen.length ? {} : { partial: cheapestPartialRoute(search.graph, search.stopReason) }),
  };
}

/** The Retro* search a plan runs for its options. */
export function searchTarget(target: string, options: PlanOptions, ctx: PlanContext): SearchResult {
  return retroStar(
    target,
    ctx.model,
    (s) => !(options.excludeTarget && s === target) && ctx.inStock(s),
    {
      maxIterations: options.maxIterations,
      timeLimitMs: options.processingTime * 1000,
      maxDepth: options.maxDepth,
      // One route wanted: the first complete route is Retro*'s answer. More wanted: the
      // search uses its whole budget, because routes found later often rank above the
      // first few (stopping at the first five distinct routes cost nearly a third of the
      // reference routes recovered in the top 5; BENCHMARKS.md, route quality).
      pastFirstRoute: options.numberOfRoutes > 1,
    },
    ctx.costs,
  );
}

/** Routes a plan returns from a search graph: the cheapest, ranked, every step verified, diverse. */
export function chooseRoutes(
  graph: AndOrGraph,
  options: PlanOptions,
  ctx: PlanContext,
): ScoredRoute[] {
  const ranked = rankRoutes(
    bestRoutes(graph, candidateRoutes(options)),
    ctx.routeWeights ?? DEFAULT_ROUTE_WEIGHTS,
    ctx.precedents ?? (() => 1),
  );
  return selectDiverse(
    ranked.filter((r) => stepsVerified(r.tree, ctx)),
    options.numberOfRoutes,
    options.buildingBlockLimit,
    options.reactionLimit,
    ctx.compoundKeyer?.(),
  );
}

/** How many of the cheapest routes the route score ranks. */
export function candidateRoutes(options: PlanOptions): number {
  return Math.max(4 * options.numberOfRoutes, 20);
}

const verified = new WeakMap<object, boolean>();

function stepsVerified(tree: RouteTree, ctx: PlanContext): boolean {
  if (!ctx.verifyStep) return true;
  return routeReactions(tree).every((r) => {
    let ok = verified.get(r);
    if (ok === undefined) {
      ok =
        ctx.verifyStep?.(
          r.product.smiles,
          r.precursors.map((p) => p.smiles),
          r.source,
        ) ?? true;
      verified.set(r, ok);
    }
    return ok;
  });
}
