/**
 * The queue on SQLite: claiming, leases, completion and recovery. All of it
 * runs in the server process (SQLite has one writer), each operation one
 * transaction, so a job is either queued, held by exactly one claim, or done
 * with exactly one result.
 */
import { randomBytes } from 'node:crypto';
import type { PlanJobOutput } from '../../contract/index.js';
import type {
  ClaimedJob,
  JobError,
  JobStatus,
  ParamSetInput,
  QueueStats,
  ReleaseOutcome,
} from '../types.js';
import { seqOf } from '../ids.js';
import type { Counters } from './counters.js';
import type { Db } from './db.js';
import { paramSetInput, ParamSetRow } from './rows.js';
import { paramSetCache } from '../param-sets.js';

interface QueuedRow {
  seq: number;
  id: string;
  owner: string;
  batch: number | null;
  query: string;
  param_set: number;
  attempts: number;
}

interface HeldRow {
  seq: number;
  owner: string;
  batch: number | null;
  status: JobStatus;
  claim: string | null;
  attempts: number;
  param_set: number;
  query: string;
}

interface ResultInput {
  paramSet: number;
  query: string;
  status: 'completed' | 'failed';
  output?: PlanJobOutput;
  error?: JobError;
}

/** How many already-answered jobs one claim may settle from the cache before returning. */
const MAX_REUSE_PER_CLAIM = 200;

export class SqliteQueue {
  private claimTick: number;
  readonly paramSets = paramSetCache();
  private readonly stmt;

  constructor(
    private readonly db: Db,
    private readonly counters: Counters,
    /** Whether a result may settle other owners' identical jobs (operator setting). */
    private readonly shareResults = false,
  ) {
    this.stmt = {
      nextLane: db.prepare(`
        SELECT l.id, l.owner FROM lanes l LEFT JOIN owners o ON o.owner = l.owner
        WHERE l.queued > 0 AND l.paused = 0
        ORDER BY l.priority DESC, coalesce(o.last_claim, 0), l.last_claim, l.id LIMIT 1`),
      oldestInLane: db.prepare(`
        SELECT seq, id, owner, batch, query, param_set, attempts FROM jobs
        WHERE lane = ? AND status = 'submitted' ORDER BY seq LIMIT 1`),
      emptyLane: db.prepare('UPDATE lanes SET queued = 0 WHERE id = ?'),
      touchLane: db.prepare('UPDATE lanes SET last_claim = ? WHERE id = ?'),
      touchOwner: db.prepare(`
        INSERT INTO owners (owner, last_claim) VALUES (?, ?)
        ON CONFLICT(owner) DO UPDATE SET last_claim = excluded.last_claim`),
      reusable: db.prepare(`
        SELECT id, status, summary FROM results
        WHERE param_set = ? AND query = ? AND reusable = 1 AND (? OR owner = ?)
        ORDER BY id LIMIT 1`),
      hold: db.prepare(`
        UPDATE jobs SET status = 'processing', attempts = attempts + 1, claim = ?, worker = ?,
          lease_until = ?, updated = ? WHERE seq = ?`),
      held: db.prepare(`
        SELECT seq, owner, batch, status, claim, attempts, param_set, query FROM jobs
        WHERE seq = ?`),
      insertResult: db.prepare(`
        INSERT INTO results (param_set, query, canonical, status, routes, summary, stats, error,
          reusable, created, synthesis, decomposition, owner, diagnosis)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      finish: db.prepare(`
        UPDATE jobs SET status = ?, result = ?, synthesizable = ?, error = ?, claim = NULL,
          worker = NULL, lease_until = NULL, updated = ? WHERE seq = ?`),
      requeue: db.prepare(`
        UPDATE jobs SET status = 'submitted', attempts = ?, claim = NULL, worker = NULL,
          lease_until = NULL, updated = ? WHERE seq = ?`),
      laneOf: db.prepare('SELECT lane FROM jobs WHERE seq = ?'),
      extend: db.prepare(`
        UPDATE jobs SET lease_until = ? WHERE seq = ? AND worker = ? AND status = 'processing'`),
      abandoned: db.prepare(`
        SELECT seq, owner, batch, status, claim, attempts, param_set, query FROM jobs
        WHERE status = 'processing' AND (? OR lease_until < ?)`),
      paramSet: db.prepare('SELECT * FROM param_sets WHERE id = ?'),
      queued: db.prepare('SELECT coalesce(sum(queued), 0) FROM lanes'),
      counts: db.prepare('SELECT status, n FROM job_counts'),
    };
    this.claimTick =
      (db
        .prepare(
          'SELECT max(t) FROM (SELECT max(last_claim) t FROM lanes UNION ALL SELECT max(last_claim) FROM owners)',
        )
        .pluck()
        .get() as number | null) ?? 0;
  }

  claimNext(worker: string, leaseMs: number): ClaimedJob | undefined {
    return this.db.transaction(() => {
      for (let reused = 0; reused <= MAX_REUSE_PER_CLAIM;) {
        const lane = this.stmt.nextLane.get() as { id: number; owner: string } | undefined;
        if (!lane) return undefined;
        const job = this.stmt.oldestInLane.get(lane.id) as QueuedRow | undefined;
        if (!job) {
          // The counter drifted (it never should): repair it and look again.
          this.stmt.emptyLane.run(lane.id);
          continue;
        }
        const tick = ++this.claimTick;
        this.stmt.touchLane.run(tick, lane.id);
        this.stmt.touchOwner.run(lane.owner, tick);
        this.counters.laneQueued(lane.id, -1);
        if (this.settleFromCache(job)) {
          reused++;
          continue;
        }
        return this.hold(job, worker, leaseMs);
      }
      return undefined;
    })();
  }

  /** Extends the worker's leases; returns the jobs it no longer holds (canceled, deleted, re-queued). */
  extendLeases(worker: string, jobIds: string[], leaseMs: number): string[] {
    const until = Date.now() + leaseMs;
    return this.db.transaction(() => {
      const lost: string[] = [];
      for (const id of jobIds) {
        const seq = seqOf('job', id);
        if (seq === undefined || this.stmt.extend.run(until, seq, worker).changes === 0)
          lost.push(id);
      }
      return lost;
    })();
  }

  completeJob(job: ClaimedJob, output: PlanJobOutput): boolean {
    return this.db.transaction(() => {
      const row = this.heldBy(job);
      if (!row) return false;
      this.finish(row, {
        paramSet: row.param_set,
        query: row.query,
        status: output.status,
        output,
        error: output.error,
      });
      return true;
    })();
  }

  releaseJob(
    job: ClaimedJob,
    error: JobError,
    options: { maxAttempts: number; countAttempt: boolean },
  ): ReleaseOutcome {
    return this.db.transaction((): ReleaseOutcome => {
      const row = this.heldBy(job);
      if (!row) return 'lost';
      if (!options.countAttempt) {
        this.requeue(row, row.attempts - 1);
        return 'requeued';
      }
      return this.retryOrFail(row, error, options.maxAttempts);
    })();
  }

  recoverAbandoned(options: { maxAttempts: number; all: boolean }): {
    requeued: number;
    failed: number;
  } {
    return this.db.transaction(() => {
      const rows = this.stmt.abandoned.all(options.all ? 1 : 0, Date.now()) as HeldRow[];
      let failed = 0;
      for (const row of rows) {
        const error = {
          code: 'worker_lost',
          message: `the job was interrupted ${row.attempts} times (server or worker stopped while planning)`,
        };
        if (this.retryOrFail(row, error, options.maxAttempts) === 'failed') failed++;
      }
      return { requeued: rows.length - failed, failed };
    })();
  }

  stats(): QueueStats {
    const byStatus = { submitted: 0, processing: 0, completed: 0, failed: 0, canceled: 0 };
    for (const r of this.stmt.counts.all() as { status: JobStatus; n: number }[])
      byStatus[r.status] = r.n;
    return { queued: this.stmt.queued.pluck().get() as number, byStatus };
  }

  paramSet(id: number): ParamSetInput {
    let p = this.paramSets.get(id);
    if (!p) {
      p = paramSetInput(this.stmt.paramSet.get(id) as ParamSetRow);
      this.paramSets.set(id, p);
    }
    return p;
  }

  private hold(job: QueuedRow, worker: string, leaseMs: number): ClaimedJob {
    const now = Date.now();
    const claim = randomBytes(9).toString('base64url');
    this.stmt.hold.run(claim, worker, now + leaseMs, now, job.seq);
    this.counters.move(job.batch, 'submitted', 'processing', 1, now);
    return {
      jobId: job.id,
      claim,
      attempt: job.attempts + 1,
      smiles: job.query,
      paramSet: this.paramSet(job.param_set),
    };
  }

  /**
   * A job whose identical computation already finished for the same owner takes
   * that result instead of running (any owner's with `shareResults`): reuse
   * across owners would tell one owner, by its speed, what another screened.
   */
  private settleFromCache(job: QueuedRow): boolean {
    const share = this.shareResults ? 1 : 0;
    const hit = this.stmt.reusable.get(job.param_set, job.query, share, job.owner) as
      { id: number; status: 'completed' | 'failed'; summary: string | null } | undefined;
    if (!hit) return false;
    const now = Date.now();
    const synthesizable = hit.summary
      ? (JSON.parse(hit.summary) as { synthesizable?: boolean }).synthesizable === true
      : false;
    this.stmt.finish.run(hit.status, hit.id, synthesizable ? 1 : 0, null, now, job.seq);
    this.counters.move(job.batch, 'submitted', hit.status, 1, now);
    return true;
  }

  private heldBy(job: ClaimedJob): HeldRow | undefined {
    const seq = seqOf('job', job.jobId);
    if (seq === undefined) return undefined;
    const row = this.stmt.held.get(seq) as HeldRow | undefined;
    if (!row || row.status !== 'processing' || row.claim !== job.claim) return undefined;
    return row;
  }

  private retryOrFail(row: HeldRow, error: JobError, maxAttempts: number): ReleaseOutcome {
    if (row.attempts < maxAttempts) {
      this.requeue(row, row.attempts);
      return 'requeued';
    }
    this.finish(row, {
      paramSet: row.param_set,
      query: row.query,
      status: 'failed',
      error: {
        code: error.code,
        message: `${error.message} (gave up after ${row.attempts} attempts)`,
      },
    });
    return 'failed';
  }

  private requeue(row: HeldRow, attempts: number): void {
    const now = Date.now();
    this.stmt.requeue.run(Math.max(0, attempts), now, row.seq);
    this.counters.move(row.batch, 'processing', 'submitted', 1, now);
    const { lane } = this.stmt.laneOf.get(row.seq) as { lane: number };
    this.counters.laneQueued(lane, 1);
  }

  private finish(row: HeldRow, result: ResultInput): void {
    const now = Date.now();
    const out = result.output;
    // Only real answers are shared; failures may be transient (crash, version mismatch).
    const reusable = result.status === 'completed' ? 1 : 0;
    const info = this.stmt.insertResult.run(
      result.paramSet,
      result.query,
      out?.canonicalSmiles ?? null,
      result.status,
      JSON.stringify(out?.routes ?? []),
      out ? JSON.stringify(out.summary) : null,
      out ? JSON.stringify(out.stats) : null,
      result.error ? JSON.stringify(result.error) : null,
      reusable,
      now,
      out?.synthesis ? JSON.stringify(out.synthesis) : null,
      out?.decomposition ? JSON.stringify(out.decomposition) : null,
      row.owner,
      out?.diagnosis ? JSON.stringify(out.diagnosis) : null,
    );
    const synthesizable = result.status === 'completed' && out?.summary.synthesizable ? 1 : 0;
    this.stmt.finish.run(
      result.status,
      Number(info.lastInsertRowid),
      synthesizable,
      result.error ? JSON.stringify(result.error) : null,
      now,
      row.seq,
    );
    this.counters.move(row.batch, 'processing', result.status, 1, now);
  }
}
