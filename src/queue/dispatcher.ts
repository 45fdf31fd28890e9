/**
 * Moves jobs from the store's queue to the runner and records what comes back.
 *
 * One claim per free slot; a watchdog per job terminates a worker that runs
 * past `processing_time` plus a grace period (the engine stops itself at the
 * limit, so this only catches a stuck thread); a crashed or terminated job is
 * retried up to `maxAttempts` and then failed with the reason. Leases are
 * extended while jobs run so another process can tell a live claim from a
 * dead one; a job whose claim is gone (its batch was canceled or deleted) is
 * stopped.
 *
 * On a shared store (PostgreSQL) many dispatchers, in API and worker
 * processes on any machines, claim from one queue: each announces the engine
 * and library versions it holds and only claims jobs computed with those; at
 * start it leaves other processes' jobs alone (only expired leases are
 * recovered); at shutdown it may first let running jobs finish (`drainMs`).
 */
import type { PlanJobInput, PlanJobOutput } from '../contract/index.js';
import { hostname } from 'node:os';
import { retryWhileBusy } from '../store/busy.js';
import type { ClaimedJob, JobError, Store, WorkerCapabilities } from '../store/types.js';
import type { PlanRunner } from './runner.js';

export interface DispatcherOptions {
  workerId: string;
  maxAttempts: number;
  /** Extra time past `processing_time` before the watchdog terminates a worker. */
  graceMs: number;
  leaseMs: number;
  heartbeatMs: number;
  /** Fallback poll for work (new work also wakes the dispatcher through `kick`). */
  pollMs: number;
  /** Engine and library versions this process holds (read again at every claim and heartbeat). */
  capabilities?: () => WorkerCapabilities;
}

export const DISPATCHER_DEFAULTS: Omit<DispatcherOptions, 'workerId'> = {
  maxAttempts: 3,
  graceMs: 30_000,
  leaseMs: 120_000,
  heartbeatMs: 20_000,
  pollMs: 1_000,
};

export type JobOutcome = 'completed' | 'failed' | 'requeued' | 'lost';

export interface DispatcherHooks {
  onFinished?(outcome: JobOutcome, output: PlanJobOutput | undefined): void;
}

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

interface Running {
  job: ClaimedJob;
  controller: AbortController;
  reason?: 'timeout' | 'shutdown' | 'lost';
}

export class Dispatcher {
  private readonly running = new Map<string, Running>();
  private filling = false;
  private again = false;
  private stopping = false;
  /** Past the drain at shutdown: writes no longer wait out another process's lock. */
  private drained = false;
  private timers: NodeJS.Timeout[] = [];
  private settled: Promise<void>[] = [];
  /** Ends a drain early, or skips it if it has not begun (a second SIGTERM). */
  private readonly hurry = new AbortController();

  constructor(
    private readonly store: Store,
    private readonly runner: PlanRunner,
    private readonly options: DispatcherOptions,
    private readonly log: Logger,
    private readonly hooks: DispatcherHooks = {},
  ) {}

  get inFlight(): number {
    return this.running.size;
  }

  /**
   * Recovers jobs a previous run of this server left `processing` (on a shared
   * store: only those whose lease expired), then starts claiming.
   */
  async start(): Promise<void> {
    await this.register();
    const recovered = await this.store.recoverAbandoned({
      maxAttempts: this.options.maxAttempts,
      all: !this.store.shared,
    });
    if (recovered.requeued || recovered.failed)
      this.log.info(recovered, 'recovered jobs left processing by the previous run');
    this.timers.push(
      setInterval(() => this.tick(), this.options.pollMs),
      setInterval(() => void this.heartbeat(), this.options.heartbeatMs),
    );
    this.kick();
  }

  /** New work may be available. */
  kick(): void {
    if (this.stopping) return;
    if (this.filling) {
      this.again = true;
      return;
    }
    void this.fill();
  }

  /**
   * Stops claiming, lets running jobs finish for up to `drainMs`, and gives the
   * rest back to the queue without counting an attempt.
   */
  async stop(drainMs = 0): Promise<void> {
    this.stopping = true;
    if (drainMs > 0 && this.running.size && !this.hurry.signal.aborted) {
      this.log.info({ running: this.running.size, drainMs }, 'letting running jobs finish');
      const drained = Promise.allSettled(this.settled);
      const hurried = new Promise<void>((r) =>
        this.hurry.signal.addEventListener('abort', () => r(), { once: true }),
      );
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((r) => (timer = setTimeout(r, drainMs)));
      await Promise.race([drained, hurried, timedOut]);
      clearTimeout(timer);
    }
    this.drained = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const r of this.running.values()) {
      r.reason = 'shutdown';
      r.controller.abort();
    }
    await Promise.allSettled(this.settled);
    await this.runner.close();
    if (this.store.shared)
      await this.store
        .unregisterWorker(this.options.workerId)
        .catch((e: unknown) => this.log.warn({ err: e }, 'could not unregister the worker'));
  }

  /** Stops waiting for running jobs to finish: they go back to the queue now. */
  stopDraining(): void {
    this.hurry.abort();
  }

  private tick(): void {
    void this.store
      .recoverAbandoned({ maxAttempts: this.options.maxAttempts, all: false })
      .then(() => this.kick())
      .catch((e: unknown) => this.log.error({ err: e }, 'lease recovery failed'));
  }

  /** Stops running jobs whose claims are gone (canceled or deleted); runs with every heartbeat. */
  async checkClaims(): Promise<void> {
    await this.heartbeat();
  }

  /** Announces this worker and its versions to a shared store (a no-op on the embedded one). */
  private async register(): Promise<void> {
    if (!this.store.shared) return;
    await this.store.registerWorker({
      id: this.options.workerId,
      host: hostname(),
      pid: process.pid,
      threads: this.runner.slots,
      capabilities: this.capabilities() ?? { engines: [], libraries: {} },
    });
  }

  private capabilities(): WorkerCapabilities | undefined {
    return this.options.capabilities?.();
  }

  private async heartbeat(): Promise<void> {
    if (this.store.shared && !this.stopping)
      await this.register().catch((e: unknown) =>
        this.log.error({ err: e }, 'worker heartbeat failed'),
      );
    if (!this.running.size) return;
    const ids = [...this.running.keys()];
    try {
      const lost = await this.store.extendLeases(this.options.workerId, ids, this.options.leaseMs);
      for (const id of lost) this.stopLost(id);
    } catch (e) {
      this.log.error({ err: e }, 'lease heartbeat failed');
    }
  }

  private stopLost(jobId: string): void {
    const entry = this.running.get(jobId);
    if (!entry || entry.reason) return;
    entry.reason = 'lost';
    entry.controller.abort();
  }

  private async fill(): Promise<void> {
    this.filling = true;
    try {
      do {
        this.again = false;
        while (!this.stopping && this.running.size < this.runner.slots) {
          const job = await this.store.claimNext(
            this.options.workerId,
            this.options.leaseMs,
            this.capabilities(),
          );
          if (!job) break;
          this.launch(job);
        }
      } while (this.again && !this.stopping);
    } catch (e) {
      this.log.error({ err: e }, 'claiming jobs failed');
    } finally {
      this.filling = false;
    }
  }

  private launch(job: ClaimedJob): void {
    const entry: Running = { job, controller: new AbortController() };
    this.running.set(job.jobId, entry);
    const limitMs = job.paramSet.runParameters.processing_time * 1000 + this.options.graceMs;
    const watchdog = setTimeout(() => {
      entry.reason = 'timeout';
      entry.controller.abort();
    }, limitMs);
    const done = this.runner
      .run(planInput(job), entry.controller.signal)
      .then(
        (output) => this.record(entry, output),
        (err: unknown) => this.release(entry, err),
      )
      .catch((e: unknown) => this.log.error({ err: e, job: job.jobId }, 'recording a job failed'))
      .finally(() => {
        clearTimeout(watchdog);
        this.running.delete(job.jobId);
        this.settled = this.settled.filter((p) => p !== done);
        this.kick();
      });
    this.settled.push(done);
  }

  private async record(entry: Running, output: PlanJobOutput): Promise<void> {
    const kept = await retryWhileBusy(
      () => this.store.completeJob(entry.job, output),
      () => this.drained,
    );
    this.hooks.onFinished?.(kept ? output.status : 'lost', output);
  }

  private async release(entry: Running, err: unknown): Promise<void> {
    if (entry.reason === 'lost') {
      this.hooks.onFinished?.('lost', undefined);
      return;
    }
    const shutdown = entry.reason === 'shutdown';
    const error: JobError =
      entry.reason === 'timeout'
        ? {
            code: 'timeout',
            message: `planning ran past processing_time (${entry.job.paramSet.runParameters.processing_time} s) and its worker was stopped`,
          }
        : { code: 'worker_crashed', message: `the planning worker crashed: ${messageOf(err)}` };
    if (!shutdown) this.log.warn({ job: entry.job.jobId, error }, 'planning attempt failed');
    const outcome = await retryWhileBusy(
      () =>
        this.store.releaseJob(entry.job, error, {
          maxAttempts: this.options.maxAttempts,
          countAttempt: !shutdown,
        }),
      () => this.drained,
    );
    this.hooks.onFinished?.(outcome, undefined);
  }
}

function planInput(job: ClaimedJob): PlanJobInput {
  const p = job.paramSet;
  return {
    smiles: job.smiles,
    parameters: p.runParameters,
    engineVersion: p.engineVersion,
    libraryVersions: p.libraryVersions,
    ...(p.startingMaterials?.length ? { startingMaterials: p.startingMaterials } : {}),
    ...(p.exploratory ? { exploratory: true } : {}),
    ...(p.detailLevel ? { detailLevel: p.detailLevel } : {}),
  };
}

function messageOf(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0].slice(0, 300);
}
