/**
 * Job counters on PostgreSQL, kept in step with every job transition in the
 * same transaction (as on SQLite): per batch (`batches.<status>_jobs`), queued
 * jobs per lane, and overall (`job_counts`).
 *
 * Overall counts are the hottest rows of a shared database (every transition
 * of every batch touches them), so they are striped: each transaction adds
 * its deltas to one of STRIPES rows per status, picked at random, and readers
 * sum the stripes. The deltas are written last, in status order, so that
 * transactions never wait on them while holding other locks for long and
 * never take them in opposite orders (no deadlocks between counters).
 */
import { FINAL_JOB_STATUSES, JobStatus } from '../types.js';
import type { BatchMayBeDone, Tx } from './db.js';

export const STRIPES = 16;

const BATCH_COLUMN: Record<JobStatus, string> = {
  submitted: 'submitted_jobs',
  processing: 'processing_jobs',
  completed: 'completed_jobs',
  failed: 'failed_jobs',
  canceled: 'canceled_jobs',
};

export class PgCounters {
  private readonly overall = new Map<JobStatus, number>();

  constructor(
    private readonly tx: Tx,
    private readonly onBatchMayBeDone: BatchMayBeDone,
  ) {}

  /** n jobs move from `from` to `to`; null means created (from) or deleted (to). */
  async move(
    batch: number | null,
    from: JobStatus | null,
    to: JobStatus | null,
    n: number,
    now: number,
  ): Promise<void> {
    if (n === 0 || from === to) return;
    if (from) this.overall.set(from, (this.overall.get(from) ?? 0) - n);
    if (to) this.overall.set(to, (this.overall.get(to) ?? 0) + n);
    if (batch === null) return;
    const sets: string[] = [];
    if (from) sets.push(`${BATCH_COLUMN[from]} = ${BATCH_COLUMN[from]} - $1`);
    if (to) sets.push(`${BATCH_COLUMN[to]} = ${BATCH_COLUMN[to]} + $1`);
    if (!from) sets.push('total_jobs = total_jobs + $1');
    if (!to) sets.push('total_jobs = total_jobs - $1');
    await this.tx.query(`UPDATE batches SET ${sets.join(', ')}, updated = $2 WHERE seq = $3`, [
      n,
      now,
      batch,
    ]);
    if (to === null || FINAL_JOB_STATUSES.includes(to))
      await this.onBatchMayBeDone(this.tx, batch, now);
  }

  async laneQueued(lane: number, delta: number): Promise<void> {
    if (delta !== 0)
      await this.tx.query('UPDATE lanes SET queued = greatest(0, queued + $1) WHERE id = $2', [
        delta,
        lane,
      ]);
  }

  /** Writes the overall deltas (called by the transaction just before COMMIT). */
  async flush(): Promise<void> {
    const deltas = [...this.overall]
      .filter(([, n]) => n !== 0)
      .sort(([a], [b]) => a.localeCompare(b));
    this.overall.clear();
    if (!deltas.length) return;
    const stripe = Math.floor(Math.random() * STRIPES);
    // One statement per status, in a fixed order: a multi-row UPDATE locks rows in plan order.
    for (const [status, n] of deltas)
      await this.tx.query('UPDATE job_counts SET n = n + $1 WHERE status = $2 AND stripe = $3', [
        n,
        status,
        stripe,
      ]);
  }
}
