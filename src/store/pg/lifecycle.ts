/**
 * Batch lifecycle on PostgreSQL: completion, close, cancel, pause and resume,
 * with the same rules as on SQLite (see sqlite/lifecycle.ts).
 *
 * Completion is decided by `settle`, which the counters call in the
 * transaction that finished a batch's job, right after that transaction
 * updated (and so locked) the batch row: of two workers finishing a batch's
 * last two jobs at once, the second waits for the first and sees its counts,
 * so exactly one marks the batch completed and queues its webhook event.
 */
import type { BatchRecord, LifecycleAction, LifecycleOutcome } from '../types.js';
import { batchRecord, BatchRow } from '../sqlite/rows.js';
import type { Tx } from './db.js';
import { enqueueWebhook } from './webhooks.js';

export async function batchRow(
  tx: Pick<Tx, 'one'>,
  seq: number,
  lock = false,
): Promise<BatchRow | undefined> {
  return tx.one<BatchRow>(`SELECT * FROM batches WHERE seq = $1${lock ? ' FOR UPDATE' : ''}`, [
    seq,
  ]);
}

/** Marks the batch completed if it now is, and queues its event (inside the transaction). */
export async function settleBatch(tx: Tx, seq: number, now: number): Promise<void> {
  const done = await tx.query(
    `UPDATE batches SET completed_at = $1
     WHERE seq = $2 AND completed_at IS NULL AND canceled_at IS NULL
       AND (auto_complete = 1 OR closed_at IS NOT NULL)
       AND total_jobs > 0 AND submitted_jobs = 0 AND processing_jobs = 0 RETURNING seq`,
    [now, seq],
  );
  if (done.length) await enqueueWebhook(tx, seq, await record(tx, seq), 'batch.completed', now);
}

/**
 * Applies `action` to the batch. The batch row is locked first (lifecycle
 * changes of one batch run one after the other), except for a cancel, which
 * locks the batch's jobs first like every job transition does.
 */
export async function changeBatchState(
  tx: Tx,
  seq: number,
  action: LifecycleAction,
  now: number,
): Promise<LifecycleOutcome> {
  if (action === 'cancel') return cancel(tx, seq, now);
  const row = (await batchRow(tx, seq, true))!;
  const finished =
    row.canceled_at !== null || (row.completed_at !== null && row.closed_at !== null);
  switch (action) {
    case 'complete':
      if (row.canceled_at !== null) return conflict(row);
      if (row.closed_at === null) {
        await tx.query('UPDATE batches SET closed_at = $1, updated = $1 WHERE seq = $2', [
          now,
          seq,
        ]);
        await settleBatch(tx, seq, now);
      }
      break;
    case 'pause':
    case 'resume':
      if (finished) return conflict(row);
      await pause(tx, row, action === 'pause', now);
      break;
  }
  return { outcome: 'ok', batch: await record(tx, seq), stoppedJobs: [] };
}

/**
 * Cancels queued and running jobs; the running ones are returned (their
 * workers learn it at their next heartbeat). Counters move by the rows this
 * statement changed, whatever claims or completions happened meanwhile.
 * Claim tokens stay on canceled jobs: status alone tells a worker it lost them.
 */
async function cancel(tx: Tx, seq: number, now: number): Promise<LifecycleOutcome> {
  const before = (await batchRow(tx, seq))!;
  if (before.canceled_at !== null)
    return { outcome: 'ok', batch: batchRecord(before), stoppedJobs: [] };
  if (before.completed_at !== null) return conflict(before);
  const changed = await tx.query<{ id: string; running: boolean }>(
    `UPDATE jobs SET status = 'canceled', updated = $1
     WHERE batch = $2 AND status IN ('submitted', 'processing')
     RETURNING id, claim IS NOT NULL AS running`,
    [now, seq],
  );
  const row = (await batchRow(tx, seq, true))!;
  // Changed between the first read and the lock: run the whole transaction again.
  if (row.canceled_at !== null || row.completed_at !== null) throw retryTransaction();
  // Marked first, so that the counter moves below do not count as a completion.
  await tx.query(
    `UPDATE batches SET canceled_at = $1, closed_at = coalesce(closed_at, $1), paused = 0,
       updated = $1 WHERE seq = $2`,
    [now, seq],
  );
  const running = changed.filter((c) => c.running).map((c) => c.id);
  await tx.counters.move(seq, 'submitted', 'canceled', changed.length - running.length, now);
  await tx.counters.move(seq, 'processing', 'canceled', running.length, now);
  await tx.query('UPDATE lanes SET queued = 0, paused = 0 WHERE id = $1', [row.lane]);
  await enqueueWebhook(tx, seq, await record(tx, seq), 'batch.canceled', now);
  return { outcome: 'ok', batch: await record(tx, seq), stoppedJobs: running };
}

function retryTransaction(): Error {
  return Object.assign(new Error('batch changed concurrently'), { code: '40001' });
}

async function pause(tx: Tx, row: BatchRow, paused: boolean, now: number): Promise<void> {
  await tx.query('UPDATE batches SET paused = $1, updated = $2 WHERE seq = $3', [
    paused ? 1 : 0,
    now,
    row.seq,
  ]);
  await tx.query('UPDATE lanes SET paused = $1 WHERE id = $2', [paused ? 1 : 0, row.lane]);
}

function conflict(row: BatchRow): LifecycleOutcome {
  return { outcome: 'conflict', batch: batchRecord(row) };
}

async function record(tx: Tx, seq: number): Promise<BatchRecord> {
  return batchRecord((await batchRow(tx, seq))!);
}
