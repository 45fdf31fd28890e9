/**
 * What the shared store logic needs to know about a database: the few
 * places where SQLite and PostgreSQL differ (row locks, the clock, lists as
 * one parameter, sequences, bulk inserts), and how its statements are run.
 */
import type { WorkerCapabilities } from '../types.js';
import type { Op } from './op.js';

/** A piece of SQL with the parameters of its placeholders, in order. */
export interface Fragment {
  sql: string;
  params: unknown[];
}

/** A batch's new jobs, as `Dialect.insertJobs` writes them. */
export interface JobInserts {
  seqs: number[];
  ids: string[];
  queries: string[];
  compoundIds: (string | null)[];
  owner: string;
  batch: number;
  lane: number;
  paramSet: number;
  now: number;
}

export interface Dialect {
  /**
   * Several processes share the database (PostgreSQL). Recovery at start then
   * only takes expired leases, never every processing job.
   */
  readonly shared: boolean;
  /** Epoch milliseconds on the database's clock (leases must not depend on the machines' clocks). */
  readonly now: string;
  /**
   * Row lock of a SELECT (empty on SQLite, whose write transactions run one at
   * a time); `skip`: rows another transaction holds are passed over.
   */
  lock(options?: { of?: string; skip?: boolean }): string;
  /** The larger of two values. */
  readonly greatest: 'greatest' | 'max';
  /** `column` is one of `values` (one parameter, whatever their number). */
  anyOf(column: string, values: readonly number[] | readonly string[]): Fragment;
  /** `column` is none of `values` (always true when there are none). */
  noneOf(column: string, values: readonly number[]): Fragment;
  /**
   * The parameter set (table `alias`) is computed with engine and library
   * versions the worker holds; undefined where one process runs every engine
   * it serves (SQLite), so a claim takes any job.
   */
  runnableWith(capabilities: WorkerCapabilities, alias: string): Fragment | undefined;
  /** A table (key text, value integer) of the entries of a JSON object. */
  entries(object: Record<string, number>): Fragment;
  /** Sequence numbers of new rows, taken before the insert because the ids embed them. */
  nextSeqs(table: 'jobs' | 'batches', n: number): Op<number[]>;
  /** The next tick of the clock that orders lanes and owners for fairness. */
  nextTick(): Op<number>;
  insertJobs(jobs: JobInserts): Op<void>;
  /** Takes a lock for the rest of the transaction; false when another process holds it. */
  tryLock(name: 'sweep' | 'stranded'): Op<boolean>;
  /**
   * Rows of each status in `job_counts`: PostgreSQL stripes the hottest rows of
   * a shared database (see counters.ts).
   */
  readonly stripes: number;
}

export interface RunOptions {
  /**
   * Safe to run again after a connection was lost mid-way (PostgreSQL: queue
   * operations carry a claim token, so a repeat is refused, not applied twice).
   */
  idempotent?: boolean;
}

/** Runs operations on one database. */
export interface Executor {
  /** The operation's statements one by one, outside a transaction (reads, single writes). */
  run<T>(op: Op<T>, options?: RunOptions): Promise<T>;
  /** The operation `make` builds, as one transaction (built again when it is retried). */
  transaction<T>(make: () => Op<T>, options?: RunOptions): Promise<T>;
  close(): Promise<void>;
}

/** Raised inside a transaction that met a concurrent change: it is run again from the start. */
export class ConcurrentChange extends Error {
  constructor(what: string) {
    super(`${what} changed concurrently`);
  }
}
