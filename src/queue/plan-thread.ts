/**
 * Entry of every planning thread: lowers the thread's CPU priority, then hands
 * each task to the plan worker module (the engine's, or one configured for
 * tests). On Linux nice values are per thread, so planning yields the CPU to
 * the API's event loop: status requests stay fast while every core plans.
 */
import { setPriority } from 'node:os';
import { workerData } from 'node:worker_threads';
import type { PlanJobInput, PlanJobOutput } from '../contract/index.js';

interface ThreadData {
  workerFile: string;
  nice: number;
}

type PlanFn = (task: PlanJobInput & { dataDir: string }) => Promise<PlanJobOutput>;

const data = workerData as ThreadData;
try {
  if (data.nice) setPriority(data.nice);
} catch {
  // Not permitted on this system: plan at normal priority.
}

let plan: Promise<PlanFn> | undefined;

export default async function planThread(
  task: PlanJobInput & { dataDir: string },
): Promise<PlanJobOutput> {
  plan ??= import(data.workerFile).then((m: { default: PlanFn }) => m.default);
  return (await plan)(task);
}
