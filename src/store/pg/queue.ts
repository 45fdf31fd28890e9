/**
 * The queue on PostgreSQL, shared by any number of worker processes.
 *
 * A claim picks the fairest lane (priority, then the owner and the lane
 * served longest ago) and takes its oldest job with `FOR UPDATE SKIP LOCKED`:
 * concurrent claimers never wait on each other's job and never get the same
 * one. Only jobs whose engine and library versions the claiming worker holds
 * are considered, so a worker never takes (and bounces) a job it cannot
 * compute. Leases are kept on the database's clock. Every completion, release
 * or recovery first locks the job row and checks the claim token, so a job is
 * either queued, held by exactly one claim, or done with exactly one result.
 *
 * Lock order in every transaction: job rows, then the batch row, then lanes,
 * owners and the overall counters (written last). Transactions that still
 * meet in a deadlock are rolled back by PostgreSQL and retried by PgDb.
 */
import { randomBytes } from 'node:crypto';
import type { PlanJobOutput } from '../../contract/index.js';
import { seqOf } from '../ids.js';
import type {
  ClaimedJob,
  JobError,
  JobStatus,
  ParamSetInput,
  QueueStats,
  ReleaseOutcome,
  WorkerCapabilities,
} from '../types.js';
import { paramSetCache } from '../param-sets.js';
import { paramSetInput, ParamSetRow } from '../sqlite/rows.js';
import { NOW_MS, PgDb, Tx } from './db.js';
import { LOCKS } from './schema.js';

interface QueuedRow {
  seq: number;
  id: string;
  owner: string;
  batch: number | null;
  lane: number;
  query: string;
  param_set: number;
  attempts: number;
}

export interface HeldRow {
  seq: number;
  owner: string;
  batch: number | null;
  lane: number;
  status: JobStatus;
  claim: string | null;
  attempts: number;
  param_set: number;
  query: string;
}

interface ResultInput {
  status: 'completed' | 'failed';
  output?: PlanJobOutput;
  error?: JobError;
}

/** Lanes looked at per claim before giving up (lanes with no job this worker can run are skipped). */
const MAX_LANES_PER_CLAIM = 20;
/** How many already-answered jobs one claim may settle from the cache before returning. */
const MAX_REUSE_PER_CLAIM = 200;
/** Expired leases recovered per sweep transaction. */
const RECOVER_BATCH = 500;

const HELD_COLUMNS = 'seq, owner, batch, lane, status, claim, attempts, param_set, query';

export class PgQueue {
  readonly paramSets = paramSetCache();

  constructor(
    private readonly db: PgDb,
    /** Whether a result may settle other owners' identical jobs (operator setting). */
    private readonly shareResults = false,
  ) {}

  async claimNext(
    worker: string,
    leaseMs: number,
    capabilities?: WorkerCapabilities,
  ): Promise<ClaimedJob | undefined> {
    // One transaction per step: a job settled from the cache commits on its own.
    for (let reused = 0; reused <= MAX_REUSE_PER_CLAIM; reused++) {
      const step = await this.db.tx((tx) => this.claimStep(tx, worker, leaseMs, capabilities), {
        idempotent: true,
      });
      if (step !== 'reused') return step;
    }
    return undefined;
  }

  private async claimStep(
    tx: Tx,
    worker: string,
    leaseMs: number,
    capabilities?: WorkerCapabilities,
  ): Promise<ClaimedJob | undefined | 'reused'> {
    const skipped: number[] = [];
    while (skipped.length < MAX_LANES_PER_CLAIM) {
      const lane = await tx.one<{ id: number; owner: string }>(
        `SELECT l.id, l.owner FROM lanes l LEFT JOIN owners o ON o.owner = l.owner
         WHERE l.queued > 0 AND l.paused = 0 AND l.id <> ALL($1::bigint[])
         ORDER BY l.priority DESC, coalesce(o.last_claim, 0), l.last_claim, l.id LIMIT 1`,
        [skipped],
      );
      if (!lane) return undefined;
      const job = await this.oldestClaimable(tx, lane.id, capabilities);
      if (!job) {
        // Held by concurrent claims, or nothing here this worker can run: try the next lane.
        skipped.push(lane.id);
        continue;
      }
      const reused = await this.settleFromCache(tx, job);
      const claimed = reused ? undefined : await this.hold(tx, job, worker, leaseMs);
      await this.touchLane(tx, lane, job.lane);
      return claimed ?? 'reused';
    }
    return undefined;
  }

  private async oldestClaimable(
    tx: Tx,
    lane: number,
    capabilities?: WorkerCapabilities,
  ): Promise<QueuedRow | undefined> {
    const columns = 'j.seq, j.id, j.owner, j.batch, j.lane, j.query, j.param_set, j.attempts';
    if (!capabilities)
      return tx.one<QueuedRow>(
        `SELECT ${columns} FROM jobs j WHERE j.lane = $1 AND j.status = 'submitted'
         ORDER BY j.seq LIMIT 1 FOR UPDATE OF j SKIP LOCKED`,
        [lane],
      );
    return tx.one<QueuedRow>(
      `SELECT ${columns} FROM jobs j JOIN param_sets p ON p.id = j.param_set
       WHERE j.lane = $1 AND j.status = 'submitted'
         AND $2::jsonb ? p.engine_version AND p.library_versions::jsonb <@ $3::jsonb
       ORDER BY j.seq LIMIT 1 FOR UPDATE OF j SKIP LOCKED`,
      [lane, JSON.stringify(capabilities.engines), JSON.stringify(capabilities.libraries)],
    );
  }

  /** Fairness bookkeeping of a claim, after the job and batch rows (lock order). */
  private async touchLane(tx: Tx, lane: { id: number; owner: string }, jobLane: number) {
    const { tick } = (await tx.one<{ tick: number }>("SELECT nextval('claim_ticks') AS tick"))!;
    await tx.query(
      'UPDATE lanes SET last_claim = $1, queued = greatest(0, queued - 1) WHERE id = $2',
      [tick, jobLane],
    );
    await tx.query(
      `INSERT INTO owners (owner, last_claim) VALUES ($1, $2)
       ON CONFLICT (owner) DO UPDATE SET last_claim = excluded.last_claim`,
      [lane.owner, tick],
    );
  }

  async extendLeases(worker: string, jobIds: string[], leaseMs: number): Promise<string[]> {
    const seqs = jobIds.map((id) => seqOf('job', id) ?? -1);
    const kept = await this.db.query<{ seq: number }>(
      `UPDATE jobs SET lease_until = ${NOW_MS} + $3
       WHERE seq = ANY($1::bigint[]) AND worker = $2 AND status = 'processing' RETURNING seq`,
      [seqs, worker, leaseMs],
      { idempotent: true },
    );
    const held = new Set(kept.map((r) => r.seq));
    return jobIds.filter((_, i) => !held.has(seqs[i]));
  }

  async completeJob(job: ClaimedJob, output: PlanJobOutput): Promise<boolean> {
    return this.db.tx(
      async (tx) => {
        const row = await this.heldBy(tx, job);
        if (!row) return false;
        await this.finish(tx, row, { status: output.status, output, error: output.error });
        return true;
      },
      { idempotent: true },
    );
  }

  async releaseJob(
    job: ClaimedJob,
    error: JobError,
    options: { maxAttempts: number; countAttempt: boolean },
  ): Promise<ReleaseOutcome> {
    return this.db.tx(
      async (tx): Promise<ReleaseOutcome> => {
        const row = await this.heldBy(tx, job);
        if (!row) return 'lost';
        if (!options.countAttempt) {
          await this.requeue(tx, row, row.attempts - 1);
          return 'requeued';
        }
        return this.retryOrFail(tx, row, error, options.maxAttempts);
      },
      { idempotent: true },
    );
  }

  /**
   * Re-queues (or fails) processing jobs whose lease expired, a few hundred per
   * transaction. With several processes sweeping, an advisory lock lets one
   * sweep at a time and row locks make each job's recovery happen once.
   */
  async recoverAbandoned(options: {
    maxAttempts: number;
    all: boolean;
  }): Promise<{ requeued: number; failed: number }> {
    const total = { requeued: 0, failed: 0 };
    for (;;) {
      const step = await this.db.tx((tx) => this.recoverSome(tx, options), { idempotent: true });
      if (!step) break;
      total.requeued += step.requeued;
      total.failed += step.failed;
      if (step.requeued + step.failed < RECOVER_BATCH) break;
    }
    return total;
  }

  private async recoverSome(
    tx: Tx,
    options: { maxAttempts: number; all: boolean },
  ): Promise<{ requeued: number; failed: number } | undefined> {
    const lock = await tx.one<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [
      LOCKS.sweep,
    ]);
    if (!lock?.ok) return undefined;
    const rows = await tx.query<HeldRow>(
      `SELECT ${HELD_COLUMNS} FROM jobs
       WHERE status = 'processing' AND ($1 OR lease_until < ${NOW_MS})
       ORDER BY batch NULLS FIRST, seq LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [options.all, RECOVER_BATCH],
    );
    let failed = 0;
    for (const row of rows) {
      const error = {
        code: 'worker_lost',
        message: `the job was interrupted ${row.attempts} times (server or worker stopped while planning)`,
      };
      if ((await this.retryOrFail(tx, row, error, options.maxAttempts)) === 'failed') failed++;
    }
    return { requeued: rows.length - failed, failed };
  }

  async stats(): Promise<QueueStats> {
    const byStatus = { submitted: 0, processing: 0, completed: 0, failed: 0, canceled: 0 };
    const rows = await this.db.query<{ status: JobStatus; n: number }>(
      'SELECT status, sum(n) AS n FROM job_counts GROUP BY status',
    );
    for (const r of rows) byStatus[r.status] = r.n;
    const queued = await this.db.one<{ n: number }>(
      'SELECT coalesce(sum(queued), 0) AS n FROM lanes WHERE queued > 0',
    );
    return { queued: queued?.n ?? 0, byStatus };
  }

  async paramSet(tx: Tx, id: number): Promise<ParamSetInput> {
    let p = this.paramSets.get(id);
    if (!p) {
      p = paramSetInput(
        (await tx.one<ParamSetRow>('SELECT * FROM param_sets WHERE id = $1', [id]))!,
      );
      this.paramSets.set(id, p);
    }
    return p;
  }

  private async hold(tx: Tx, job: QueuedRow, worker: string, leaseMs: number): Promise<ClaimedJob> {
    const now = Date.now();
    const claim = randomBytes(9).toString('base64url');
    await tx.query(
      `UPDATE jobs SET status = 'processing', attempts = attempts + 1, claim = $1, worker = $2,
         lease_until = ${NOW_MS} + $3, updated = $4 WHERE seq = $5`,
      [claim, worker, leaseMs, now, job.seq],
    );
    await tx.counters.move(job.batch, 'submitted', 'processing', 1, now);
    return {
      jobId: job.id,
      claim,
      attempt: job.attempts + 1,
      smiles: job.query,
      paramSet: await this.paramSet(tx, job.param_set),
    };
  }

  /**
   * A job whose identical computation already finished for the same owner takes
   * that result instead of running (any owner's with `shareResults`): reuse
   * across owners would tell one owner, by its speed, what another screened.
   */
  private async settleFromCache(tx: Tx, job: QueuedRow): Promise<boolean> {
    const hit = await tx.one<{
      id: number;
      status: 'completed' | 'failed';
      summary: string | null;
    }>(
      `SELECT id, status, summary FROM results
       WHERE param_set = $1 AND query = $2 AND reusable = 1 AND ($3 OR owner = $4)
       ORDER BY id LIMIT 1`,
      [job.param_set, job.query, this.shareResults, job.owner],
    );
    if (!hit) return false;
    const now = Date.now();
    const synthesizable = hit.summary
      ? (JSON.parse(hit.summary) as { synthesizable?: boolean }).synthesizable === true
      : false;
    await this.setFinished(tx, job.seq, hit.status, hit.id, synthesizable, null, now);
    await tx.counters.move(job.batch, 'submitted', hit.status, 1, now);
    return true;
  }

  async heldBy(tx: Tx, job: ClaimedJob): Promise<HeldRow | undefined> {
    const seq = seqOf('job', job.jobId);
    if (seq === undefined) return undefined;
    const row = await tx.one<HeldRow>(
      `SELECT ${HELD_COLUMNS} FROM jobs WHERE seq = $1 FOR UPDATE`,
      [seq],
    );
    if (!row || row.status !== 'processing' || row.claim !== job.claim) return undefined;
    return row;
  }

  private async retryOrFail(
    tx: Tx,
    row: HeldRow,
    error: JobError,
    maxAttempts: number,
  ): Promise<ReleaseOutcome> {
    if (row.attempts < maxAttempts) {
      await this.requeue(tx, row, row.attempts);
      return 'requeued';
    }
    await this.finish(tx, row, {
      status: 'failed',
      error: {
        code: error.code,
        message: `${error.message} (gave up after ${row.attempts} attempts)`,
      },
    });
    return 'failed';
  }

  private async requeue(tx: Tx, row: HeldRow, attempts: number): Promise<void> {
    const now = Date.now();
    await tx.query(
      `UPDATE jobs SET status = 'submitted', attempts = $1, claim = NULL, worker = NULL,
         lease_until = NULL, updated = $2 WHERE seq = $3`,
      [Math.max(0, attempts), now, row.seq],
    );
    await tx.counters.move(row.batch, 'processing', 'submitted', 1, now);
    await tx.counters.laneQueued(row.lane, 1);
  }

  private async finish(tx: Tx, row: HeldRow, result: ResultInput): Promise<void> {
    const now = Date.now();
    const out = result.output;
    // Only real answers are shared; failures may be transient (crash, version mismatch).
    const reusable = result.status === 'completed' ? 1 : 0;
    const inserted = await tx.one<{ id: number }>(
      `INSERT INTO results (param_set, query, canonical, status, routes, summary, stats, error,
         reusable, created, synthesis, decomposition, owner, diagnosis)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [
        row.param_set,
        row.query,
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
      ],
    );
    const synthesizable = result.status === 'completed' && out?.summary.synthesizable === true;
    const error = result.error ? JSON.stringify(result.error) : null;
    await this.setFinished(tx, row.seq, result.status, inserted!.id, synthesizable, error, now);
    await tx.counters.move(row.batch, 'processing', result.status, 1, now);
  }

  private async setFinished(
    tx: Tx,
    seq: number,
    status: 'completed' | 'failed',
    result: number,
    synthesizable: boolean,
    error: string | null,
    now: number,
  ): Promise<void> {
    await tx.query(
      `UPDATE jobs SET status = $1, result = $2, synthesizable = $3, error = $4, claim = NULL,
         worker = NULL, lease_until = NULL, updated = $5 WHERE seq = $6`,
      [status, result, synthesizable ? 1 : 0, error, now, seq],
    );
  }
}
