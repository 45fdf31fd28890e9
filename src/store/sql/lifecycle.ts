/**
 * Batch lifecycle: completion, close, cancel, pause and resume.
 *
 * A batch is completed when none of its jobs is queued or running and it is
 * either auto-completing (the Retro v2 behaviour) or closed. That is decided
 * by `settleBatch`, which the counters call in the very transaction that
 * finishes a job, right after it updated (and so, on PostgreSQL, locked) the
 * batch row: of two workers finishing a batch's last two jobs at once, the
 * second waits for the first and sees its counts, so exactly one marks the
 * batch completed and queues its webhook event, with the job's result.
 */
import type { BatchRecord, LifecycleAction, LifecycleOutcome } from '../types.js';
import type { Tx } from './counters.js';
import { ConcurrentChange, Dialect } from './dialect.js';
import { batchRow } from './lookups.js';
import { Op, rows, write } from './op.js';
import { batchRecord, BatchRow } from './rows.js';
import { enqueueWebhook } from './webhooks.js';

/** Marks the batch completed if it now is, and queues its event (inside the transaction). */
export function* settleBatch(d: Dialect, seq: number, now: number): Op<void> {
  const done = yield* write(
    `UPDATE batches SET completed_at = ?
     WHERE seq = ? AND completed_at IS NULL AND canceled_at IS NULL
       AND (auto_complete = 1 OR closed_at IS NOT NULL)
       AND total_jobs > 0 AND submitted_jobs = 0 AND processing_jobs = 0`,
    [now, seq],
  );
  if (done) yield* enqueueWebhook(seq, yield* record(d, seq), 'batch.completed', now);
}

/**
 * Applies `action` to the batch. The batch row is locked first (lifecycle
 * changes of one batch run one after the other), except for a cancel, which
 * locks the batch's jobs first like every job transition does.
 */
export function* changeBatchState(
  tx: Tx,
  seq: number,
  action: LifecycleAction,
  now: number,
): Op<LifecycleOutcome> {
  if (action === 'cancel') return yield* cancel(tx, seq, now);
  const row = (yield* batchRow(tx.d, seq, true))!;
  const finished =
    row.canceled_at !== null || (row.completed_at !== null && row.closed_at !== null);
  switch (action) {
    case 'complete':
      if (row.canceled_at !== null) return conflict(row);
      if (row.closed_at === null) {
        yield* write('UPDATE batches SET closed_at = ?, updated = ? WHERE seq = ?', [
          now,
          now,
          seq,
        ]);
        yield* settleBatch(tx.d, seq, now);
      }
      break;
    case 'pause':
    case 'resume':
      if (finished) return conflict(row);
      yield* pause(row, action === 'pause', now);
      break;
  }
  return { outcome: 'ok', batch: yield* record(tx.d, seq), stoppedJobs: [] };
}

/**
 * Cancels queued, then running jobs; the running ones are returned (their
 * workers learn it at their next heartbeat). Counters move by the rows these
 * statements changed, whatever claims or completions happened meanwhile: a
 * job claimed after the first statement looked at it is running by the
 * second. Claim tokens stay on canceled jobs: status alone tells a worker it
 * lost them.
 */
function* cancel(tx: Tx, seq: number, now: number): Op<LifecycleOutcome> {
  const before = (yield* batchRow(tx.d, seq))!;
  if (before.canceled_at !== null)
    return { outcome: 'ok', batch: batchRecord(before), stoppedJobs: [] };
  if (before.completed_at !== null) return conflict(before);
  const queued = yield* write(
    `UPDATE jobs SET status = 'canceled', updated = ? WHERE batch = ? AND status = 'submitted'`,
    [now, seq],
  );
  const running = yield* rows<{ id: string }>(
    `UPDATE jobs SET status = 'canceled', updated = ?
     WHERE batch = ? AND status = 'processing' RETURNING id`,
    [now, seq],
  );
  const row = (yield* batchRow(tx.d, seq, true))!;
  // Changed between the first read and the lock: run the whole transaction again.
  if (row.canceled_at !== null || row.completed_at !== null) throw new ConcurrentChange('batch');
  // Marked first, so that the counter moves below do not count as a completion.
  yield* write(
    `UPDATE batches SET canceled_at = ?, closed_at = coalesce(closed_at, ?), paused = 0,
       updated = ? WHERE seq = ?`,
    [now, now, now, seq],
  );
  yield* tx.counters.move(seq, 'submitted', 'canceled', queued, now);
  yield* tx.counters.move(seq, 'processing', 'canceled', running.length, now);
  yield* write('UPDATE lanes SET queued = 0, paused = 0 WHERE id = ?', [row.lane]);
  const batch = yield* record(tx.d, seq);
  yield* enqueueWebhook(seq, batch, 'batch.canceled', now);
  return { outcome: 'ok', batch, stoppedJobs: running.map((r) => r.id) };
}

function* pause(row: BatchRow, paused: boolean, now: number): Op<void> {
  yield* write('UPDATE batches SET paused = ?, updated = ? WHERE seq = ?', [
    paused ? 1 : 0,
    now,
    row.seq,
  ]);
  yield* write('UPDATE lanes SET paused = ? WHERE id = ?', [paused ? 1 : 0, row.lane]);
}

function conflict(row: BatchRow): LifecycleOutcome {
  return { outcome: 'conflict', batch: batchRecord(row) };
}

function* record(d: Dialect, seq: number): Op<BatchRecord> {
  return batchRecord((yield* batchRow(d, seq))!);
}
