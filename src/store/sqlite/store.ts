/** The embedded default store: one SQLite file under the data directory. */
import type { PlanJobOutput } from '../../contract/index.js';
import { newUuid, newUuids, parseUuid, seqOf } from '../ids.js';
import { cacheKey, runOptionsOf } from '../param-sets.js';
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
  WorkerInfo,
} from '../types.js';
import { Counters } from './counters.js';
import { Db, openDatabase } from './db.js';
import { BatchLifecycle } from './lifecycle.js';
import { SqliteQueue } from './queue.js';
import { batchRecord, BatchRow, jobDetail, JobDetailRow, jobRecord, JobRow } from './rows.js';
import { BatchJobsQuery, ScoringQuery, TaggedBatches } from './batch-queries.js';
import { SqliteWebhooks } from './webhooks.js';
import { UNCAPPED } from '../webhook-event.js';

export { cacheKey } from '../param-sets.js';

export interface SqliteStoreOptions {
  /** Most jobs a batch may hold. */
  maxBatchJobs?: number;
  /** How long a statement waits for another process's lock, ms (default 10 s). */
  busyTimeoutMs?: number;
  /** Identical jobs of different owners may share one result (default: only within an owner). */
  shareResults?: boolean;
}

const JOB_SELECT = `
  SELECT j.*, b.id AS batch_id, b.parameters AS batch_parameters, r.routes, r.summary,
    r.diagnosis
  FROM jobs j
  LEFT JOIN batches b ON b.seq = j.batch
  LEFT JOIN results r ON r.id = j.result`;

export class SqliteStore implements Store {
  /** One server process owns the file (its planning threads are the only workers). */
  readonly shared = false;
  readonly db: Db;
  private readonly counters: Counters;
  private readonly queue: SqliteQueue;
  private readonly webhooks: SqliteWebhooks;
  private readonly lifecycle: BatchLifecycle;
  private readonly tagged: TaggedBatches;
  private readonly scoring: ScoringQuery;
  private readonly jobsOfBatch: BatchJobsQuery;
  private readonly maxBatchJobs: number;
  private readonly stmt;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.db = openDatabase(path, options.busyTimeoutMs);
    this.counters = new Counters(this.db, (batch, now) => this.lifecycle.settle(batch, now));
    this.queue = new SqliteQueue(this.db, this.counters, options.shareResults);
    this.webhooks = new SqliteWebhooks(this.db);
    this.lifecycle = new BatchLifecycle(this.db, this.counters, this.webhooks);
    this.tagged = new TaggedBatches(this.db);
    this.scoring = new ScoringQuery(this.db);
    this.jobsOfBatch = new BatchJobsQuery(this.db);
    this.maxBatchJobs = options.maxBatchJobs ?? 100_000;
    const db = this.db;
    this.stmt = {
      insertToken: db.prepare(
        'INSERT INTO tokens (id, name, owner, hash, created, expires, admin) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      tokenByHash: db.prepare(
        'SELECT id, name, owner, created, revoked, expires, admin FROM tokens WHERE hash = ? AND revoked = 0',
      ),
      tokens: db.prepare(
        'SELECT id, name, owner, created, revoked, expires, admin FROM tokens ORDER BY created',
      ),
      revoke: db.prepare('UPDATE tokens SET revoked = 1 WHERE id = ? AND revoked = 0'),
      upsertParamSet: db.prepare(`
        INSERT INTO param_sets (cache_key, run_parameters, engine_version, library_versions,
          run_options, batch) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(cache_key) DO NOTHING`),
      paramSetId: db.prepare('SELECT id FROM param_sets WHERE cache_key = ?'),
      scopedParamSets: db.prepare('SELECT id FROM param_sets WHERE batch = ?'),
      dropReusableResults: db.prepare('DELETE FROM results WHERE param_set = ? AND reusable = 1'),
      dropParamSet: db.prepare('DELETE FROM param_sets WHERE id = ?'),
      upsertLane: db.prepare(`
        INSERT INTO lanes (key, owner, priority, created) VALUES (?, ?, ?, ?)
        ON CONFLICT(key) DO NOTHING`),
      laneId: db.prepare('SELECT id FROM lanes WHERE key = ?'),
      deleteLane: db.prepare('DELETE FROM lanes WHERE id = ?'),
      nextSeq: db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?'),
      insertJob: db.prepare(`
        INSERT INTO jobs (seq, id, owner, batch, lane, query, parameters, param_set, status,
          created, updated, compound_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?)`),
      job: db.prepare(`${JOB_SELECT} WHERE j.seq = ?`),
      jobsOfOwner: db.prepare(
        `${JOB_SELECT} WHERE j.owner = ? AND j.batch IS NULL ORDER BY j.seq DESC LIMIT ? OFFSET ?`,
      ),
      jobsOfOwnerWithStatus: db.prepare(
        `${JOB_SELECT} WHERE j.owner = ? AND j.status = ? AND j.batch IS NULL
         ORDER BY j.seq DESC LIMIT ? OFFSET ?`,
      ),
      deleteJob: db.prepare('DELETE FROM jobs WHERE seq = ?'),
      insertBatch: db.prepare(`
        INSERT INTO batches (seq, id, owner, name, description, filename, parameters, lane,
          created, updated, priority, auto_complete, webhook, tags, run_options)
        VALUES (@seq, @id, @owner, @name, @description, @filename, @parameters, @lane,
          @now, @now, @priority, @autoComplete, @webhook, @tags, @runOptions)`),
      insertMaterials: db.prepare('INSERT INTO batch_materials (batch, smiles) VALUES (?, ?)'),
      materials: db.prepare('SELECT smiles FROM batch_materials WHERE batch = ?'),
      deleteMaterials: db.prepare('DELETE FROM batch_materials WHERE batch = ?'),
      batch: db.prepare('SELECT * FROM batches WHERE seq = ?'),
      batchTargets: db.prepare('SELECT query, compound_id FROM jobs WHERE batch = ?').raw(),
      batchesAfter: db.prepare(
        'SELECT * FROM batches WHERE owner = ? AND seq > ? AND seq < ? ORDER BY seq LIMIT ?',
      ),
      batchesBefore: db.prepare(
        'SELECT * FROM batches WHERE owner = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
      ),
      batchResults: db.prepare(
        'SELECT DISTINCT result FROM jobs WHERE batch = ? AND result IS NOT NULL',
      ),
      batchStatusCounts: db.prepare(
        'SELECT status, count(*) AS n FROM jobs WHERE batch = ? GROUP BY status',
      ),
      deleteBatchJobs: db.prepare('DELETE FROM jobs WHERE batch = ?'),
      deleteBatch: db.prepare('DELETE FROM batches WHERE seq = ?'),
      dropResultIfUnused: db.prepare(
        'DELETE FROM results WHERE id = ? AND NOT EXISTS (SELECT 1 FROM jobs WHERE result = ?)',
      ),
      batchResultJson: db.prepare(`
        SELECT coalesce(json_group_array(CASE WHEN compound_id IS NULL THEN json(item)
          ELSE json_set(item, '$.compound_id', compound_id) END), '[]')
        FROM (SELECT compound_id, json_object(
          'job_id', id,
          'smiles', query,
          'completed', json(CASE WHEN status IN ('completed', 'failed', 'canceled') THEN 'true' ELSE 'false' END),
          'synthesizable', json(CASE WHEN synthesizable = 1 THEN 'true' ELSE 'false' END),
          'status', status
        ) AS item FROM jobs WHERE batch = ? ORDER BY seq)`),
      recordLibrary: db.prepare(
        'INSERT OR REPLACE INTO libraries (id, owner, created) VALUES (?, ?, ?)',
      ),
      libraryOwner: db.prepare('SELECT owner FROM libraries WHERE id = ?'),
      librariesOf: db.prepare('SELECT count(*) FROM libraries WHERE owner = ?'),
      // Lanes with queued jobs are few (an index holds them); one owner's are summed.
      queuedOf: db.prepare(
        'SELECT coalesce(sum(queued), 0) FROM lanes WHERE queued > 0 AND owner = ?',
      ),
      forgetLibrary: db.prepare('DELETE FROM libraries WHERE id = ?'),
    };
  }

  // ---- tokens ----

  async insertToken(t: TokenRecord & { hash: string }): Promise<void> {
    this.stmt.insertToken.run(t.id, t.name, t.owner, t.hash, t.created, t.expires, t.admin ? 1 : 0);
  }

  async findTokenByHash(hash: string): Promise<TokenRecord | undefined> {
    const row = this.stmt.tokenByHash.get(hash) as TokenRow | undefined;
    return row ? tokenRecord(row) : undefined;
  }

  async listTokens(): Promise<TokenRecord[]> {
    return (this.stmt.tokens.all() as TokenRow[]).map(tokenRecord);
  }

  async revokeToken(id: string): Promise<boolean> {
    return this.stmt.revoke.run(id).changes > 0;
  }

  // ---- jobs ----

  async createJob(job: NewJob): Promise<JobRecord> {
    const seq = this.db.transaction(() => {
      const now = Date.now();
      const paramSet = this.paramSetId(job.paramSet);
      const lane = this.laneId(`owner:${job.owner}`, job.owner, DEFAULT_PRIORITY, now);
      const seq = this.nextSeq('jobs');
      this.stmt.insertJob.run(
        seq,
        newUuid(seq),
        job.owner,
        null,
        lane,
        job.query,
        JSON.stringify(job.parameters),
        paramSet,
        now,
        now,
        null,
      );
      this.counters.move(null, null, 'submitted', 1, now);
      this.counters.laneQueued(lane, 1);
      return seq;
    })();
    return jobRecord(this.stmt.job.get(seq) as JobRow);
  }

  async getJob(owner: string, id: string): Promise<JobDetail | undefined> {
    const row = this.jobRow(owner, id);
    return row ? jobDetail(row) : undefined;
  }

  async listJobs(owner: string, q: JobListQuery): Promise<Page<JobDetail>> {
    const offset = (q.page - 1) * q.size;
    const rows = (
      q.status
        ? this.stmt.jobsOfOwnerWithStatus.all(owner, q.status, q.size + 1, offset)
        : this.stmt.jobsOfOwner.all(owner, q.size + 1, offset)
    ) as JobDetailRow[];
    return { items: rows.slice(0, q.size).map(jobDetail), hasMore: rows.length > q.size };
  }

  async deleteJob(owner: string, id: string): Promise<DeleteJobOutcome> {
    return this.db.transaction((): DeleteJobOutcome => {
      const row = this.jobRow(owner, id);
      if (!row) return { outcome: 'not_found' };
      if (row.status === 'processing') return { outcome: 'in_progress' };
      const now = Date.now();
      this.stmt.deleteJob.run(row.seq);
      this.counters.move(row.batch, row.status, null, 1, now);
      if (row.status === 'submitted') this.counters.laneQueued(row.lane, -1);
      if (row.result !== null) this.stmt.dropResultIfUnused.run(row.result, row.result);
      if (row.batch !== null) this.dropBatchIfEmpty(row.batch);
      return { outcome: 'deleted', job: jobDetail(row) };
    })();
  }

  // ---- batches ----

  async createBatch(batch: NewBatch): Promise<BatchRecord> {
    if (batch.smiles.length > this.maxBatchJobs) throw new BatchLimitError(this.maxBatchJobs);
    const seq = this.db.transaction(() => {
      const now = Date.now();
      const seq = this.nextSeq('batches');
      const paramSet = this.paramSetId(batch.paramSet, seq);
      const priority = batch.priority ?? DEFAULT_PRIORITY;
      const lane = this.laneId(`batch:${seq}`, batch.owner, priority, now);
      const { startingMaterials, ...options } = runOptionsOf(batch.paramSet) ?? {};
      const tags = [...new Set(batch.tags ?? [])];
      this.stmt.insertBatch.run({
        seq,
        id: newUuid(seq),
        owner: batch.owner,
        name: batch.name,
        description: batch.description,
        filename: batch.filename,
        parameters: JSON.stringify(batch.parameters),
        lane,
        now,
        priority,
        autoComplete: batch.autoComplete === false ? 0 : 1,
        webhook: batch.webhook ?? null,
        tags: tags.length ? JSON.stringify(tags) : null,
        runOptions: Object.keys(options).length ? JSON.stringify(options) : null,
      });
      if (startingMaterials) this.stmt.insertMaterials.run(seq, JSON.stringify(startingMaterials));
      this.tagged.add(seq, batch.owner, tags);
      const targets = uniqueTargets(batch.smiles, batch.compoundIds);
      this.insertBatchJobs(seq, lane, batch.owner, targets, paramSet, now);
      return seq;
    })();
    return batchRecord(this.stmt.batch.get(seq) as BatchRow);
  }

  async appendToBatch(
    owner: string,
    id: string,
    smiles: string[],
    paramSet: ParamSetInput,
    compoundIds?: (string | null)[],
  ): Promise<BatchRecord | undefined> {
    return this.db.transaction(() => {
      const row = this.batchRow(owner, id);
      if (!row) return undefined;
      if (row.closed_at !== null) throw new BatchClosedError(id);
      const held = this.stmt.batchTargets.all(row.seq) as [string, string | null][];
      const existing = new Set(held.map(([query, compoundId]) => targetKey(query, compoundId)));
      const fresh = uniqueTargets(smiles, compoundIds).filter(
        (t) => !existing.has(targetKey(t.smiles, t.compoundId)),
      );
      if (row.total_jobs + fresh.length > this.maxBatchJobs)
        throw new BatchLimitError(this.maxBatchJobs);
      const now = Date.now();
      if (fresh.length) this.lifecycle.reopen(row.seq);
      const set = this.paramSetId(paramSet, row.seq);
      this.insertBatchJobs(row.seq, row.lane, owner, fresh, set, now);
      return batchRecord(this.stmt.batch.get(row.seq) as BatchRow);
    })();
  }

  async getBatch(owner: string, id: string): Promise<BatchRecord | undefined> {
    const row = this.batchRow(owner, id);
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
    let rows: BatchRow[];
    if (q.createdBefore !== undefined && q.createdAfter === undefined) {
      // The page just before the cursor, nearest first in SQL, then put back in order.
      rows = tags.length
        ? this.tagged.before(owner, tags, before, q.size + 1)
        : (this.stmt.batchesBefore.all(owner, before, q.size + 1) as BatchRow[]);
      const hasMore = rows.length > q.size;
      return { items: rows.slice(0, q.size).reverse().map(batchRecord), hasMore };
    }
    rows = tags.length
      ? this.tagged.after(owner, tags, after, before, q.size + 1)
      : (this.stmt.batchesAfter.all(owner, after, before, q.size + 1) as BatchRow[]);
    return { items: rows.slice(0, q.size).map(batchRecord), hasMore: rows.length > q.size };
  }

  async deleteBatch(owner: string, id: string): Promise<BatchRecord | undefined> {
    return this.db.transaction(() => {
      const row = this.batchRow(owner, id);
      if (!row) return undefined;
      this.removeBatch(row);
      return batchRecord(row);
    })();
  }

  async batchResultJson(owner: string, id: string): Promise<string | undefined> {
    const row = this.batchRow(owner, id);
    if (!row) return undefined;
    return this.stmt.batchResultJson.pluck().get(row.seq) as string;
  }

  async batchRunOptions(owner: string, id: string): Promise<RunOptions | undefined> {
    const row = this.batchRow(owner, id);
    if (!row) return undefined;
    const materials = this.stmt.materials.pluck().get(row.seq) as string | undefined;
    return {
      ...batchRecord(row).runOptions,
      ...(materials ? { startingMaterials: JSON.parse(materials) as string[] } : {}),
    };
  }

  async changeBatch(owner: string, id: string, action: LifecycleAction): Promise<LifecycleOutcome> {
    return this.db.transaction((): LifecycleOutcome => {
      const row = this.batchRow(owner, id);
      if (!row) return { outcome: 'not_found' };
      return this.lifecycle.change(row, action, Date.now());
    })();
  }

  async scoringRows(
    owner: string,
    id: string,
    page: ScoringPage,
  ): Promise<ScoringRows | undefined> {
    const row = this.batchRow(owner, id);
    return row ? this.scoring.page(row.seq, page) : undefined;
  }

  async batchJobs(owner: string, id: string, page: ScoringPage): Promise<BatchJobs | undefined> {
    const row = this.batchRow(owner, id);
    return row ? this.jobsOfBatch.page(row.seq, page) : undefined;
  }

  // ---- webhooks ----

  async webhookDeliveries(owner: string, batchId: string): Promise<WebhookDelivery[] | undefined> {
    const row = this.batchRow(owner, batchId);
    return row ? this.webhooks.ofBatch(row.seq) : undefined;
  }

  async getWebhookSecret(owner: string): Promise<WebhookSecret | undefined> {
    return this.webhooks.secret(owner);
  }

  async setWebhookSecret(owner: string, secret: WebhookSecret, replace = true): Promise<void> {
    this.webhooks.setSecret(owner, secret, replace);
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
    this.webhooks.record(id, attempt, result);
  }

  // ---- queue ----

  async claimNext(worker: string, leaseMs: number): Promise<ClaimedJob | undefined> {
    return this.queue.claimNext(worker, leaseMs);
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

  async queuedJobsOf(owner: string): Promise<number> {
    return this.stmt.queuedOf.pluck().get(owner) as number;
  }

  // One process plans with the engine it serves: there are no other workers to announce.
  async registerWorker(): Promise<void> {}
  async unregisterWorker(): Promise<void> {}
  async liveWorkers(): Promise<WorkerInfo[]> {
    return [];
  }
  async failStranded(): Promise<number> {
    return 0;
  }

  // ---- libraries ----

  async recordLibrary(id: string, owner: string): Promise<void> {
    this.stmt.recordLibrary.run(id, owner, Date.now());
  }

  async libraryOwner(id: string): Promise<string | undefined> {
    return (this.stmt.libraryOwner.pluck().get(id) as string | undefined) ?? undefined;
  }

  async librariesOf(owner: string): Promise<number> {
    return this.stmt.librariesOf.pluck().get(owner) as number;
  }

  async forgetLibrary(id: string): Promise<void> {
    this.stmt.forgetLibrary.run(id);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  // ---- helpers ----

  /** The parameter set's row; one with starting materials belongs to batch `batch` alone. */
  private paramSetId(p: ParamSetInput, batch?: number): number {
    const options = runOptionsOf(p);
    const scope = options?.startingMaterials ? batch : undefined;
    const key = cacheKey(p, scope);
    this.stmt.upsertParamSet.run(
      key,
      JSON.stringify(p.runParameters),
      p.engineVersion,
      JSON.stringify(p.libraryVersions),
      options ? JSON.stringify(options) : null,
      scope ?? null,
    );
    return this.stmt.paramSetId.pluck().get(key) as number;
  }

  private laneId(key: string, owner: string, priority: number, now: number): number {
    this.stmt.upsertLane.run(key, owner, priority, now);
    return this.stmt.laneId.pluck().get(key) as number;
  }

  /** Next AUTOINCREMENT value, known before the insert because the id embeds it. */
  private nextSeq(table: 'jobs' | 'batches'): number {
    return ((this.stmt.nextSeq.pluck().get(table) as number | undefined) ?? 0) + 1;
  }

  private insertBatchJobs(
    batch: number,
    lane: number,
    owner: string,
    targets: BatchTarget[],
    paramSet: number,
    now: number,
  ): void {
    let seq = this.nextSeq('jobs');
    const ids = newUuids(targets.map((_, i) => seq + i));
    for (const [i, t] of targets.entries()) {
      this.stmt.insertJob.run(
        seq,
        ids[i],
        owner,
        batch,
        lane,
        t.smiles,
        null,
        paramSet,
        now,
        now,
        t.compoundId,
      );
      seq++;
    }
    this.counters.move(batch, null, 'submitted', targets.length, now);
    this.counters.laneQueued(lane, targets.length);
  }

  private jobRow(owner: string, id: string): JobDetailRow | undefined {
    const key = parseUuid('job', id);
    if (!key) return undefined;
    const row = this.stmt.job.get(key.seq) as JobDetailRow | undefined;
    return row && row.id === key.id && row.owner === owner ? row : undefined;
  }

  private batchRow(owner: string, id: string): BatchRow | undefined {
    const key = parseUuid('bat', id);
    if (!key) return undefined;
    const row = this.stmt.batch.get(key.seq) as BatchRow | undefined;
    return row && row.id === key.id && row.owner === owner ? row : undefined;
  }

  private dropBatchIfEmpty(batch: number): void {
    const row = this.stmt.batch.get(batch) as BatchRow | undefined;
    if (row && row.total_jobs <= 0) this.removeBatch(row);
  }

  private removeBatch(row: BatchRow): void {
    const now = Date.now();
    const results = this.stmt.batchResults.pluck().all(row.seq) as number[];
    const counts = this.stmt.batchStatusCounts.all(row.seq) as {
      status: JobRow['status'];
      n: number;
    }[];
    this.stmt.deleteBatchJobs.run(row.seq);
    // Overall counters only: the batch row itself goes away.
    for (const c of counts) this.counters.move(null, c.status, null, c.n, now);
    this.stmt.deleteLane.run(row.lane);
    this.stmt.deleteBatch.run(row.seq);
    for (const r of results) this.stmt.dropResultIfUnused.run(r, r);
    this.forgetBatchData(row.seq);
  }

  /** What else belongs to a batch alone: tags, starting materials and their parameter sets, webhook events. */
  private forgetBatchData(seq: number): void {
    this.tagged.remove(seq);
    this.stmt.deleteMaterials.run(seq);
    this.webhooks.deleteOfBatch(seq);
    for (const set of this.stmt.scopedParamSets.pluck().all(seq) as number[]) {
      // Their jobs are gone, and with them every result they referenced; reusable rows
      // are removed as well so that a later set with the same row id can never match them.
      this.stmt.dropReusableResults.run(set);
      this.stmt.dropParamSet.run(set);
      this.queue.paramSets.delete(set);
    }
  }
}

interface TokenRow {
  id: string;
  name: string;
  owner: string;
  created: number;
  revoked: number;
  expires: number | null;
  admin: number;
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
