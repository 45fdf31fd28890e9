/**
 * Job counters kept in step with every job transition, in its transaction:
 * per batch (`batches.<status>_jobs`, `total_jobs`), queued jobs per lane
 * (`lanes.queued`) and overall (`job_counts`). They make batch status and
 * queue depth O(1). Every move that may have finished a batch's last job
 * settles the batch, so its completion (and webhook event) is decided in that
 * same transaction, exactly once.
 *
 * Overall counts are the hottest rows of a shared database (every transition
 * of every batch touches them), so on PostgreSQL they are striped: each
 * transaction adds its deltas to one of `stripes` rows per status, picked at
 * random, and readers sum the stripes. The deltas are written last, in status
 * order, so transactions never wait on them while holding other locks for
 * long and never take them in opposite orders (no deadlocks between counters).
 */
import { FINAL_JOB_STATUSES, JobStatus } from '../types.js';
import type { Dialect } from './dialect.js';
import { settleBatch } from './lifecycle.js';
import { Op, write } from './op.js';

export class Counters {
  private readonly overall = new Map<JobStatus, number>();

  constructor(private readonly d: Dialect) {}

  /** n jobs move from `from` to `to`; null means created (from) or deleted (to). */
  *move(
    batch: number | null,
    from: JobStatus | null,
    to: JobStatus | null,
    n: number,
    now: number,
  ): Op<void> {
    if (n === 0 || from === to) return;
    if (from) this.overall.set(from, (this.overall.get(from) ?? 0) - n);
    if (to) this.overall.set(to, (this.overall.get(to) ?? 0) + n);
    if (batch === null) return;
    const sets: string[] = [];
    const params: unknown[] = [];
    const add = (column: string, sign: '+' | '-') => {
      sets.push(`${column} = ${column} ${sign} ?`);
      params.push(n);
    };
    if (from) add(`${from}_jobs`, '-');
    if (to) add(`${to}_jobs`, '+');
    if (!from) add('total_jobs', '+');
    if (!to) add('total_jobs', '-');
    yield* write(`UPDATE batches SET ${sets.join(', ')}, updated = ? WHERE seq = ?`, [
      ...params,
      now,
      batch,
    ]);
    if (to === null || FINAL_JOB_STATUSES.includes(to)) yield* settleBatch(this.d, batch, now);
  }

  *laneQueued(lane: number, delta: number): Op<void> {
    if (delta !== 0)
      yield* write(`UPDATE lanes SET queued = ${this.d.greatest}(0, queued + ?) WHERE id = ?`, [
        delta,
        lane,
      ]);
  }

  /** Writes the overall deltas (the transaction calls it last, before COMMIT). */
  *flush(): Op<void> {
    const deltas = [...this.overall]
      .filter(([, n]) => n !== 0)
      .sort(([a], [b]) => a.localeCompare(b));
    this.overall.clear();
    if (!deltas.length) return;
    const stripe = Math.floor(Math.random() * this.d.stripes);
    // One statement per status, in a fixed order: a multi-row UPDATE locks rows in plan order.
    for (const [status, n] of deltas)
      yield* write('UPDATE job_counts SET n = n + ? WHERE status = ? AND stripe = ?', [
        n,
        status,
        stripe,
      ]);
  }
}

/** What a transaction's body works with: the dialect and this transaction's counters. */
export interface Tx {
  readonly d: Dialect;
  readonly counters: Counters;
}

/** `body` with its counters, whose overall deltas are written at its end. */
export function* inTransaction<T>(d: Dialect, body: (tx: Tx) => Op<T>): Op<T> {
  const tx: Tx = { d, counters: new Counters(d) };
  const out = yield* body(tx);
  yield* tx.counters.flush();
  return out;
}
