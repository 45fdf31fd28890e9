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
}

export const PARAMETER_DEFAULTS = {
  number_of_routes: 25,
  processing_time: 300,
  building_block_limit: 3,
  reaction_limit: 3,
} as const;

/** The spec's `BuildingBlockMetadata`. */
export interface BuildingBlockMetadata {
  availability?: string;
  datasetProvider?: string;
  identifier?: string;
  price: number;
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
