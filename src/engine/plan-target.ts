/**
 * One target planned in the contract's terms: the job's parameters become the
 * search's complete plan options (defaults from the contract's table), and
 * the search's route trees become the spec's routes, the target's summary and,
 * without a route, the diagnosis.
 */
import {
  DEFAULTS,
  Diagnosis,
  NO_ROUTE,
  Parameters,
  Route,
  routePrice,
  StopReason,
  TargetSummary,
} from '../contract/index.js';
import { PlanContext, PlanOptions, planRoutes } from '../search/planner.js';
import { routeDepth, routeReactions, RouteTree, ScoredRoute } from '../search/routes.js';
import { complexityScore, routeCertainty } from '../search/scoring.js';
import type { Stock } from '../stock/stock.js';
import type { TemplateLookup } from './route-spelling.js';
import { toDiagnosis, toSpecRoute } from './spec-route.js';

export function planOptionsFrom(
  params: Partial<Parameters>,
  extra: Partial<PlanOptions> = {},
): PlanOptions {
  const defaults = DEFAULTS.parameters;
  return {
    numberOfRoutes: params.number_of_routes ?? defaults.number_of_routes,
    processingTime: params.processing_time ?? defaults.processing_time,
    buildingBlockLimit: params.building_block_limit ?? defaults.building_block_limit,
    reactionLimit: params.reaction_limit ?? defaults.reaction_limit,
    maxDepth: DEFAULTS.maxDepth,
    maxIterations: DEFAULTS.iterationLimit,
    seed: DEFAULTS.seed,
    excludeTarget: params.exclude_target_from_stock === true,
    ...extra,
  };
}

/** The search's context, with the stock whose offers the routes carry. */
export interface TargetContext extends Omit<PlanContext, 'inStock'> {
  stock: Stock;
  /** The model's templates, to carry building blocks' listed spellings up a route. */
  templateOf?: TemplateLookup;
}

export interface TargetPlan {
  target: string;
  routes: Route[];
  summary: TargetSummary;
  stopReason: StopReason;
  iterations: number;
  elapsedMs: number;
  firstRouteMs: number | null;
  /** Molecules and reactions in the search graph. */
  graphSize: { molecules: number; reactions: number };
  /** The best route's tree (with template sources), for atom mapping. */
  bestTree: RouteTree | null;
  /** Only without a route: the most promising partial route and the molecules it lacks. */
  diagnosis?: Diagnosis;
}

export function planTarget(target: string, options: PlanOptions, ctx: TargetContext): TargetPlan {
  const { stock, templateOf, ...search } = ctx;
  const plan = planRoutes(target, options, { ...search, inStock: (s) => stock.contains(s) });
  const routes = plan.routes.map((r) => toSpecRoute(r.tree, stock, templateOf));
  return {
    target,
    routes,
    summary: summarize(plan.routes[0] ?? null, routes[0] ?? null, plan.stopReason),
    stopReason: plan.stopReason,
    iterations: plan.iterations,
    elapsedMs: plan.elapsedMs,
    firstRouteMs: plan.firstRouteMs,
    graphSize: plan.graphSize,
    bestTree: plan.routes[0]?.tree ?? null,
    ...(plan.partial ? { diagnosis: toDiagnosis(plan.partial, stock, templateOf) } : {}),
  };
}

/**
 * The per-target summary of the batch endpoints: synthesizability, the best
 * route's 1-10 synthetic complexity, the certainty of its reactions, its
 * building-block price and size.
 */
export function summarize(
  best: ScoredRoute | null,
  bestRoute: Route | null,
  stop: StopReason,
): TargetSummary {
  const timedOut = stop === 'time';
  if (!best || !bestRoute) return { ...NO_ROUTE, timedOut };
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
