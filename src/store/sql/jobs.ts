/** Jobs submitted one by one; batch jobs are created and listed with their batch. */
import { newUuid } from '../ids.js';
import { DEFAULT_PRIORITY, DeleteJobOutcome, JobStore } from '../types.js';
import { dropBatchIfEmpty, dropResultIfUnused } from './batches.js';
import type { SqlContext } from './context.js';
import { jobSelect, laneId, ownedJob, paramSetId } from './lookups.js';
import { Op, rows, write } from './op.js';
import { jobDetail, JobDetailRow, jobRecord } from './rows.js';

export function sqlJobStore(ctx: SqlContext): JobStore {
  const { exec, d, tx } = ctx;
  return {
    async createJob(job) {
      const seq = await tx(function* (t) {
        const now = Date.now();
        const paramSet = yield* paramSetId(job.paramSet);
        const lane = yield* laneId(`owner:${job.owner}`, job.owner, DEFAULT_PRIORITY, now);
        const [seq] = yield* d.nextSeqs('jobs', 1);
        yield* write(
          `INSERT INTO jobs (seq, id, owner, batch, lane, query, parameters, param_set, status,
             created, updated) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, 'submitted', ?, ?)`,
          [
            seq,
            newUuid(seq),
            job.owner,
            lane,
            job.query,
            JSON.stringify(job.parameters),
            paramSet,
            now,
            now,
          ],
        );
        yield* t.counters.move(null, null, 'submitted', 1, now);
        yield* t.counters.laneQueued(lane, 1);
        return seq;
      });
      const [created] = await exec.run(rows<JobDetailRow>(jobSelect('j.seq = ?'), [seq]));
      return jobRecord(created);
    },

    async getJob(owner, id) {
      const row = await exec.run(ownedJob(d, owner, id));
      return row ? jobDetail(row) : undefined;
    },

    async listJobs(owner, q) {
      const offset = (q.page - 1) * q.size;
      const status = q.status ? ' AND j.status = ?' : '';
      const found = await exec.run(
        rows<JobDetailRow>(
          `${jobSelect(`j.owner = ?${status} AND j.batch IS NULL`)}
           ORDER BY j.seq DESC LIMIT ? OFFSET ?`,
          [owner, ...(q.status ? [q.status] : []), q.size + 1, offset],
        ),
      );
      return { items: found.slice(0, q.size).map(jobDetail), hasMore: found.length > q.size };
    },

    async deleteJob(owner, id) {
      return tx(function* (t): Op<DeleteJobOutcome> {
        const row = yield* ownedJob(d, owner, id, true);
        if (!row) return { outcome: 'not_found' };
        if (row.status === 'processing') return { outcome: 'in_progress' };
        const now = Date.now();
        yield* write('DELETE FROM jobs WHERE seq = ?', [row.seq]);
        yield* t.counters.move(row.batch, row.status, null, 1, now);
        if (row.status === 'submitted') yield* t.counters.laneQueued(row.lane, -1);
        if (row.result !== null) yield* dropResultIfUnused(row.result);
        if (row.batch !== null) yield* dropBatchIfEmpty(ctx, t, row.batch);
        return { outcome: 'deleted', job: jobDetail(row) };
      });
    },
  };
}
