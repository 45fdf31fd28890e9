/**
 * A job's parameters and every default the service applies to a job, in one
 * table: the spec's `Parameters` defaults, SynRoute's search limits and the
 * batch-scoring API's fixed settings. The search takes complete options and
 * re-defaults nothing; the engine fills them from here.
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

export const DEFAULTS = {
  /** The spec's defaults for the fields a request may leave out (retro-v2.openapi.json). */
  parameters: {
    number_of_routes: 25,
    processing_time: 300,
    building_block_limit: 3,
    reaction_limit: 3,
  },
  /** Longest route searched, in reactions from the target; a job may ask for 1 to maxDepthLimit. */
  maxDepth: 6,
  maxDepthLimit: 10,
  /** Expansions one search may make. */
  iterationLimit: 100_000,
  /** For randomized search algorithms (Retro* is deterministic). */
  seed: 0,
  /** The batch-scoring API: the score comes from the best route, so the search stops at the first. */
  batchScoring: {
    number_of_routes: 1,
    /** Seconds per target: standard and exploratory searches. */
    processing_time: { standard: 60, exploratory: 300 },
  },
} as const;
