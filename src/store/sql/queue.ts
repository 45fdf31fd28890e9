/**
 * The queue: claiming, leases, completion and recovery, each step one
 * transaction, so a job is either queued, held by exactly one claim, or done
 * with exactly one result.
 *
 * A claim picks the fairest lane (priority, then the owner and the lane
 * served longest ago) and takes its oldest job; on PostgreSQL, shared by any
 * number of worker processes, with `FOR UPDATE SKIP LOCKED`, so concurrent
 * claimers never wait on each other's job and never get the same one, and
 * only among jobs whose engine and library versions the claiming worker
 * holds. Leases are kept on the database's clock. Every completion, release
 * or recovery first locks the job row and checks the claim token.
 *
 * Lock order in every transaction: job rows, then the batch row, then lanes,
 * owners and the overall counters (written last). Transactions that still
 * meet in a deadlock are rolled back by PostgreSQL and run again.
 */
import { randomBytes } from 'node:crypto';
import type { PlanJobOutput } from '../../contract/index.js';
import { seqOf } from '../ids.js';
import type {
  ClaimedJob,
  JobError,
  JobStatus,
  ParamSetInput,
  QueueStore,
  ReleaseOutcome,
  WorkerCapabilities,
  WorkerRegistry,
} from '../types.js';
import type { SqlContext } from './context.js';
import type { Tx } from './counters.js';
import { Op, row, rows, value, write } from './op.js';
import { type JobRow, paramSetInput, ParamSetRow } from './rows.js';

type QueuedRow = Pick<
  JobRow,
  'seq' | 'id' | 'owner' | 'batch' | 'lane' | 'query' | 'param_set' | 'attempts'
>;

type HeldRow = Pick<
  JobRow,
  'seq' | 'owner' | 'batch' | 'lane' | 'status' | 'claim' | 'attempts' | 'param_set' | 'query'
>;

interface ResultInput {
  status: 'completed' | 'failed';
  output?: PlanJobOutput;
  error?: JobError;
}

/** Lanes looked at per claim before giving up (lanes with no job this worker can run are skipped). */
const MAX_LANES_PER_CLAIM = 20;
/** How many already-answered jobs one claim may settle from the cache before returning. */
const MAX_REUSE_PER_CLAIM = 200;
/** Processing jobs recovered per transaction. */
const RECOVER_BATCH = 500;

const HELD_COLUMNS = 'seq, owner, batch, lane, status, claim, attempts, param_set, query';

export function sqlQueueStore(ctx: SqlContext, workers: WorkerRegistry): QueueStore {
  const { exec, d, tx } = ctx;
  const queue = new SqlQueue(ctx);
  return {
    shared: d.shared,
    ...workers,

    async claimNext(worker, leaseMs, capabilities) {
      // One transaction per step: a job settled from the cache commits on its own.
      for (let reused = 0; reused <= MAX_REUSE_PER_CLAIM; reused++) {
        const step = await tx((t) => queue.claimStep(t, worker, leaseMs, capabilities), {
          idempotent: true,
        });
        if (step !== 'reused') return step;
      }
      return undefined;
    },

    async extendLeases(worker, jobIds, leaseMs) {
      if (!jobIds.length) return [];
      const seqs = jobIds.map((id) => seqOf('job', id) ?? -1);
      const ids = d.anyOf('seq', seqs);
      const kept = await exec.run(
        rows<{ seq: number }>(
          `UPDATE jobs SET lease_until = ${d.now} + ?
           WHERE ${ids.sql} AND worker = ? AND status = 'processing' RETURNING seq`,
          [leaseMs, ...ids.params, worker],
        ),
        { idempotent: true },
      );
      const held = new Set(kept.map((r) => r.seq));
      return jobIds.filter((_, i) => !held.has(seqs[i]));
    },

    async completeJob(job, output) {
      return tx(
        function* (t) {
          const row = yield* heldBy(t, job);
          if (!row) return false;
          yield* queue.finish(t, row, { status: output.status, output, error: output.error });
          return true;
        },
        { idempotent: true },
      );
    },

    async releaseJob(job, error, options) {
      return tx(
        function* (t): Op<ReleaseOutcome> {
          const row = yield* heldBy(t, job);
          if (!row) return 'lost';
          if (!options.countAttempt) {
            yield* requeue(t, row, row.attempts - 1);
            return 'requeued';
          }
          return yield* queue.retryOrFail(t, row, error, options.maxAttempts);
        },
        { idempotent: true },
      );
    },

    /**
     * Re-queues (or fails) processing jobs whose lease expired, a few hundred per
     * transaction. With several processes sweeping, a lock lets one sweep at a
     * time and row locks make each job's recovery happen once.
     */
    async recoverAbandoned(options) {
      const total = { requeued: 0, failed: 0 };
      for (;;) {
        const step = await tx((t) => queue.recoverSome(t, options), { idempotent: true });
        if (!step) break;
        total.requeued += step.requeued;
        total.failed += step.failed;
        if (step.requeued + step.failed < RECOVER_BATCH) break;
      }
      return total;
    },

    async queueStats() {
      return exec.run(
        (function* () {
          const byStatus = { submitted: 0, processing: 0, completed: 0, failed: 0, canceled: 0 };
          const counts = yield* rows<{ status: JobStatus; n: number }>(
            'SELECT status, sum(n) AS n FROM job_counts GROUP BY status',
          );
          for (const c of counts) byStatus[c.status] = Number(c.n);
          const queued = yield* value<number>(
            'SELECT coalesce(sum(queued), 0) FROM lanes WHERE queued > 0',
          );
          return { queued: Number(queued), byStatus };
        })(),
      );
    },

    paramSetCacheBytes() {
      return ctx.paramSets.bytes;
    },

    async queuedJobsOf(owner) {
      // Lanes with queued jobs are few (an index holds them); one owner's are summed.
      const n = await exec.run(
        value<number>('SELECT coalesce(sum(queued), 0) FROM lanes WHERE queued > 0 AND owner = ?', [
          owner,
        ]),
      );
      return Number(n);
    },
  };
}

/** The steps of the queue's operations that need the shared context. */
class SqlQueue {
  constructor(private readonly ctx: SqlContext) {}

  *claimStep(
    t: Tx,
    worker: string,
    leaseMs: number,
    capabilities?: WorkerCapabilities,
  ): Op<ClaimedJob | undefined | 'reused'> {
    const skipped: number[] = [];
    while (skipped.length < MAX_LANES_PER_CLAIM) {
      const others = t.d.noneOf('l.id', skipped);
      const lane = yield* row<{ id: number; owner: string }>(
        `SELECT l.id, l.owner FROM lanes l LEFT JOIN owners o ON o.owner = l.owner
         WHERE l.queued > 0 AND l.paused = 0 AND ${others.sql}
         ORDER BY l.priority DESC, coalesce(o.last_claim, 0), l.last_claim, l.id LIMIT 1`,
        others.params,
      );
      if (!lane) return undefined;
      const job = yield* this.oldestClaimable(t, lane.id, capabilities);
      if (!job) {
        // Held by concurrent claims, or nothing here this worker can run: try the next lane.
        skipped.push(lane.id);
        continue;
      }
      const reused = yield* this.settleFromCache(t, job);
      const claimed = reused ? undefined : yield* this.hold(t, job, worker, leaseMs);
      yield* touchLane(t, lane.owner, job.lane);
      return claimed ?? 'reused';
    }
    return undefined;
  }

  private *oldestClaimable(
    t: Tx,
    lane: number,
    capabilities?: WorkerCapabilities,
  ): Op<QueuedRow | undefined> {
    const columns = 'j.seq, j.id, j.owner, j.batch, j.lane, j.query, j.param_set, j.attempts';
    const runnable = capabilities && t.d.runnableWith(capabilities, 'p');
    const lock = t.d.lock({ of: 'j', skip: true });
    if (!runnable)
      return yield* row<QueuedRow>(
        `SELECT ${columns} FROM jobs j WHERE j.lane = ? AND j.status = 'submitted'
         ORDER BY j.seq LIMIT 1${lock}`,
        [lane],
      );
    return yield* row<QueuedRow>(
      `SELECT ${columns} FROM jobs j JOIN param_sets p ON p.id = j.param_set
       WHERE j.lane = ? AND j.status = 'submitted' AND ${runnable.sql}
       ORDER BY j.seq LIMIT 1${lock}`,
      [lane, ...runnable.params],
    );
  }

  private *hold(t: Tx, job: QueuedRow, worker: string, leaseMs: number): Op<ClaimedJob> {
    const now = Date.now();
    const claim = randomBytes(9).toString('base64url');
    yield* write(
      `UPDATE jobs SET status = 'processing', attempts = attempts + 1, claim = ?, worker = ?,
         lease_until = ${t.d.now} + ?, updated = ? WHERE seq = ?`,
      [claim, worker, leaseMs, now, job.seq],
    );
    yield* t.counters.move(job.batch, 'submitted', 'processing', 1, now);
    return {
      jobId: job.id,
      claim,
      attempt: job.attempts + 1,
      smiles: job.query,
      paramSet: yield* this.paramSet(job.param_set),
    };
  }

  private *paramSet(id: number): Op<ParamSetInput> {
    let p = this.ctx.paramSets.get(id);
    if (!p) {
      p = paramSetInput((yield* row<ParamSetRow>('SELECT * FROM param_sets WHERE id = ?', [id]))!);
      this.ctx.paramSets.set(id, p);
    }
    return p;
  }

  /**
   * A job whose identical computation already finished for the same owner takes
   * that result instead of running (any owner's with `shareResults`): reuse
   * across owners would tell one owner, by its speed, what another screened.
   */
  private *settleFromCache(t: Tx, job: QueuedRow): Op<boolean> {
    const hit = yield* row<{ id: number; status: 'completed' | 'failed'; summary: string | null }>(
      `SELECT id, status, summary FROM results
       WHERE param_set = ? AND query = ? AND reusable = 1 AND (? = 1 OR owner = ?)
       ORDER BY id LIMIT 1`,
      [job.param_set, job.query, this.ctx.shareResults ? 1 : 0, job.owner],
    );
    if (!hit) return false;
    const now = Date.now();
    const synthesizable = hit.summary
      ? (JSON.parse(hit.summary) as { synthesizable?: boolean }).synthesizable === true
      : false;
    yield* setFinished(job.seq, hit.status, hit.id, synthesizable, null, now);
    yield* t.counters.move(job.batch, 'submitted', hit.status, 1, now);
    return true;
  }

  *recoverSome(
    t: Tx,
    options: { maxAttempts: number; all: boolean },
  ): Op<{ requeued: number; failed: number } | undefined> {
    if (!(yield* t.d.tryLock('sweep'))) return undefined;
    const abandoned = yield* rows<HeldRow>(
      `SELECT ${HELD_COLUMNS} FROM jobs
       WHERE status = 'processing' AND (? = 1 OR lease_until < ${t.d.now})
       ORDER BY batch NULLS FIRST, seq LIMIT ?${t.d.lock({ skip: true })}`,
      [options.all ? 1 : 0, RECOVER_BATCH],
    );
    let failed = 0;
    for (const job of abandoned) {
      const error = {
        code: 'worker_lost',
        message: `the job was interrupted ${job.attempts} times (server or worker stopped while planning)`,
      };
      if ((yield* this.retryOrFail(t, job, error, options.maxAttempts)) === 'failed') failed++;
    }
    return { requeued: abandoned.length - failed, failed };
  }

  *retryOrFail(t: Tx, job: HeldRow, error: JobError, maxAttempts: number): Op<ReleaseOutcome> {
    if (job.attempts < maxAttempts) {
      yield* requeue(t, job, job.attempts);
      return 'requeued';
    }
    yield* this.finish(t, job, {
      status: 'failed',
      error: {
        code: error.code,
        message: `${error.message} (gave up after ${job.attempts} attempts)`,
      },
    });
    return 'failed';
  }

  *finish(t: Tx, job: HeldRow, result: ResultInput): Op<void> {
    const now = Date.now();
    const out = result.output;
    // Only real answers are shared; failures may be transient (crash, version mismatch).
    const reusable = result.status === 'completed' ? 1 : 0;
    const json = (v: unknown) => (v ? JSON.stringify(v) : null);
    const id = yield* value<number>(
      `INSERT INTO results (param_set, query, canonical, status, routes, summary, stats, error,
         reusable, created, synthesis, decomposition, owner, diagnosis)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [
        job.param_set,
        job.query,
        out?.canonicalSmiles ?? null,
        result.status,
        JSON.stringify(out?.routes ?? []),
        json(out?.summary),
        json(out?.stats),
        json(result.error),
        reusable,
        now,
        json(out?.synthesis),
        json(out?.decomposition),
        job.owner,
        json(out?.diagnosis),
      ],
    );
    const synthesizable = result.status === 'completed' && out?.summary.synthesizable === true;
    yield* setFinished(job.seq, result.status, id!, synthesizable, json(result.error), now);
    yield* t.counters.move(job.batch, 'processing', result.status, 1, now);
  }
}

/** The job, locked, if the claim still holds it. */
function* heldBy(t: Tx, job: ClaimedJob): Op<HeldRow | undefined> {
  const seq = seqOf('job', job.jobId);
  if (seq === undefined) return undefined;
  const held = yield* row<HeldRow>(`SELECT ${HELD_COLUMNS} FROM jobs WHERE seq = ?${t.d.lock()}`, [
    seq,
  ]);
  if (!held || held.status !== 'processing' || held.claim !== job.claim) return undefined;
  return held;
}

function* requeue(t: Tx, job: HeldRow, attempts: number): Op<void> {
  const now = Date.now();
  yield* write(
    `UPDATE jobs SET status = 'submitted', attempts = ?, claim = NULL, worker = NULL,
       lease_until = NULL, updated = ? WHERE seq = ?`,
    [Math.max(0, attempts), now, job.seq],
  );
  yield* t.counters.move(job.batch, 'processing', 'submitted', 1, now);
  yield* t.counters.laneQueued(job.lane, 1);
}

function* setFinished(
  seq: number,
  status: 'completed' | 'failed',
  result: number,
  synthesizable: boolean,
  error: string | null,
  now: number,
): Op<void> {
  yield* write(
    `UPDATE jobs SET status = ?, result = ?, synthesizable = ?, error = ?, claim = NULL,
       worker = NULL, lease_until = NULL, updated = ? WHERE seq = ?`,
    [status, result, synthesizable ? 1 : 0, error, now, seq],
  );
}

/** Fairness bookkeeping of a claim, after the job and batch rows (lock order). */
function* touchLane(t: Tx, owner: string, lane: number): Op<void> {
  const tick = yield* t.d.nextTick();
  yield* write(
    `UPDATE lanes SET last_claim = ?, queued = ${t.d.greatest}(0, queued - 1) WHERE id = ?`,
    [tick, lane],
  );
  yield* write(
    `INSERT INTO owners (owner, last_claim) VALUES (?, ?)
     ON CONFLICT (owner) DO UPDATE SET last_claim = excluded.last_claim`,
    [owner, tick],
  );
}
