/**
 * The store on PostgreSQL (`DATABASE_URL=postgres://…`): the same contract as
 * the embedded SQLite store, shared by any number of API and worker processes
 * on any machines. Rows have the SQLite layout (see schema.ts), so row
 * conversion is shared with the SQLite store.
 */
import type { PlanJobOutput } from '../../contract/index.js';
import { newUuid, newUuids, parseUuid, seqOf } from '../ids.js';
import { cacheKey, runOptionsOf } from '../param-sets.js';
import { batchRecord, BatchRow, jobDetail, JobDetailRow, jobRecord } from '../sqlite/rows.js';
import {
  BatchClosedError,
  BatchJobs,
  BatchLimitError,
  BatchListQuery,
  BatchRecord,
  BatchTarget,
  ClaimedJob,
  DEFAULT_PRIORITY,
  DeleteJobOutcome,
  JobDetail,
  JobError,
  JobListQuery,
  JobRecord,
  JobStatus,
  LifecycleAction,
  LifecycleOutcome,
  NewBatch,
  NewJob,
  Page,
  ParamSetInput,
  QueueStats,
  ReleaseOutcome,
  RunOptions,
  ScoringPage,
  ScoringRows,
  Store,
  targetKey,
  TokenRecord,
  uniqueTargets,
  WebhookAttempt,
  WebhookAttemptResult,
  WebhookDelivery,
  WebhookFairness,
  WebhookSecret,
  WorkerCapabilities,
  WorkerInfo,
} from '../types.js';
import { batchJobsPage, batchPage, batchResultJson, scoringPage } from './batch-queries.js';
import { PgDb, PgDbOptions, Tx } from './db.js';
import { batchRow, changeBatchState, settleBatch } from './lifecycle.js';
import { PgQueue } from './queue.js';
import { migratePg } from './schema.js';
import { PgWebhooks } from './webhooks.js';
import { UNCAPPED } from '../webhook-event.js';
import { failStranded, liveWorkers, registerWorker, unregisterWorker } from './workers.js';

export interface PgStoreOptions extends PgDbOptions {
  maxBatchJobs?: number;
  /** Identical jobs of different owners may share one result (default: only within an owner). */
  shareResults?: boolean;
}

const JOB_SELECT = `
  SELECT j.*, b.id AS batch_id, b.parameters AS batch_parameters, r.routes, r.summary,
    r.diagnosis
  FROM jobs j
  LEFT JOIN batches b ON b.seq = j.batch
  LEFT JOIN results r ON r.id = j.result`;

interface TokenRow {
  id: string;
  name: string;
  owner: string;
  created: number;
  revoked: number;
  expires: number | null;
  admin: number;
}

export class PgStore implements Store {
  readonly shared = true;
  readonly db: PgDb;
  private readonly queue: PgQueue;
  private readonly webhooks: PgWebhooks;
  private readonly maxBatchJobs: number;

  private constructor(db: PgDb, options: PgStoreOptions) {
    this.db = db;
    this.db.onBatchMayBeDone = settleBatch;
    this.queue = new PgQueue(db, options.shareResults);
    this.webhooks = new PgWebhooks(db);
    this.maxBatchJobs = options.maxBatchJobs ?? 100_000;
  }

  /** Connects and brings the schema up to date (waiting for the database while it starts). */
  static async open(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
    const db = new PgDb(url, options);
    try {
      await db.tx(async () => undefined); // reachable (retried while it starts)
      // A dropped connection fails the migration, not the process.
      await db.withClient((client) => migratePg(client));
    } catch (e) {
      await db.close();
      throw e;
    }
    return new PgStore(db, options);
  }

  // ---- tokens ----

  async insertToken(t: TokenRecord & { hash: string }): Promise<void> {
    await this.db.query(
      `INSERT INTO tokens (id, name, owner, hash, created, expires, admin)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [t.id, t.name, t.owner, t.hash, t.created, t.expires, t.admin ? 1 : 0],
    );
  }

  async findTokenByHash(hash: string): Promise<TokenRecord | undefined> {
    const row = await this.db.one<TokenRow>(
      'SELECT id, name, owner, created, revoked, expires, admin FROM tokens WHERE hash = $1 AND revoked = 0',
      [hash],
    );
    return row ? tokenRecord(row) : undefined;
  }

  async listTokens(): Promise<TokenRecord[]> {
    const rows = await this.db.query<TokenRow>(
      'SELECT id, name, owner, created, revoked, expires, admin FROM tokens ORDER BY created',
    );
    return rows.map(tokenRecord);
  }

  async revokeToken(id: string): Promise<boolean> {
    const rows = await this.db.query(
      'UPDATE tokens SET revoked = 1 WHERE id = $1 AND revoked = 0 RETURNING id',
      [id],
    );
    return rows.length > 0;
  }

  // ---- jobs ----

  async createJob(job: NewJob): Promise<JobRecord> {
    const seq = await this.db.tx(async (tx) => {
      const now = Date.now();
      const paramSet = await this.paramSetId(tx, job.paramSet);
      const lane = await this.laneId(tx, `owner:${job.owner}`, job.owner, DEFAULT_PRIORITY, now);
      const [seq] = await this.nextSeqs(tx, 'job_seq', 1);
      await tx.query(
        `INSERT INTO jobs (seq, id, owner, batch, lane, query, parameters, param_set, status,
           created, updated) VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, 'submitted', $8, $8)`,
        [
          seq,
          newUuid(seq),
          job.owner,
          lane,
          job.query,
          JSON.stringify(job.parameters),
          paramSet,
          now,
        ],
      );
      await tx.counters.move(null, null, 'submitted', 1, now);
      await tx.counters.laneQueued(lane, 1);
      return seq;
    });
    return jobRecord((await this.db.one<JobDetailRow>(`${JOB_SELECT} WHERE j.seq = $1`, [seq]))!);
  }

  async getJob(owner: string, id: string): Promise<JobDetail | undefined> {
    const row = await this.jobRow(this.db, owner, id);
    return row ? jobDetail(row) : undefined;
  }

  async listJobs(owner: string, q: JobListQuery): Promise<Page<JobDetail>> {
    const offset = (q.page - 1) * q.size;
    const rows = q.status
      ? await this.db.query<JobDetailRow>(
          `${JOB_SELECT} WHERE j.owner = $1 AND j.status = $2 AND j.batch IS NULL
           ORDER BY j.seq DESC LIMIT $3 OFFSET $4`,
          [owner, q.status, q.size + 1, offset],
        )
      : await this.db.query<JobDetailRow>(
          `${JOB_SELECT} WHERE j.owner = $1 AND j.batch IS NULL
           ORDER BY j.seq DESC LIMIT $2 OFFSET $3`,
          [owner, q.size + 1, offset],
        );
    return { items: rows.slice(0, q.size).map(jobDetail), hasMore: rows.length > q.size };
  }

  async deleteJob(owner: string, id: string): Promise<DeleteJobOutcome> {
    return this.db.tx(async (tx): Promise<DeleteJobOutcome> => {
      const row = await this.jobRow(tx, owner, id, true);
      if (!row) return { outcome: 'not_found' };
      if (row.status === 'processing') return { outcome: 'in_progress' };
      const now = Date.now();
      await tx.query('DELETE FROM jobs WHERE seq = $1', [row.seq]);
      await tx.counters.move(row.batch, row.status, null, 1, now);
      if (row.status === 'submitted') await tx.counters.laneQueued(row.lane, -1);
      if (row.result !== null) await dropResultIfUnused(tx, row.result);
      if (row.batch !== null) await this.dropBatchIfEmpty(tx, row.batch);
      return { outcome: 'deleted', job: jobDetail(row) };
    });
  }

  // ---- batches ----

  async createBatch(batch: NewBatch): Promise<BatchRecord> {
    if (batch.smiles.length > this.maxBatchJobs) throw new BatchLimitError(this.maxBatchJobs);
    const seq = await this.db.tx(async (tx) => {
      const now = Date.now();
      const [seq] = await this.nextSeqs(tx, 'batch_seq', 1);
      const paramSet = await this.paramSetId(tx, batch.paramSet, seq);
      const priority = batch.priority ?? DEFAULT_PRIORITY;
      const lane = await this.laneId(tx, `batch:${seq}`, batch.owner, priority, now);
      const { startingMaterials, ...options } = runOptionsOf(batch.paramSet) ?? {};
      const tags = [...new Set(batch.tags ?? [])];
      await tx.query(
        `INSERT INTO batches (seq, id, owner, name, description, filename, parameters, lane,
           created, updated, priority, auto_complete, webhook, tags, run_options)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12, $13, $14)`,
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
          priority,
          batch.autoComplete === false ? 0 : 1,
          batch.webhook ?? null,
          tags.length ? JSON.stringify(tags) : null,
          Object.keys(options).length ? JSON.stringify(options) : null,
        ],
      );
      if (startingMaterials)
        await tx.query('INSERT INTO batch_materials (batch, smiles) VALUES ($1, $2)', [
          seq,
          JSON.stringify(startingMaterials),
        ]);
      if (tags.length)
        await tx.query(
          'INSERT INTO batch_tags (batch, owner, tag) SELECT $1, $2, unnest($3::text[])',
          [seq, batch.owner, tags],
        );
      const targets = uniqueTargets(batch.smiles, batch.compoundIds);
      await this.insertBatchJobs(tx, seq, lane, batch.owner, targets, paramSet, now);
      return seq;
    });
    return batchRecord((await batchRow(this.db, seq))!);
  }

  /**
   * Appends under a lock on the batch row: concurrent appends to one batch run
   * one after the other, so together they never pass the job cap.
   */
  async appendToBatch(
    owner: string,
    id: string,
    smiles: string[],
    paramSet: ParamSetInput,
    compoundIds?: (string | null)[],
  ): Promise<BatchRecord | undefined> {
    const key = parseUuid('bat', id);
    if (!key) return undefined;
    const seq = key.seq;
    return this.db.tx(async (tx) => {
      const row = await batchRow(tx, seq, true);
      if (!row || row.id !== key.id || row.owner !== owner) return undefined;
      if (row.closed_at !== null) throw new BatchClosedError(id);
      const existing = await tx.query<{ query: string; compound_id: string | null }>(
        'SELECT query, compound_id FROM jobs WHERE batch = $1',
        [seq],
      );
      const known = new Set(existing.map((r) => targetKey(r.query, r.compound_id)));
      const fresh = uniqueTargets(smiles, compoundIds).filter(
        (t) => !known.has(targetKey(t.smiles, t.compoundId)),
      );
      if (row.total_jobs + fresh.length > this.maxBatchJobs)
        throw new BatchLimitError(this.maxBatchJobs);
      const now = Date.now();
      if (fresh.length)
        await tx.query('UPDATE batches SET completed_at = NULL WHERE seq = $1', [seq]);
      const set = await this.paramSetId(tx, paramSet, seq);
      await this.insertBatchJobs(tx, seq, row.lane, owner, fresh, set, now);
      return batchRecord((await batchRow(tx, seq))!);
    });
  }

  async getBatch(owner: string, id: string): Promise<BatchRecord | undefined> {
    const row = await this.batchRow(owner, id);
    return row ? batchRecord(row) : undefined;
  }

  async listBatches(owner: string, q: BatchListQuery): Promise<Page<BatchRecord>> {
    const after = q.createdAfter === undefined ? 0 : (seqOf('bat', q.createdAfter) ?? -1);
    const before =
      q.createdBefore === undefined
        ? Number.MAX_SAFE_INTEGER
        : (seqOf('bat', q.createdBefore) ?? -1);
    if (after < 0 || before < 0) return { items: [], hasMore: false };
    const tags = [...new Set(q.tags ?? [])];
    const limit = q.size + 1;
    if (q.createdBefore !== undefined && q.createdAfter === undefined) {
      // The page just before the cursor, nearest first in SQL, then put back in order.
      const rows = await batchPage(this.db, owner, tags, {
        after: 0,
        before,
        limit,
        direction: 'before',
      });
      return {
        items: rows.slice(0, q.size).reverse().map(batchRecord),
        hasMore: rows.length > q.size,
      };
    }
    const rows = await batchPage(this.db, owner, tags, {
      after,
      before,
      limit,
      direction: 'after',
    });
    return { items: rows.slice(0, q.size).map(batchRecord), hasMore: rows.length > q.size };
  }

  async deleteBatch(owner: string, id: string): Promise<BatchRecord | undefined> {
    const found = await this.batchRow(owner, id);
    if (!found) return undefined;
    return this.db.tx(async (tx) => {
      const removed = await this.removeBatch(tx, found.seq);
      return removed ? batchRecord(removed) : undefined;
    });
  }

  async batchResultJson(owner: string, id: string): Promise<string | undefined> {
    const row = await this.batchRow(owner, id);
    return row ? batchResultJson(this.db, row.seq) : undefined;
  }

  async batchRunOptions(owner: string, id: string): Promise<RunOptions | undefined> {
    const row = await this.batchRow(owner, id);
    if (!row) return undefined;
    const materials = await this.db.one<{ smiles: string }>(
      'SELECT smiles FROM batch_materials WHERE batch = $1',
      [row.seq],
    );
    return {
      ...batchRecord(row).runOptions,
      ...(materials ? { startingMaterials: JSON.parse(materials.smiles) as string[] } : {}),
    };
  }

  async changeBatch(owner: string, id: string, action: LifecycleAction): Promise<LifecycleOutcome> {
    const row = await this.batchRow(owner, id);
    if (!row) return { outcome: 'not_found' };
    return this.db.tx((tx) => changeBatchState(tx, row.seq, action, Date.now()));
  }

  async scoringRows(
    owner: string,
    id: string,
    page: ScoringPage,
  ): Promise<ScoringRows | undefined> {
    const row = await this.batchRow(owner, id);
    return row ? scoringPage(this.db, row.seq, page) : undefined;
  }

  async batchJobs(owner: string, id: string, page: ScoringPage): Promise<BatchJobs | undefined> {
    const row = await this.batchRow(owner, id);
    return row ? batchJobsPage(this.db, row.seq, page) : undefined;
  }

  // ---- webhooks ----

  async webhookDeliveries(owner: string, batchId: string): Promise<WebhookDelivery[] | undefined> {
    const row = await this.batchRow(owner, batchId);
    return row ? this.webhooks.ofBatch(row.seq) : undefined;
  }

  async getWebhookSecret(owner: string): Promise<WebhookSecret | undefined> {
    return this.webhooks.secret(owner);
  }

  async setWebhookSecret(owner: string, secret: WebhookSecret, replace = true): Promise<void> {
    await this.webhooks.setSecret(owner, secret, replace);
  }

  async claimDueWebhooks(
    now: number,
    limit: number,
    leaseMs: number,
    fairness?: WebhookFairness,
  ): Promise<WebhookDelivery[]> {
    return this.webhooks.claimDue(now, limit, leaseMs, fairness ?? UNCAPPED);
  }

  async recordWebhookAttempt(
    id: string,
    attempt: WebhookAttempt,
    result: WebhookAttemptResult,
  ): Promise<void> {
    await this.webhooks.record(id, attempt, result);
  }

  // ---- queue ----

  async claimNext(
    worker: string,
    leaseMs: number,
    capabilities?: WorkerCapabilities,
  ): Promise<ClaimedJob | undefined> {
    return this.queue.claimNext(worker, leaseMs, capabilities);
  }

  async extendLeases(worker: string, jobIds: string[], leaseMs: number): Promise<string[]> {
    return this.queue.extendLeases(worker, jobIds, leaseMs);
  }

  async completeJob(job: ClaimedJob, output: PlanJobOutput): Promise<boolean> {
    return this.queue.completeJob(job, output);
  }

  async releaseJob(
    job: ClaimedJob,
    error: JobError,
    options: { maxAttempts: number; countAttempt: boolean },
  ): Promise<ReleaseOutcome> {
    return this.queue.releaseJob(job, error, options);
  }

  paramSetCacheBytes(): number {
    return this.queue.paramSets.bytes;
  }

  async recoverAbandoned(options: {
    maxAttempts: number;
    all: boolean;
  }): Promise<{ requeued: number; failed: number }> {
    return this.queue.recoverAbandoned(options);
  }

  async queueStats(): Promise<QueueStats> {
    return this.queue.stats();
  }

  async registerWorker(info: WorkerInfo): Promise<void> {
    await registerWorker(this.db, info);
  }

  async unregisterWorker(id: string): Promise<void> {
    await unregisterWorker(this.db, id);
  }

  async liveWorkers(windowMs: number): Promise<WorkerInfo[]> {
    return liveWorkers(this.db, windowMs);
  }

  async failStranded(options: { timeoutMs: number; liveWindowMs: number }): Promise<number> {
    return failStranded(this.db, options);
  }

  // ---- libraries ----

  async recordLibrary(id: string, owner: string): Promise<void> {
    await this.db.query(
      `INSERT INTO libraries (id, owner, created) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, created = excluded.created`,
      [id, owner, Date.now()],
    );
  }

  async libraryOwner(id: string): Promise<string | undefined> {
    const row = await this.db.one<{ owner: string }>('SELECT owner FROM libraries WHERE id = $1', [
      id,
    ]);
    return row?.owner;
  }

  async librariesOf(owner: string): Promise<number> {
    const row = await this.db.one<{ n: number }>(
      'SELECT count(*)::int AS n FROM libraries WHERE owner = $1',
      [owner],
    );
    return row?.n ?? 0;
  }

  async queuedJobsOf(owner: string): Promise<number> {
    const row = await this.db.one<{ n: number }>(
      'SELECT coalesce(sum(queued), 0) AS n FROM lanes WHERE queued > 0 AND owner = $1',
      [owner],
    );
    return Number(row?.n ?? 0);
  }

  async forgetLibrary(id: string): Promise<void> {
    await this.db.query('DELETE FROM libraries WHERE id = $1', [id]);
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  // ---- helpers ----

  /** The parameter set's row; one with starting materials belongs to batch `batch` alone. */
  private async paramSetId(tx: Tx, p: ParamSetInput, batch?: number): Promise<number> {
    const options = runOptionsOf(p);
    const scope = options?.startingMaterials ? batch : undefined;
    const key = cacheKey(p, scope);
    const inserted = await tx.one<{ id: number }>(
      `INSERT INTO param_sets (cache_key, run_parameters, engine_version, library_versions,
         run_options, batch) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (cache_key) DO NOTHING RETURNING id`,
      [
        key,
        JSON.stringify(p.runParameters),
        p.engineVersion,
        JSON.stringify(p.libraryVersions),
        options ? JSON.stringify(options) : null,
        scope ?? null,
      ],
    );
    if (inserted) return inserted.id;
    return (await tx.one<{ id: number }>('SELECT id FROM param_sets WHERE cache_key = $1', [key]))!
      .id;
  }

  private async laneId(
    tx: Tx,
    key: string,
    owner: string,
    priority: number,
    now: number,
  ): Promise<number> {
    const inserted = await tx.one<{ id: number }>(
      `INSERT INTO lanes (key, owner, priority, created) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO NOTHING RETURNING id`,
      [key, owner, priority, now],
    );
    if (inserted) return inserted.id;
    return (await tx.one<{ id: number }>('SELECT id FROM lanes WHERE key = $1', [key]))!.id;
  }

  /** Sequence numbers taken before the insert, because the ids embed them. */
  private async nextSeqs(tx: Tx, sequence: 'job_seq' | 'batch_seq', n: number): Promise<number[]> {
    const rows = await tx.query<{ seq: number }>(
      `SELECT nextval('${sequence}') AS seq FROM generate_series(1, $1)`,
      [n],
    );
    return rows.map((r) => r.seq);
  }

  /** All jobs of an append in one statement (arrays unnested by the database). */
  private async insertBatchJobs(
    tx: Tx,
    batch: number,
    lane: number,
    owner: string,
    targets: BatchTarget[],
    paramSet: number,
    now: number,
  ): Promise<void> {
    if (!targets.length) return;
    const seqs = await this.nextSeqs(tx, 'job_seq', targets.length);
    const ids = newUuids(seqs);
    await tx.query(
      `INSERT INTO jobs (seq, id, owner, batch, lane, query, parameters, param_set, status,
         created, updated, compound_id)
       SELECT s, i, $5, $6, $7, q, NULL, $8, 'submitted', $9, $9, c
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS u(s, i, q, c)`,
      [
        seqs,
        ids,
        targets.map((t) => t.smiles),
        targets.map((t) => t.compoundId),
        owner,
        batch,
        lane,
        paramSet,
        now,
      ],
    );
    await tx.counters.move(batch, null, 'submitted', targets.length, now);
    await tx.counters.laneQueued(lane, targets.length);
  }

  private async jobRow(
    tx: Pick<Tx, 'one'>,
    owner: string,
    id: string,
    lock = false,
  ): Promise<JobDetailRow | undefined> {
    const key = parseUuid('job', id);
    if (!key) return undefined;
    const row = await tx.one<JobDetailRow>(
      `${JOB_SELECT} WHERE j.seq = $1${lock ? ' FOR UPDATE OF j' : ''}`,
      [key.seq],
    );
    return row && row.id === key.id && row.owner === owner ? row : undefined;
  }

  private async batchRow(owner: string, id: string): Promise<BatchRow | undefined> {
    const key = parseUuid('bat', id);
    if (!key) return undefined;
    const row = await batchRow(this.db, key.seq);
    return row && row.id === key.id && row.owner === owner ? row : undefined;
  }

  private async dropBatchIfEmpty(tx: Tx, batch: number): Promise<void> {
    const row = await batchRow(tx, batch);
    if (row && row.total_jobs <= 0) await this.removeBatch(tx, batch);
  }

  /**
   * Deletes the batch's jobs first (waiting for transactions that hold them,
   * as every job transition locks the job before its batch), counting what
   * was removed by status, then the batch and everything that belongs to it.
   */
  private async removeBatch(tx: Tx, seq: number): Promise<BatchRow | undefined> {
    const now = Date.now();
    const removed = await tx.query<{ status: JobStatus; result: number | null }>(
      'DELETE FROM jobs WHERE batch = $1 RETURNING status, result',
      [seq],
    );
    const row = await tx.one<BatchRow>('DELETE FROM batches WHERE seq = $1 RETURNING *', [seq]);
    if (!row) return undefined;
    const byStatus = new Map<JobStatus, number>();
    for (const r of removed) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    // Overall counters only: the batch row itself is gone.
    for (const [status, n] of byStatus) await tx.counters.move(null, status, null, n, now);
    await tx.query('DELETE FROM lanes WHERE id = $1', [row.lane]);
    const results = [...new Set(removed.map((r) => r.result).filter((r) => r !== null))];
    if (results.length)
      await tx.query(
        `DELETE FROM results r WHERE r.id = ANY($1::bigint[])
         AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.result = r.id)`,
        [results],
      );
    await this.forgetBatchData(tx, seq);
    return row;
  }

  /** Tags, starting materials and their parameter sets, webhook events. */
  private async forgetBatchData(tx: Tx, seq: number): Promise<void> {
    await tx.query('DELETE FROM batch_tags WHERE batch = $1', [seq]);
    await tx.query('DELETE FROM batch_materials WHERE batch = $1', [seq]);
    await tx.query('DELETE FROM webhook_deliveries WHERE batch = $1', [seq]);
    // Their jobs are gone, and with them every result they referenced; reusable rows
    // go as well so that a later set can never match them.
    await tx.query(
      `DELETE FROM results WHERE reusable = 1
       AND param_set IN (SELECT id FROM param_sets WHERE batch = $1)`,
      [seq],
    );
    const sets = await tx.query<{ id: number }>(
      'DELETE FROM param_sets WHERE batch = $1 RETURNING id',
      [seq],
    );
    for (const { id } of sets) this.queue.paramSets.delete(Number(id));
  }
}

async function dropResultIfUnused(tx: Tx, result: number): Promise<void> {
  await tx.query(
    'DELETE FROM results WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM jobs WHERE result = $1)',
    [result],
  );
}

function tokenRecord(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    owner: row.owner,
    created: row.created,
    revoked: row.revoked === 1,
    expires: row.expires,
    admin: row.admin === 1,
  };
}
