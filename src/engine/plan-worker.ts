/** Worker-thread entry for planning jobs (piscina): one RDKit and one engine per thread. */
import { runPlanJob } from './plan-job.js';
import type { PlanJobInput, PlanJobOutput } from '../contract/index.js';

export default function planInWorker(
  task: PlanJobInput & { dataDir: string },
): Promise<PlanJobOutput> {
  const { dataDir, ...input } = task;
  return runPlanJob(input, { dataDir });
}
