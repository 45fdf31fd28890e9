/**
 * The persistence contract of the service: jobs, batches, results, tokens and
 * library ownership, plus the queue operations workers use. Every method is
 * async so that a networked database (PostgreSQL) can implement the same
 * interface as the embedded SQLite default.
 */
import type { PlanJobOutput } from '../engine/types.js';
import type { Parameters, Route, TargetSummary } from '../search/types.js';

export type JobStatus = 'submitted' | 'processing' | 'completed' | 'failed';
export const JOB_STATUSES: JobStatus[] = ['submitted', 'processing', 'completed', 'failed'];

export type BatchStatus = 'submitted' | 'processing' | 'completed';

export interface JobError {
  code: string;
  message: string;
}

/**
 * What a job is computed with. Jobs whose parameter sets share a cache key
 * (same engine and library versions, same effective parameters) may share results.
 */
export interface ParamSetInput {
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
}

export interface JobDetail extends JobRecord {
  routes: Route[];
  summary: TargetSummary | null;
}

export interface BatchCounts {
  total: number;
  submitted: number;
  processing: number;
  completed: number;
  failed: number;
}

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
  paramSet: ParamSetInput;
  /** Unique SMILES, in submission order. */
  smiles: string[];
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
}

export type DeleteJobOutcome =
  { outcome: 'deleted'; job: JobDetail } | { outcome: 'not_found' } | { outcome: 'in_progress' };

export type ReleaseOutcome = 'requeued' | 'failed' | 'lost';

/** Raised when a batch would hold more jobs than allowed; nothing is written. */
export class BatchLimitError extends Error {
  constructor(readonly limit: number) {
    super(`a batch holds at most ${limit} jobs`);
  }
}

export interface Store {
  // tokens (only hashes are stored)
  insertToken(t: TokenRecord & { hash: string }): Promise<void>;
  findTokenByHash(hash: string): Promise<TokenRecord | undefined>;
  listTokens(): Promise<TokenRecord[]>;
  revokeToken(id: string): Promise<boolean>;

  // jobs
  createJob(job: NewJob): Promise<JobRecord>;
  getJob(owner: string, id: string): Promise<JobDetail | undefined>;
  listJobs(owner: string, query: JobListQuery): Promise<Page<JobDetail>>;
  deleteJob(owner: string, id: string): Promise<DeleteJobOutcome>;

  // batches
  createBatch(batch: NewBatch): Promise<BatchRecord>;
  /** Appends the SMILES not yet in the batch; undefined when the batch is not the owner's. */
  appendToBatch(
    owner: string,
    id: string,
    smiles: string[],
    paramSet: ParamSetInput,
  ): Promise<BatchRecord | undefined>;
  getBatch(owner: string, id: string): Promise<BatchRecord | undefined>;
  listBatches(owner: string, query: BatchListQuery): Promise<Page<BatchRecord>>;
  /** Removes the batch and its jobs (queued ones are never run); returns it as it was. */
  deleteBatch(owner: string, id: string): Promise<BatchRecord | undefined>;
  /** The batch result as a JSON array text (RetrieveResultOutputItem[]). */
  batchResultJson(owner: string, id: string): Promise<string | undefined>;

  // queue
  /** Claims the next job: priority, then fairness between owners and lanes, then age. */
  claimNext(worker: string, leaseMs: number): Promise<ClaimedJob | undefined>;
  extendLeases(worker: string, jobIds: string[], leaseMs: number): Promise<void>;
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

  // uploaded libraries (bundled and operator-installed libraries have no owner)
  recordLibrary(id: string, owner: string): Promise<void>;
  libraryOwner(id: string): Promise<string | undefined>;
  forgetLibrary(id: string): Promise<void>;

  close(): Promise<void>;
}
