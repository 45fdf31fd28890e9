/**
 * Stand-in plan worker for the API benchmark when the engine's data is not
 * installed: keeps its core busy for BENCH_PLAN_MS per job (like planning
 * does) and answers "no route".
 */
import type { PlanJobInput, PlanJobOutput } from '../src/contract/index.js';

export default async function busyPlan(task: PlanJobInput): Promise<PlanJobOutput> {
  const ms = Number(process.env.BENCH_PLAN_MS ?? 200);
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  return {
    status: 'completed',
    canonicalSmiles: task.smiles,
    routes: [],
    summary: {
      synthesizable: false,
      score: null,
      certainty: null,
      price: null,
      reactionCount: null,
      timedOut: x < 0,
    },
    stats: {
      stopReason: 'exhausted',
      iterations: 0,
      elapsedMs: ms,
      firstRouteMs: null,
      engineVersion: 'busy',
    },
  };
}
