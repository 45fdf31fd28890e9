/**
 * Batch lifecycle on SQLite: completion, close, cancel, pause and resume.
 *
 * A batch is completed when none of its jobs is queued or running and it is
 * either auto-completing (the Retro v2 behaviour) or closed. That is decided
 * by `settle`, which the counters call in the very transaction that finishes
 * a job, so the completion time and the webhook event are written together
 * with the job's result, exactly once.
 */
import type { BatchRecord, LifecycleAction, LifecycleOutcome } from '../types.js';
import type { Counters } from './counters.js';
import type { Db } from './db.js';
import { batchRecord, BatchRow } from './rows.js';
import type { SqliteWebhooks } from './webhooks.js';

export class BatchLifecycle {
  private readonly stmt;

  constructor(
    db: Db,
    private readonly counters: Counters,
    private readonly webhooks: SqliteWebhooks,
  ) {
    this.stmt = {
      batch: db.prepare('SELECT * FROM batches WHERE seq = ?'),
      settle: db.prepare(`
        UPDATE batches SET completed_at = @now
        WHERE seq = @batch AND completed_at IS NULL AND canceled_at IS NULL
          AND (auto_complete = 1 OR closed_at IS NOT NULL)
          AND total_jobs > 0 AND submitted_jobs = 0 AND processing_jobs = 0`),
      reopen: db.prepare('UPDATE batches SET completed_at = NULL WHERE seq = ?'),
      close: db.prepare('UPDATE batches SET closed_at = ?, updated = ? WHERE seq = ?'),
      markCanceled: db.prepare(`
        UPDATE batches SET canceled_at = @now, closed_at = coalesce(closed_at, @now),
          paused = 0, updated = @now WHERE seq = @batch`),
      running: db.prepare("SELECT id FROM jobs WHERE batch = ? AND status = 'processing'"),
      cancelJobs: db.prepare(`
        UPDATE jobs SET status = 'canceled', claim = NULL, worker = NULL, lease_until = NULL,
          updated = ? WHERE batch = ? AND status IN ('submitted', 'processing')`),
      emptyLane: db.prepare('UPDATE lanes SET queued = 0, paused = 0 WHERE id = ?'),
      pauseBatch: db.prepare('UPDATE batches SET paused = ?, updated = ? WHERE seq = ?'),
      pauseLane: db.prepare('UPDATE lanes SET paused = ? WHERE id = ?'),
    };
  }

  /** Marks the batch completed if it now is, and queues its event (inside the transaction). */
  settle(seq: number, now: number): void {
    if (this.stmt.settle.run({ batch: seq, now }).changes === 0) return;
    this.webhooks.enqueue(seq, this.record(seq), 'batch.completed', now);
  }

  /** New jobs were appended: an auto-completing batch is no longer completed. */
  reopen(seq: number): void {
    this.stmt.reopen.run(seq);
  }

  /** Applies `action` to the batch (inside a transaction). */
  change(row: BatchRow, action: LifecycleAction, now: number): LifecycleOutcome {
    const canceled = row.canceled_at !== null;
    const finished = canceled || (row.completed_at !== null && row.closed_at !== null);
    let stoppedJobs: string[] = [];
    switch (action) {
      case 'complete':
        if (canceled) return this.conflict(row);
        if (row.closed_at === null) {
          this.stmt.close.run(now, now, row.seq);
          this.settle(row.seq, now);
        }
        break;
      case 'cancel':
        if (canceled) break;
        if (row.completed_at !== null) return this.conflict(row);
        stoppedJobs = this.cancel(row, now);
        break;
      case 'pause':
      case 'resume':
        if (finished) return this.conflict(row);
        this.pause(row, action === 'pause', now);
        break;
    }
    return { outcome: 'ok', batch: this.record(row.seq), stoppedJobs };
  }

  /** Cancels queued and running jobs; returns the running ones (their workers should stop). */
  private cancel(row: BatchRow, now: number): string[] {
    const running = this.stmt.running.pluck().all(row.seq) as string[];
    // Marked first, so that the counter moves below do not count as a completion.
    this.stmt.markCanceled.run({ batch: row.seq, now });
    this.stmt.cancelJobs.run(now, row.seq);
    this.counters.move(row.seq, 'submitted', 'canceled', row.submitted_jobs, now);
    this.counters.move(row.seq, 'processing', 'canceled', row.processing_jobs, now);
    this.stmt.emptyLane.run(row.lane);
    this.webhooks.enqueue(row.seq, this.record(row.seq), 'batch.canceled', now);
    return running;
  }

  private pause(row: BatchRow, paused: boolean, now: number): void {
    this.stmt.pauseBatch.run(paused ? 1 : 0, now, row.seq);
    this.stmt.pauseLane.run(paused ? 1 : 0, row.lane);
  }

  private conflict(row: BatchRow): LifecycleOutcome {
    return { outcome: 'conflict', batch: batchRecord(row) };
  }

  private record(seq: number): BatchRecord {
    return batchRecord(this.stmt.batch.get(seq) as BatchRow);
  }
}
