/**
 * What the service hands the engine for one job, and what it gets back. The
 * queue runs `runPlanJob` (src/engine/plan-job.ts) in worker threads; this
 * file is the whole contract between the two.
 */
import type { Parameters, Route, StopReason, TargetSummary } from '../search/types.js';

export interface PlanJobInput {
  /** Target as submitted (validated again by the engine). */
  smiles: string;
  parameters: Parameters;
  /** Ad-hoc starting materials (SMILES) used alongside the listed libraries. */
  startingMaterials?: string[];
  /** Larger budget and broader template set (batch-scoring `exploratorySearch`). */
  exploratory?: boolean;
  /** Defaults: max depth 6 (1-10), iteration limit 100,000, seed 0. */
  maxDepth?: number;
  iterationLimit?: number;
  seed?: number;
  /** Versions the job was submitted against; the worker refuses a mismatch. */
  engineVersion?: string;
  libraryVersions?: Record<string, string>;
}

export type PlanJobStatus = 'completed' | 'failed';

export interface PlanJobOutput {
  status: PlanJobStatus;
  /** Canonical SMILES of the target (absent when it could not be read). */
  canonicalSmiles?: string;
  routes: Route[];
  summary: TargetSummary;
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
