/**
 * Job counters kept in step with every job transition (same transaction):
 * per batch (`batches.<status>_jobs`, `total_jobs`), overall (`job_counts`)
 * and queued jobs per lane. These make batch status and queue depth O(1).
 * Every move that may have finished a batch's last job calls `onBatchMayBeDone`,
 * so completion (and its webhook event) is decided in that same transaction.
 */
import type Database from 'better-sqlite3';
import { FINAL_JOB_STATUSES, JobStatus } from '../types.js';
import type { Db } from './db.js';

type Statement = Database.Statement<unknown[]>;

export class Counters {
  private readonly batchMoves = new Map<string, Statement>();
  private readonly overall: Statement;
  private readonly lane: Statement;

  constructor(
    private readonly db: Db,
    private readonly onBatchMayBeDone: (batch: number, now: number) => void = () => undefined,
  ) {
    this.overall = db.prepare('UPDATE job_counts SET n = n + ? WHERE status = ?');
    this.lane = db.prepare('UPDATE lanes SET queued = max(0, queued + ?) WHERE id = ?');
  }

  /** n jobs move from `from` to `to`; null means created (from) or deleted (to). */
  move(
    batch: number | null,
    from: JobStatus | null,
    to: JobStatus | null,
    n: number,
    now: number,
  ): void {
    if (n === 0 || from === to) return;
    if (from) this.overall.run(-n, from);
    if (to) this.overall.run(n, to);
    if (batch === null) return;
    this.batchMove(from, to).run({ n, now, batch });
    if (to === null || FINAL_JOB_STATUSES.includes(to)) this.onBatchMayBeDone(batch, now);
  }

  laneQueued(lane: number, delta: number): void {
    if (delta !== 0) this.lane.run(delta, lane);
  }

  private batchMove(from: JobStatus | null, to: JobStatus | null): Statement {
    const key = `${from}>${to}`;
    let stmt = this.batchMoves.get(key);
    if (!stmt) {
      const sets: string[] = [];
      if (from) sets.push(`${from}_jobs = ${from}_jobs - @n`);
      if (to) sets.push(`${to}_jobs = ${to}_jobs + @n`);
      if (!from) sets.push('total_jobs = total_jobs + @n');
      if (!to) sets.push('total_jobs = total_jobs - @n');
      stmt = this.db.prepare(
        `UPDATE batches SET ${sets.join(', ')}, updated = @now WHERE seq = @batch`,
      );
      this.batchMoves.set(key, stmt);
    }
    return stmt;
  }
}
