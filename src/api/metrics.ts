/** Prometheus metrics of one service instance (own registry, so several apps can share a process). */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PlanJobOutput } from '../contract/index.js';
import type { JobOutcome } from '../queue/dispatcher.js';
import { JOB_STATUSES, Store } from '../store/types.js';

export interface ServiceMetrics {
  registry: Registry;
  onFinished(outcome: JobOutcome, output: PlanJobOutput | undefined): void;
}

export function createMetrics(store: Store): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'synroute_queue_depth',
    help: 'Jobs waiting to be claimed',
    registers: [registry],
    async collect() {
      this.set((await store.queueStats()).queued);
    },
  });
  new Gauge({
    name: 'synroute_jobs',
    help: 'Jobs by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const { byStatus } = await store.queueStats();
      for (const s of JOB_STATUSES) this.set({ status: s }, byStatus[s]);
    },
  });
  const planning = new Histogram({
    name: 'synroute_planning_seconds',
    help: 'Engine time per planned job',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 720],
    registers: [registry],
  });
  const finished = new Counter({
    name: 'synroute_jobs_finished_total',
    help: 'Planning attempts by outcome (completed, failed, requeued after a crash, lost)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  return {
    registry,
    onFinished(outcome, output) {
      finished.inc({ outcome });
      if (output && output.stats.elapsedMs > 0) planning.observe(output.stats.elapsedMs / 1000);
    },
  };
}
