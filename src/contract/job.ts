/**
 * What the service hands the engine for one job, and what it gets back. The
 * queue runs `runPlanJob` (src/engine/plan-job.ts) in worker threads; this
 * file is the whole contract between the two.
 */
import type { Decomposition, Synthesis } from './batch-scoring.js';
import type { Parameters } from './parameters.js';
import type { Diagnosis, Route } from './route.js';

export interface PlanJobInput {
  /** Target as submitted (validated again by the engine). */
  smiles: string;
  parameters: Parameters;
  /** Ad-hoc starting materials (SMILES) used alongside the listed libraries. */
  startingMaterials?: string[];
  /** Larger budget and broader template set (batch-scoring `exploratorySearch`). */
  exploratory?: boolean;
  /** Defaults: DEFAULTS.maxDepth (1 to DEFAULTS.maxDepthLimit), .iterationLimit and .seed. */
  maxDepth?: number;
  iterationLimit?: number;
  seed?: number;
  /** 'synthesis' adds the best route's atom-mapped synthesis and decomposition (batch-scoring API). */
  detailLevel?: 'score' | 'synthesis';
  /** Versions the job was submitted against; the worker refuses a mismatch. */
  engineVersion?: string;
  libraryVersions?: Record<string, string>;
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

/** The summary of a target without a route. */
export const NO_ROUTE: TargetSummary = {
  synthesizable: false,
  score: null,
  certainty: null,
  price: null,
  reactionCount: null,
  timedOut: false,
};

/** Why a search stopped. */
export type StopReason = 'routes' | 'time' | 'iterations' | 'exhausted' | 'in_stock';

export type PlanJobStatus = 'completed' | 'failed';

export interface PlanJobOutput {
  status: PlanJobStatus;
  /** Canonical SMILES of the target (absent when it could not be read). */
  canonicalSmiles?: string;
  routes: Route[];
  summary: TargetSummary;
  /** With detailLevel 'synthesis' and a route: the best route as compounds and mapped reactions. */
  synthesis?: Synthesis;
  /** With detailLevel 'synthesis' and a route: how the best route decomposes the target. */
  decomposition?: Decomposition;
  /** Completed without a route: the most promising partial route and the molecules it lacks. */
  diagnosis?: Diagnosis;
  /** Why the job failed (invalid SMILES, unknown library, version mismatch). */
  error?: { code: string; message: string };
  stats: {
    stopReason: StopReason | 'error';
    iterations: number;
    elapsedMs: number;
    firstRouteMs: number | null;
    engineVersion: string;
  };
}

export interface EngineInfo {
  id: string;
  name: string;
  description: string;
  /** Identifies templates + policy + settings; jobs record it. */
  version: string;
  templates: number;
  maxDepthDefault: number;
}
