/**
 * What the service hands the engine for one job, and what it gets back. The
 * queue runs `runPlanJob` (src/engine/plan-job.ts) in worker threads; this
 * file is the whole contract between the two.
 */
import type { Diagnosis, Parameters, Route, StopReason, TargetSummary } from '../search/types.js';

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
  /** 'synthesis' adds the best route's atom-mapped synthesis and decomposition (batch-scoring API). */
  detailLevel?: 'score' | 'synthesis';
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

/** One molecule occurrence in a route (batch-scoring `synthesis.compounds`). */
export interface SynthesisCompound {
  id: string;
  type: 'compound';
  smiles: string;
  /** The reaction making it, or null for a purchased building block. */
  productOf: string | null;
  /** The reaction using it, or null for the target. */
  substrateOf: string | null;
}

/** One step of a route with an atom-mapped reaction SMILES (batch-scoring `synthesis.reactions`). */
export interface SynthesisReaction {
  id: string;
  type: 'reaction';
  /** Mapped reaction SMILES `substrates>>product`; map numbers follow the target's atoms. */
  smiles: string;
  productId: string;
  substratesIds: string[];
}

export interface Synthesis {
  targetId: string;
  compounds: Record<string, SynthesisCompound>;
  reactions: Record<string, SynthesisReaction>;
}

/**
 * How the best route takes the target apart (batch-scoring `decomposition`):
 * atom ids are the map numbers of `mappedSmiles`; a bond is broken when the
 * route forms it (its atoms come from different building blocks).
 */
export interface Decomposition {
  atoms: string[];
  atomsPurchased: string[];
  atomsNotPurchased: string[];
  bonds: [string, string][];
  bondsBroken: [string, string][];
  bondsNotBroken: [string, string][];
  mappedSmiles: string;
}
