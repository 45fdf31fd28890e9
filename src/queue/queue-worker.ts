/**
 * The worker side of a process, assembled once for `synroute serve` and
 * `synroute worker`: a planning runner (worker threads unless one is given),
 * the dispatcher that feeds it from the store's queue, and, on a shared store
 * (PostgreSQL), the queue's upkeep (expired leases, stranded jobs), which an
 * API process that plans nothing (SYNROUTE_WORKERS=0) still takes part in.
 */
import { hostname } from 'node:os';
import { randomTag } from '../store/ids.js';
import type { Store } from '../store/types.js';
import { capabilitiesOf, workerId } from './capabilities.js';
import {
  Dispatcher,
  DISPATCHER_DEFAULTS,
  DispatcherHooks,
  DispatcherOptions,
  Logger,
} from './dispatcher.js';
import { Maintenance, MAINTENANCE_DEFAULTS, MaintenanceOptions } from './maintenance.js';
import { PlanRunner, ThreadRunner } from './runner.js';

export interface QueueWorkerConfig {
  store: Store;
  /** Engines and libraries this process holds: it claims only jobs computed with them. */
  catalogs: Parameters<typeof capabilitiesOf>[0];
  log: Logger;
  /** Plan in this process (default true); false leaves only the upkeep of a shared queue. */
  runWorkers?: boolean;
  /** Planning runner (default: worker threads over `workerFile`, or the engine's worker). */
  runner?: PlanRunner;
  dataDir: string;
  /** Planning threads (default: one per core). */
  threads?: number;
  workerFile?: string;
  dispatcher?: Partial<Omit<DispatcherOptions, 'workerId'>>;
  /** Shared store only; `maxAttempts` defaults to the dispatcher's. */
  maintenance?: Partial<MaintenanceOptions>;
  hooks?: DispatcherHooks;
}

export interface QueueWorker {
  /** As stored in jobs.worker: host, process and a random part on a shared store. */
  readonly id: string;
  /** How many jobs may run at once (0 without planning). */
  readonly slots: number;
  /** Absent when this process does not plan. */
  readonly dispatcher?: Dispatcher;
  /** Recovers what a previous run left, then claims jobs and keeps the queue's upkeep. */
  start(): Promise<void>;
  /** Stops claiming, lets running jobs finish for up to `drainMs`, gives the rest back. */
  stop(drainMs?: number): Promise<void>;
}

export function queueWorker(config: QueueWorkerConfig): QueueWorker {
  const { store, log } = config;
  const id = store.shared
    ? workerId(hostname(), process.pid, randomTag(6))
    : `local-${process.pid}`;
  const runner = config.runWorkers === false ? undefined : planRunner(config);
  const dispatcher =
    runner &&
    new Dispatcher(
      store,
      runner,
      {
        ...DISPATCHER_DEFAULTS,
        ...config.dispatcher,
        workerId: id,
        capabilities: capabilitiesOf(config.catalogs),
      },
      log,
      config.hooks,
    );
  const maxAttempts = config.dispatcher?.maxAttempts;
  const maintenance = store.shared
    ? new Maintenance(
        store,
        {
          ...MAINTENANCE_DEFAULTS,
          ...(maxAttempts === undefined ? {} : { maxAttempts }),
          ...config.maintenance,
        },
        log,
        () => dispatcher?.kick(),
      )
    : undefined;
  return {
    id,
    slots: runner?.slots ?? 0,
    dispatcher,
    async start() {
      await dispatcher?.start();
      maintenance?.start();
    },
    async stop(drainMs) {
      await dispatcher?.stop(drainMs);
      await maintenance?.stop();
    },
  };
}

function planRunner(config: QueueWorkerConfig): PlanRunner {
  return (
    config.runner ??
    new ThreadRunner({
      dataDir: config.dataDir,
      threads: config.threads,
      workerFile: config.workerFile,
    })
  );
}
