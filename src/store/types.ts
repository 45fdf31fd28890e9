/**
 * The persistence contract of the service: jobs, batches, results, tokens and
 * library ownership, plus the queue operations workers use, as role
 * interfaces; `Store` is all of them.
 */
import type {
  Diagnosis,
  Parameters,
  PlanJobOutput,
  Route,
  TargetSummary,
} from '../contract/index.js';

export type JobStatus = 'submitted' | 'processing' | 'completed' | 'failed' | 'canceled';
export const JOB_STATUSES: JobStatus[] = [
  'submitted',
  'processing',
  'completed',
  'failed',
  'canceled',
];
/** Statuses a job never leaves (except by being deleted). */
export const FINAL_JOB_STATUSES: JobStatus[] = ['completed', 'failed', 'canceled'];

/** The Retro v2 batch status (`GET /batches/{id}/status`). */
export type BatchStatus = 'submitted' | 'processing' | 'completed';

export interface JobError {
  code: string;
  message: string;
}

/**
 * Engine options beyond the Retro v2 parameters (the batch-scoring API sets
 * them). Starting materials make a parameter set private to its batch.
 */
export interface RunOptions {
  /** Ad-hoc building blocks used alongside the listed libraries. */
  startingMaterials?: string[];
  /** Broader template set (the engine's exploratory model). */
  exploratory?: boolean;
  /** 'synthesis' also records the best route's mapped synthesis and decomposition. */
  detailLevel?: 'score' | 'synthesis';
}

/**
 * What a job is computed with. Jobs whose parameter sets share a cache key
 * (same engine and library versions, same effective parameters and options)
 * may share results.
 */
export interface ParamSetInput extends RunOptions {
  /** Parameters handed to the engine (operator caps applied). */
  runParameters: Parameters;
  engineVersion: string;
  libraryVersions: Record<string, string>;
}

export interface JobRecord {
  id: string;
  owner: string;
  batchId: string | null;
  query: string;
  /** Parameters as submitted (defaults filled in), shown in the job resource. */
  parameters: Parameters;
  status: JobStatus;
  attempts: number;
  created: number;
  updated: number;
  synthesizable: boolean | null;
  error: JobError | null;
  /** The submitter's own identifier of the target (batch jobs; SynRoute extension). */
  compoundId: string | null;
}

export interface JobDetail extends JobRecord {
  routes: Route[];
  summary: TargetSummary | null;
  /** A completed job without a route: its most promising partial route and what it lacks. */
  diagnosis?: Diagnosis | null;
}

export interface BatchCounts {
  total: number;
  submitted: number;
  processing: number;
  completed: number;
  failed: number;
  canceled: number;
}

/** Queue priority of batches: 1 (lowest) to 10 (highest); single jobs run at the default. */
export const DEFAULT_PRIORITY = 5;

export interface BatchRecord {
  id: string;
  owner: string;
  name: string | null;
  description: string | null;
  filename: string | null;
  parameters: Parameters;
  created: number;
  updated: number;
  counts: BatchCounts;
  tags: string[];
  priority: number;
  webhook: string | null;
  /**
   * true (the Retro v2 behaviour): the batch is completed whenever all its jobs
   * are done. false: only once it was also closed (`completeBatch`).
   */
  autoComplete: boolean;
  paused: boolean;
  /** When appends stopped being accepted (closed or canceled); null while open. */
  closedAt: number | null;
  canceledAt: number | null;
  /** When the batch last became completed; null while it is not. */
  completedAt: number | null;
  /** Engine options without the starting materials (see `batchRunOptions`). */
  runOptions: Omit<RunOptions, 'startingMaterials'>;
}

export interface NewJob {
  owner: string;
  query: string;
  parameters: Parameters;
  paramSet: ParamSetInput;
}

export interface NewBatch {
  owner: string;
  name: string | null;
  description: string | null;
  filename: string | null;
  parameters: Parameters;
  /** Also the batch's run options (kept for appends). */
  paramSet: ParamSetInput;
  /** Targets in submission order: unique SMILES, or unique (SMILES, compound id) pairs. */
  smiles: string[];
  /** The submitter's identifier of each target (parallel to `smiles`; null where none). */
  compoundIds?: (string | null)[];
  tags?: string[];
  /** 1-10, default DEFAULT_PRIORITY. */
  priority?: number;
  webhook?: string | null;
  /** Default true. */
  autoComplete?: boolean;
}

export interface JobListQuery {
  page: number;
  size: number;
  status?: JobStatus;
}

export interface BatchListQuery {
  size: number;
  createdBefore?: string;
  createdAfter?: string;
  /** Only batches carrying every one of these tags. */
  tags?: string[];
}

export interface Page<T> {
  items: T[];
  hasMore: boolean;
}

/** A job handed to a worker; `claim` proves the worker still holds it when it reports back. */
export interface ClaimedJob {
  jobId: string;
  claim: string;
  attempt: number;
  smiles: string;
  paramSet: ParamSetInput;
}

/** Engine and library versions a worker holds: it only claims jobs computed with these. */
export interface WorkerCapabilities {
  /** Engine versions (EngineInfo.version). */
  engines: string[];
  /** Library id to version (LibraryInfo.version). */
  libraries: Record<string, string>;
}

/** A planning worker process as announced to a shared store. */
export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  threads: number;
  capabilities: WorkerCapabilities;
}

export interface QueueStats {
  queued: number;
  byStatus: Record<JobStatus, number>;
}

export interface TokenRecord {
  id: string;
  name: string;
  owner: string;
  created: number;
  revoked: boolean;
  /** Epoch ms after which the token is refused; null: never. */
  expires: number | null;
  /** May manage tokens (`/tokens`). */
  admin: boolean;
}

export type DeleteJobOutcome =
  { outcome: 'deleted'; job: JobDetail } | { outcome: 'not_found' } | { outcome: 'in_progress' };

export type ReleaseOutcome = 'requeued' | 'failed' | 'lost';

/** A batch target: a SMILES and the submitter's identifier for it. */
export interface BatchTarget {
  smiles: string;
  compoundId: string | null;
}

/**
 * Targets as they become jobs: without compound ids each structure once (the
 * spec's rule), with them each (structure, id) pair once, so that two
 * compounds with one structure keep a row each. First occurrences win.
 */
export function uniqueTargets(smiles: string[], compoundIds?: (string | null)[]): BatchTarget[] {
  const seen = new Set<string>();
  const out: BatchTarget[] = [];
  smiles.forEach((s, i) => {
    const compoundId = compoundIds?.[i] ?? null;
    const key = targetKey(s, compoundId);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ smiles: s, compoundId });
  });
  return out;
}

/** What makes two targets of a batch the same job. */
export function targetKey(smiles: string, compoundId: string | null): string {
  return compoundId === null ? smiles : `${smiles}\u0000${compoundId}`;
}

/** Raised when a batch would hold more jobs than allowed; nothing is written. */
export class BatchLimitError extends Error {
  constructor(readonly limit: number) {
    super(`a batch holds at most ${limit} jobs`);
  }
}

/** Raised when jobs are appended to a batch that was completed or canceled; nothing is written. */
export class BatchClosedError extends Error {
  constructor(readonly batchId: string) {
    super(`batch ${batchId} is closed for appends`);
  }
}

/**
 * Answer of a lifecycle change: the batch after it; `conflict` when the
 * change is impossible in its state (canceling a completed batch, pausing a
 * canceled one); `stoppedJobs` are jobs that were running and were canceled.
 */
export type LifecycleOutcome =
  | { outcome: 'ok'; batch: BatchRecord; stoppedJobs: string[] }
  | { outcome: 'not_found' }
  | { outcome: 'conflict'; batch: BatchRecord };

export type LifecycleAction = 'complete' | 'cancel' | 'pause' | 'resume';

/** One batch-scoring result row: a job that is no longer queued, with its stored answer. */
export interface ScoringRow {
  query: string;
  status: JobStatus;
  summary: TargetSummary | null;
  /** Raw JSON texts as the engine gave them (spliced into answers unparsed). */
  synthesis: string | null;
  decomposition: string | null;
}

export interface ScoringPage {
  after: number;
  limit: number;
}

export interface ScoringRows {
  rows: ScoringRow[];
  next: number | null;
}

/** A job of a batch as listed with the batch (no routes or results). */
export interface BatchJob {
  id: string;
  query: string;
  status: JobStatus;
  attempts: number;
  created: number;
  updated: number;
  error: JobError | null;
}

export interface BatchJobs {
  jobs: BatchJob[];
  next: number | null;
}

export type WebhookEventType = 'batch.completed' | 'batch.canceled';
export type WebhookDeliveryState = 'pending' | 'delivered' | 'failed';

export interface WebhookAttempt {
  /** Epoch ms when the attempt started. */
  time: number;
  /** HTTP status of the answer; null when none came (connection refused, timeout). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDelivery {
  id: string;
  batchId: string;
  owner: string;
  url: string;
  event: WebhookEventType;
  /** The exact JSON text that is POSTed and signed (the same on every attempt). */
  body: string;
  state: WebhookDeliveryState;
  attempts: WebhookAttempt[];
  created: number;
  /** When the next attempt is due (pending deliveries only). */
  nextAttempt: number | null;
}

export type WebhookAttemptResult =
  { state: 'delivered' } | { state: 'failed' } | { state: 'pending'; retryAt: number };

/** How a sender shares its delivery slots between owners. */
export interface WebhookFairness {
  /** Deliveries of one owner in flight at once. */
  perOwner: number;
  /** Deliveries this sender has in flight, per owner. */
  inFlight: Record<string, number>;
}

export interface WebhookSecret {
  secret: string;
  created: number;
}

/**
 * A job of a batch with its outcome (the Retro v2 result is shaped from
 * these). A tuple of column values as the database gives them: a
 * 100,000-job batch reads in much less time than as objects.
 */
export type BatchResultRow = readonly [
  jobId: string,
  smiles: string,
  status: JobStatus,
  /** 1 when synthesizable. */
  synthesizable: number | null,
  compoundId: string | null,
];

export interface BatchResultPage {
  rows: BatchResultRow[];
  next: number | null;
}

/** API tokens (only hashes are stored). */
export interface TokenStore {
  insertToken(t: TokenRecord & { hash: string }): Promise<void>;
  /** The unrevoked token with this hash (expired ones included: the caller says why it refuses). */
  findTokenByHash(hash: string): Promise<TokenRecord | undefined>;
  listTokens(): Promise<TokenRecord[]>;
  revokeToken(id: string): Promise<boolean>;
}

/** Jobs submitted one by one (batch jobs are reached through their batch). */
export interface JobStore {
  createJob(job: NewJob): Promise<JobRecord>;
  getJob(owner: string, id: string): Promise<JobDetail | undefined>;
  listJobs(owner: string, query: JobListQuery): Promise<Page<JobDetail>>;
  deleteJob(owner: string, id: string): Promise<DeleteJobOutcome>;
}

export interface BatchStore {
  createBatch(batch: NewBatch): Promise<BatchRecord>;
  /**
   * Appends the targets not yet in the batch (same SMILES and compound id);
   * undefined when the batch is not the owner's; BatchClosedError once it was
   * completed or canceled.
   */
  appendToBatch(
    owner: string,
    id: string,
    smiles: string[],
    paramSet: ParamSetInput,
    compoundIds?: (string | null)[],
  ): Promise<BatchRecord | undefined>;
  getBatch(owner: string, id: string): Promise<BatchRecord | undefined>;
  listBatches(owner: string, query: BatchListQuery): Promise<Page<BatchRecord>>;
  /** Removes the batch and its jobs (queued ones are never run); returns it as it was. */
  deleteBatch(owner: string, id: string): Promise<BatchRecord | undefined>;
  /** Every job of the batch with its outcome, in submission order, a page at a time (as `scoringRows`). */
  batchResultRows(
    owner: string,
    id: string,
    page: ScoringPage,
  ): Promise<BatchResultPage | undefined>;
  /** The batch's engine options including starting materials (for appends). */
  batchRunOptions(owner: string, id: string): Promise<RunOptions | undefined>;
  /**
   * complete: closes the batch for appends. cancel: closes it and cancels its
   * queued and running jobs (finished ones keep their results). pause/resume:
   * whether its queued jobs may be claimed.
   */
  changeBatch(owner: string, id: string, action: LifecycleAction): Promise<LifecycleOutcome>;
  /**
   * Jobs of the batch that are running or done, in submission order
   * (batch-scoring results), a page at a time: `after` is 0 or the previous
   * page's `next`; `next` is null after the last page.
   */
  scoringRows(owner: string, id: string, page: ScoringPage): Promise<ScoringRows | undefined>;
  /** Every job of the batch in submission order, a page at a time (as `scoringRows`). */
  batchJobs(owner: string, id: string, page: ScoringPage): Promise<BatchJobs | undefined>;
}

/** Webhooks: events are queued in the transaction that completes or cancels a batch. */
export interface WebhookStore {
  webhookDeliveries(owner: string, batchId: string): Promise<WebhookDelivery[] | undefined>;
  getWebhookSecret(owner: string): Promise<WebhookSecret | undefined>;
  /** Stores the owner's secret; with `replace` false only when the owner has none yet. */
  setWebhookSecret(owner: string, secret: WebhookSecret, replace?: boolean): Promise<void>;
  /**
   * Pending deliveries that are due, each held for `leaseMs` so that only one
   * sender attempts it. With `fairness`, owners take turns (each owner's
   * oldest first, then each one's second, …) and an owner gets no more than
   * `perOwner` minus what it has in flight.
   */
  claimDueWebhooks(
    now: number,
    limit: number,
    leaseMs: number,
    fairness?: WebhookFairness,
  ): Promise<WebhookDelivery[]>;
  recordWebhookAttempt(
    id: string,
    attempt: WebhookAttempt,
    result: WebhookAttemptResult,
  ): Promise<void>;
}

/** Planning workers of a shared store (no-ops on the embedded store). */
export interface WorkerRegistry {
  /** Announces a worker and its versions; called again with every heartbeat. */
  registerWorker(info: WorkerInfo): Promise<void>;
  unregisterWorker(id: string): Promise<void>;
  /** Workers heard from within `windowMs`. */
  liveWorkers(windowMs: number): Promise<WorkerInfo[]>;
  /**
   * Fails queued jobs whose engine or library versions no live worker has held
   * for `timeoutMs` (while some worker was live); returns how many.
   */
  failStranded(options: { timeoutMs: number; liveWindowMs: number }): Promise<number>;
}

/** The job queue as planning workers use it. */
export interface QueueStore extends WorkerRegistry {
  /**
   * Whether several processes share this store (PostgreSQL). Recovery at start
   * then only takes expired leases, never every processing job.
   */
  readonly shared: boolean;
  /**
   * Claims the next job: priority, then fairness between owners and lanes, then
   * age. With `capabilities`, only jobs whose engine and library versions the
   * worker holds (shared stores; the embedded store runs one engine).
   */
  claimNext(
    worker: string,
    leaseMs: number,
    capabilities?: WorkerCapabilities,
  ): Promise<ClaimedJob | undefined>;
  /** Extends the worker's leases; returns the ids it no longer holds (canceled, deleted, re-queued). */
  extendLeases(worker: string, jobIds: string[], leaseMs: number): Promise<string[]>;
  /** Records the engine's answer; false when the claim was lost (job deleted or re-queued). */
  completeJob(job: ClaimedJob, output: PlanJobOutput): Promise<boolean>;
  /**
   * Gives a claimed job back after a crash or shutdown: re-queued, or failed with
   * `error` once it has used `maxAttempts` attempts.
   */
  releaseJob(
    job: ClaimedJob,
    error: JobError,
    options: { maxAttempts: number; countAttempt: boolean },
  ): Promise<ReleaseOutcome>;
  /**
   * Re-queues (or fails, past `maxAttempts`) processing jobs whose lease expired;
   * with `all`, every processing job (start of a single-process server).
   */
  recoverAbandoned(options: {
    maxAttempts: number;
    all: boolean;
  }): Promise<{ requeued: number; failed: number }>;
  queueStats(): Promise<QueueStats>;
  /** Memory held by this process's cache of parameter sets, bytes (bounded; for metrics and tests). */
  paramSetCacheBytes(): number;
  /** The owner's jobs waiting in the queue (its quota). */
  queuedJobsOf(owner: string): Promise<number>;
}

/** Uploaded libraries (bundled and operator-installed libraries have no owner). */
export interface LibraryStore {
  recordLibrary(id: string, owner: string): Promise<void>;
  libraryOwner(id: string): Promise<string | undefined>;
  /** How many uploaded libraries the owner has (its quota). */
  librariesOf(owner: string): Promise<number>;
  forgetLibrary(id: string): Promise<void>;
}

/**
 * The persistence contract of the service, one role per interface; every
 * method is async so that a networked database (PostgreSQL) implements the
 * same interface as the embedded SQLite default.
 */
export interface Store
  extends TokenStore, JobStore, BatchStore, WebhookStore, QueueStore, LibraryStore {
  close(): Promise<void>;
}
