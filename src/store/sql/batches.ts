/** Batches: creation and appends, listing, lifecycle changes, deletion with all they own. */
import { newUuid, newUuids, seqOf } from '../ids.js';
import { runOptionsOf } from '../param-sets.js';
import {
  BatchClosedError,
  BatchLimitError,
  BatchStore,
  BatchTarget,
  DEFAULT_PRIORITY,
  JobStatus,
  LifecycleOutcome,
  NewBatch,
  targetKey,
  uniqueTargets,
} from '../types.js';
import { batchJobsPage, batchPage, batchResultPage, scoringPage } from './batch-reads.js';
import type { SqlContext } from './context.js';
import type { Tx } from './counters.js';
import { changeBatchState } from './lifecycle.js';
import { batchRow, laneId, ownedBatch, paramSetId } from './lookups.js';
import { arrays, Op, row, rows, value, write } from './op.js';
import { batchRecord, BatchRow } from './rows.js';

export function sqlBatchStore(ctx: SqlContext): BatchStore {
  const { exec, d, tx } = ctx;
  /** A read of the owner's batch, or undefined when it is not the owner's. */
  const ofBatch = <T>(owner: string, id: string, read: (batch: BatchRow) => Op<T>) =>
    exec.run(
      (function* () {
        const batch = yield* ownedBatch(d, owner, id);
        return batch ? yield* read(batch) : undefined;
      })(),
    );

  return {
    async createBatch(batch) {
      if (batch.smiles.length > ctx.maxBatchJobs) throw new BatchLimitError(ctx.maxBatchJobs);
      const seq = await tx((t) => insertBatch(ctx, t, batch));
      return batchRecord((await exec.run(batchRow(d, seq)))!);
    },

    /**
     * Appends under a lock on the batch row: concurrent appends to one batch run
     * one after the other, so together they never pass the job cap.
     */
    async appendToBatch(owner, id, smiles, paramSet, compoundIds) {
      return tx(function* (t) {
        const batch = yield* ownedBatch(d, owner, id, true);
        if (!batch) return undefined;
        if (batch.closed_at !== null) throw new BatchClosedError(id);
        const held = yield* arrays<[string, string | null]>(
          'SELECT query, compound_id FROM jobs WHERE batch = ?',
          [batch.seq],
        );
        const known = new Set(held.map(([query, compoundId]) => targetKey(query, compoundId)));
        const fresh = uniqueTargets(smiles, compoundIds).filter(
          (target) => !known.has(targetKey(target.smiles, target.compoundId)),
        );
        if (batch.total_jobs + fresh.length > ctx.maxBatchJobs)
          throw new BatchLimitError(ctx.maxBatchJobs);
        const now = Date.now();
        // New jobs: an auto-completing batch is no longer completed.
        if (fresh.length)
          yield* write('UPDATE batches SET completed_at = NULL WHERE seq = ?', [batch.seq]);
        const set = yield* paramSetId(paramSet, batch.seq);
        yield* insertJobs(ctx, t, batch.seq, batch.lane, owner, fresh, set, now);
        return batchRecord((yield* batchRow(d, batch.seq))!);
      });
    },

    async getBatch(owner, id) {
      const row = await exec.run(ownedBatch(d, owner, id));
      return row ? batchRecord(row) : undefined;
    },

    async listBatches(owner, q) {
      const after = q.createdAfter === undefined ? 0 : (seqOf('bat', q.createdAfter) ?? -1);
      const before =
        q.createdBefore === undefined
          ? Number.MAX_SAFE_INTEGER
          : (seqOf('bat', q.createdBefore) ?? -1);
      if (after < 0 || before < 0) return { items: [], hasMore: false };
      const tags = [...new Set(q.tags ?? [])];
      const limit = q.size + 1;
      // Only a cursor before: the page just before it, nearest first in SQL, then put back in order.
      const backwards = q.createdBefore !== undefined && q.createdAfter === undefined;
      const found = await exec.run(
        batchPage(d, owner, tags, { after: backwards ? 0 : after, before, limit, backwards }),
      );
      const page = found.slice(0, q.size);
      return {
        items: (backwards ? page.reverse() : page).map(batchRecord),
        hasMore: found.length > q.size,
      };
    },

    async deleteBatch(owner, id) {
      return tx(function* (t) {
        const batch = yield* ownedBatch(d, owner, id);
        const removed = batch ? yield* removeBatch(ctx, t, batch.seq) : undefined;
        return removed ? batchRecord(removed) : undefined;
      });
    },

    async batchResultRows(owner, id, page) {
      return ofBatch(owner, id, (batch) => batchResultPage(batch.seq, page));
    },

    async batchRunOptions(owner, id) {
      return ofBatch(owner, id, function* (batch) {
        const materials = yield* value<string>(
          'SELECT smiles FROM batch_materials WHERE batch = ?',
          [batch.seq],
        );
        return {
          ...batchRecord(batch).runOptions,
          ...(materials ? { startingMaterials: JSON.parse(materials) as string[] } : {}),
        };
      });
    },

    async changeBatch(owner, id, action) {
      return tx(function* (t): Op<LifecycleOutcome> {
        const batch = yield* ownedBatch(d, owner, id);
        if (!batch) return { outcome: 'not_found' };
        return yield* changeBatchState(t, batch.seq, action, Date.now());
      });
    },

    async scoringRows(owner, id, page) {
      return ofBatch(owner, id, (batch) => scoringPage(batch.seq, page));
    },

    async batchJobs(owner, id, page) {
      return ofBatch(owner, id, (batch) => batchJobsPage(batch.seq, page));
    },
  };
}

function* insertBatch(ctx: SqlContext, t: Tx, batch: NewBatch): Op<number> {
  const now = Date.now();
  const [seq] = yield* ctx.d.nextSeqs('batches', 1);
  const paramSet = yield* paramSetId(batch.paramSet, seq);
  const priority = batch.priority ?? DEFAULT_PRIORITY;
  const lane = yield* laneId(`batch:${seq}`, batch.owner, priority, now);
  const { startingMaterials, ...options } = runOptionsOf(batch.paramSet) ?? {};
  const tags = [...new Set(batch.tags ?? [])];
  yield* write(
    `INSERT INTO batches (seq, id, owner, name, description, filename, parameters, lane,
       created, updated, priority, auto_complete, webhook, tags, run_options)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      seq,
      newUuid(seq),
      batch.owner,
      batch.name,
      batch.description,
      batch.filename,
      JSON.stringify(batch.parameters),
      lane,
      now,
      now,
      priority,
      batch.autoComplete === false ? 0 : 1,
      batch.webhook ?? null,
      tags.length ? JSON.stringify(tags) : null,
      Object.keys(options).length ? JSON.stringify(options) : null,
    ],
  );
  if (startingMaterials)
    yield* write('INSERT INTO batch_materials (batch, smiles) VALUES (?, ?)', [
      seq,
      JSON.stringify(startingMaterials),
    ]);
  for (const tag of tags)
    yield* write('INSERT INTO batch_tags (batch, owner, tag) VALUES (?, ?, ?)', [
      seq,
      batch.owner,
      tag,
    ]);
  const targets = uniqueTargets(batch.smiles, batch.compoundIds);
  yield* insertJobs(ctx, t, seq, lane, batch.owner, targets, paramSet, now);
  return seq;
}

function* insertJobs(
  ctx: SqlContext,
  t: Tx,
  batch: number,
  lane: number,
  owner: string,
  targets: BatchTarget[],
  paramSet: number,
  now: number,
): Op<void> {
  if (!targets.length) return;
  const seqs = yield* ctx.d.nextSeqs('jobs', targets.length);
  yield* ctx.d.insertJobs({
    seqs,
    ids: newUuids(seqs),
    queries: targets.map((target) => target.smiles),
    compoundIds: targets.map((target) => target.compoundId),
    owner,
    batch,
    lane,
    paramSet,
    now,
  });
  yield* t.counters.move(batch, null, 'submitted', targets.length, now);
  yield* t.counters.laneQueued(lane, targets.length);
}

export function* dropResultIfUnused(result: number): Op<void> {
  yield* write(
    'DELETE FROM results WHERE id = ? AND NOT EXISTS (SELECT 1 FROM jobs WHERE result = ?)',
    [result, result],
  );
}

/** A batch whose last job was deleted goes too. */
export function* dropBatchIfEmpty(ctx: SqlContext, t: Tx, batch: number): Op<void> {
  const found = yield* batchRow(ctx.d, batch);
  if (found && found.total_jobs <= 0) yield* removeBatch(ctx, t, batch);
}

/**
 * Deletes the batch's jobs first (on PostgreSQL waiting for transactions that
 * hold them, as every job transition locks the job before its batch),
 * counting what was removed by status, then the batch and everything that
 * belongs to it.
 */
function* removeBatch(ctx: SqlContext, t: Tx, seq: number): Op<BatchRow | undefined> {
  const { d } = ctx;
  const now = Date.now();
  const removed = yield* arrays<[JobStatus, number | null]>(
    'DELETE FROM jobs WHERE batch = ? RETURNING status, result',
    [seq],
  );
  const batch = yield* row<BatchRow>('DELETE FROM batches WHERE seq = ? RETURNING *', [seq]);
  if (!batch) return undefined;
  const byStatus = new Map<JobStatus, number>();
  for (const [status] of removed) byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  // Overall counters only: the batch row itself is gone.
  for (const [status, n] of byStatus) yield* t.counters.move(null, status, null, n, now);
  yield* write('DELETE FROM lanes WHERE id = ?', [batch.lane]);
  const results = [...new Set(removed.map(([, result]) => result).filter((r) => r !== null))];
  if (results.length) {
    const ids = d.anyOf('id', results);
    yield* write(
      `DELETE FROM results WHERE ${ids.sql}
       AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.result = results.id)`,
      ids.params,
    );
  }
  yield* forgetBatchData(ctx, seq);
  return batch;
}

/** Tags, starting materials and their parameter sets, webhook events. */
function* forgetBatchData(ctx: SqlContext, seq: number): Op<void> {
  yield* write('DELETE FROM batch_tags WHERE batch = ?', [seq]);
  yield* write('DELETE FROM batch_materials WHERE batch = ?', [seq]);
  yield* write('DELETE FROM webhook_deliveries WHERE batch = ?', [seq]);
  // Their jobs are gone, and with them every result they referenced; reusable rows
  // go as well so that a later set (on SQLite, with the same row id) can never match them.
  yield* write(
    `DELETE FROM results WHERE reusable = 1
     AND param_set IN (SELECT id FROM param_sets WHERE batch = ?)`,
    [seq],
  );
  const sets = yield* rows<{ id: number }>('DELETE FROM param_sets WHERE batch = ? RETURNING id', [
    seq,
  ]);
  for (const { id } of sets) ctx.paramSets.delete(Number(id));
}
