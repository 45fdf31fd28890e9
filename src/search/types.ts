/**
 * The engine's contract with the rest of SynRoute: planning parameters, the
 * route format (the spec's `Route`), and the per-target summary used by the
 * batch endpoints. Nothing here knows about HTTP or storage.
 */

/** The spec's `Parameters` schema. */
export interface Parameters {
  retrosynthesis_engine: string;
  building_block_libraries: string[];
  number_of_routes: number;
  processing_time: number;
  building_block_limit: number;
  reaction_limit: number;
  /** SynRoute extension: plan the target even when it is itself a building block. */
  exclude_target_from_stock?: boolean;
}

export const PARAMETER_DEFAULTS = {
  number_of_routes: 25,
  processing_time: 300,
  building_block_limit: 3,
  reaction_limit: 3,
} as const;

/**
 * The spec's `BuildingBlockMetadata`, whose strings must match `^\w+$` and
 * whose `price` is a required number. SynRoute's extensions: `priceKnown`
 * (false when the library lists no price: `price` is then 0 only because the
 * spec requires a number) and `verbatim`, the library's own text of any field
 * the spec's pattern altered (a catalogue id `EN-001` is `EN_001` in
 * `identifier`).
 */
export interface BuildingBlockMetadata {
  availability?: string;
  datasetProvider?: string;
  identifier?: string;
  price: number;
  priceKnown?: boolean;
  verbatim?: { availability?: string; datasetProvider?: string; identifier?: string };
}

export interface RouteBuildingBlock {
  smiles: string;
  buildingBlockMetadata: BuildingBlockMetadata[];
}

export interface RouteStep {
  number: number;
  reactionSmiles: string;
}

/** The spec's `Route`: building blocks `>>` target summary, building blocks, steps in post-order. */
export interface Route {
  reactionSmiles: string;
  buildingBlocks: RouteBuildingBlock[];
  steps: RouteStep[];
}

/** Per-target summary used by the batch endpoints and the batch-scoring API. */
export interface TargetSummary {
  synthesizable: boolean;
  /** Synthetic complexity of the best route, 1 (easy) to 10; null when no route. */
  score: number | null;
  /** Aggregated confidence in the best route's reactions, 0-1; null when no route. */
  certainty: number | null;
  /** Total building-block price of the best route; null when unknown or no route. */
  price: number | null;
  /** Reactions in the best route; null when no route. */
  reactionCount: number | null;
  timedOut: boolean;
}

/** Why a search stopped. */
export type StopReason = 'routes' | 'time' | 'iterations' | 'exhausted' | 'in_stock';

/**
 * Why a molecule of a partial route is not made: the search stopped (time or
 * iteration limit) before expanding it, or stopped with no open route through
 * it (`not_explored`); the model proposed no usable reaction for it
 * (`no_reaction`: a dead end); or it sits at the depth limit.
 */
export type MissingReason =
  'time_limit' | 'iteration_limit' | 'not_explored' | 'no_reaction' | 'depth_limit';

export interface MissingMolecule {
  smiles: string;
  reason: MissingReason;
}

/** A leaf of a partial route: a building block, or a molecule still to be made. */
export interface PartialRouteLeaf extends RouteBuildingBlock {
  inStock: boolean;
}

/** A route (same format) whose leaves may be missing from the stock. */
export interface PartialRoute {
  reactionSmiles: string;
  buildingBlocks: PartialRouteLeaf[];
  steps: RouteStep[];
}

/** What an unsolved search found: its most promising partial route and what it lacks. */
export interface Diagnosis {
  partialRoute: PartialRoute;
  missingMolecules: MissingMolecule[];
}
