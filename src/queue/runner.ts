/**
 * Where planning runs. The dispatcher only knows `PlanRunner`; the service
 * uses a pool of worker threads (one RDKit instance and one copy of the engine
 * data per thread), tests may substitute a deterministic fake.
 */
import { availableParallelism } from 'node:os';
import { WorkerPool, workerPool } from '../util/worker-pool.js';
import type { PlanJobInput, PlanJobOutput } from '../contract/index.js';
import { siblingWorker } from '../util/paths.js';

export interface PlanRunner {
  /** How many jobs may run at once. */
  readonly slots: number;
  /** Rejects when the worker crashed or `signal` aborted it (the thread is then replaced). */
  run(input: PlanJobInput, signal: AbortSignal): Promise<PlanJobOutput>;
  close(): Promise<void>;
}

export interface ThreadRunnerOptions {
  dataDir: string;
  /** Worker threads (default: one per core). */
  threads?: number;
  /** Worker module (default: the engine's plan worker). */
  workerFile?: string;
  /** Heap cap per thread, so one runaway job kills its thread, not the server. */
  maxHeapMb?: number;
  /** Nice increment of the planning threads (default 10), so the API is served first. */
  nice?: number;
}

export function engineWorkerFile(): string {
  return siblingWorker(import.meta.url, '../engine/plan-worker.js');
}

export class ThreadRunner implements PlanRunner {
  readonly slots: number;
  private readonly pool: WorkerPool;

  constructor(private readonly options: ThreadRunnerOptions) {
    this.slots = options.threads ?? availableParallelism();
    this.pool = workerPool(siblingWorker(import.meta.url, 'plan-thread.js'), {
      workerData: {
        workerFile: options.workerFile ?? engineWorkerFile(),
        nice: options.nice ?? 10,
      },
      minThreads: this.slots,
      maxThreads: this.slots,
      // Threads keep their RDKit instance and engine data between jobs.
      idleTimeout: Number.MAX_SAFE_INTEGER,
      concurrentTasksPerWorker: 1,
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 4096 },
    });
    // Errors outside a task (a thread dying while idle) must not take the server down.
    this.pool.on('error', () => undefined);
  }

  run(input: PlanJobInput, signal: AbortSignal): Promise<PlanJobOutput> {
    return this.pool.run({ ...input, dataDir: this.options.dataDir }, { signal });
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
