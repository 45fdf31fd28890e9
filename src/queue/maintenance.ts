/**
 * Upkeep of a shared queue that no single process owns: jobs whose worker
 * died are re-queued when their lease expires, and jobs no live worker can
 * compute (engine or library versions) fail after a timeout. Every API and
 * worker process on a shared store runs this; the store makes each sweep
 * exclusive (advisory locks) and each job's recovery happen once (row locks).
 */
import type { Store } from '../store/types.js';

export interface MaintenanceOptions {
  /** How often to sweep. */
  intervalMs: number;
  maxAttempts: number;
  /** How long jobs wait for a worker with their engine and library versions. */
  strandedTimeoutMs: number;
  /** A worker not heard from for this long is not live. */
  liveWindowMs: number;
}

export const MAINTENANCE_DEFAULTS: MaintenanceOptions = {
  intervalMs: 5_000,
  maxAttempts: 3,
  strandedTimeoutMs: 15 * 60_000,
  liveWindowMs: 60_000,
};

interface Logger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export class Maintenance {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly options: MaintenanceOptions,
    private readonly log: Logger,
    /** New work may have appeared (re-queued jobs): wake the local dispatcher, if any. */
    private readonly onRequeued: () => void = () => undefined,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sweep (skipped while the previous one still runs). */
  sweep(): Promise<void> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<void> {
    try {
      const recovered = await this.store.recoverAbandoned({
        maxAttempts: this.options.maxAttempts,
        all: false,
      });
      if (recovered.requeued || recovered.failed) {
        this.log.info(recovered, 'recovered jobs whose lease expired');
        this.onRequeued();
      }
      const failed = await this.store.failStranded({
        timeoutMs: this.options.strandedTimeoutMs,
        liveWindowMs: this.options.liveWindowMs,
      });
      if (failed) this.log.info({ failed }, 'failed jobs no live worker can compute');
    } catch (e) {
      this.log.error({ err: e }, 'queue maintenance failed');
    }
  }
}
