/**
 * Planning one target end to end: search, route extraction with diversity
 * limits, re-checking every step, and the spec's route format with
 * building-block metadata, plus the per-target summary.
 */
import type { Stock } from '../stock/stock.js';
import { diagnose } from './diagnosis.js';
import { retroStar, SearchCosts } from './retro-star.js';
import { ReactionModel } from '../reaction-models/reaction-model.js';
import {
  bestRoutes,
  routeLeaves,
  routeReactions,
  RouteTree,
  ScoredRoute,
  selectDiverse,
} from './routes.js';
import { DEFAULT_ROUTE_WEIGHTS, rankRoutes, RouteScoreWeights, summarize } from './scoring.js';
import {
  BuildingBlockMetadata,
  Diagnosis,
  Parameters,
  PARAMETER_DEFAULTS,
  Route,
  StopReason,
  TargetSummary,
} from './types.js';

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

export const DEFAULT_MAX_DEPTH = 6;
export const MAX_DEPTH_LIMIT = 10;

export function planOptionsFrom(
  params: Partial<Parameters>,
  extra: Partial<PlanOptions> = {},
): PlanOptions {
  return {
    numberOfRoutes: params.number_of_routes ?? PARAMETER_DEFAULTS.number_of_routes,
    processingTime: params.processing_time ?? PARAMETER_DEFAULTS.processing_time,
    buildingBlockLimit: params.building_block_limit ?? PARAMETER_DEFAULTS.building_block_limit,
    reactionLimit: params.reaction_limit ?? PARAMETER_DEFAULTS.reaction_limit,
    maxDepth: DEFAULT_MAX_DEPTH,
    maxIterations: 100_000,
    seed: 0,
    excludeTarget: params.exclude_target_from_stock === true,
    ...extra,
  };
}

export interface PlanContext {
  model: ReactionModel;
  stock: Stock;
  costs: SearchCosts;
  /** Re-applies a step's template to its product; false drops routes using the step. */
  verifyStep?: (product: string, precursors: string[], source: string) => boolean;
  /** Recorded reactions behind a step's template, for the route score (unknown: 1). */
  precedents?: (source: string) => number;
  routeWeights?: RouteScoreWeights;
}

export interface PlanResult {
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

export function planTarget(target: string, options: PlanOptions, ctx: PlanContext): PlanResult {
  const ranked = (routes: ScoredRoute[]) =>
    rankRoutes(routes, ctx.routeWeights ?? DEFAULT_ROUTE_WEIGHTS, ctx.precedents ?? (() => 1));
  const pick = (routes: ScoredRoute[]) =>
    selectDiverse(
      ranked(routes).filter((r) => stepsVerified(r.tree, ctx)),
      options.numberOfRoutes,
      options.buildingBlockLimit,
      options.reactionLimit,
    );
  const candidates = () => bestRoutes(search.graph, Math.max(4 * options.numberOfRoutes, 20));
  let lastSolved = -1;
  const search = retroStar(
    target,
    ctx.model,
    (s) => !(options.excludeTarget && s === target) && ctx.stock.contains(s),
    {
      maxIterations: options.maxIterations,
      timeLimitMs: options.processingTime * 1000,
      maxDepth: options.maxDepth,
    },
    ctx.costs,
    {
      enoughRoutes: (graph) => {
        if (options.numberOfRoutes <= 1) return true;
        const solved = graph.reactions.reduce((n, r) => n + (r.solved ? 1 : 0), 0);
        if (solved === lastSolved) return false;
        lastSolved = solved;
        return (
          selectDiverse(
            bestRoutes(graph, 4 * options.numberOfRoutes),
            options.numberOfRoutes,
            options.buildingBlockLimit,
            options.reactionLimit,
          ).length >= options.numberOfRoutes
        );
      },
    },
  );
  const chosen = pick(candidates());
  const routes = chosen.map((r) => toSpecRoute(r.tree, ctx.stock));
  return {
    target,
    routes,
    summary: summarize(chosen[0] ?? null, routes[0] ?? null, search.stopReason),
    stopReason: search.stopReason,
    iterations: search.iterations,
    elapsedMs: Math.round(search.elapsedMs),
    firstRouteMs: search.firstRouteMs === null ? null : Math.round(search.firstRouteMs),
    graphSize: {
      molecules: search.graph.molecules.length,
      reactions: search.graph.reactions.length,
    },
    bestTree: chosen[0]?.tree ?? null,
    ...(routes.length
      ? {}
      : {
          diagnosis: diagnose(search.graph, search.stopReason, (t) => toSpecRoute(t, ctx.stock)),
        }),
  };
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

/** The spec's route: building blocks `>>` target, the building blocks with metadata, steps in post-order. */
export function toSpecRoute(tree: RouteTree, stock: Stock): Route {
  const leaves = [...new Set(routeLeaves(tree))];
  const steps = routeReactions(tree).map((r, i) => ({ number: i + 1, reactionSmiles: r.smiles }));
  return {
    reactionSmiles: `${leaves.join('.')}>>${tree.smiles}`,
    buildingBlocks: leaves.map((smiles) => ({
      smiles,
      buildingBlockMetadata: metadataFor(smiles, stock),
    })),
    steps,
  };
}

function metadataFor(smiles: string, stock: Stock): BuildingBlockMetadata[] {
  return stock.lookup(smiles).map((m) => {
    const known = m.price !== null && m.price !== undefined;
    const item: BuildingBlockMetadata = { price: known ? m.price! : 0, priceKnown: known };
    const verbatim: NonNullable<BuildingBlockMetadata['verbatim']> = {};
    const texts = {
      availability: m.availability,
      datasetProvider: m.provider ?? m.library,
      identifier: m.identifier,
    };
    for (const [field, text] of Object.entries(texts) as [keyof typeof texts, string][]) {
      if (!text) continue;
      item[field] = spec(text);
      if (item[field] !== text) verbatim[field] = text;
    }
    if (Object.keys(verbatim).length) item.verbatim = verbatim;
    return item;
  });
}

/** The spec restricts provider, identifier and availability strings to \w+. */
function spec(value: string): string {
  return value.replace(/\W+/g, '_') || 'unknown';
}
