/** What the store's roles share: the database, its dialect, and settings of the installation. */
import type { ByteLruCache } from '../../util/byte-lru.js';
import { paramSetCache } from '../param-sets.js';
import type { ParamSetInput } from '../types.js';
import { inTransaction, Tx } from './counters.js';
import type { Dialect, Executor, RunOptions } from './dialect.js';
import type { Op } from './op.js';

export interface SqlContext {
  exec: Executor;
  d: Dialect;
  /** `body` as one transaction, with job counters written at its end. */
  tx<T>(body: (tx: Tx) => Op<T>, options?: RunOptions): Promise<T>;
  /**
   * Parameter sets by row id, as the queue hands them to workers; sets of
   * deleted batches are dropped (on SQLite their ids can come back).
   */
  paramSets: ByteLruCache<number, ParamSetInput>;
  /** Most jobs a batch may hold. */
  maxBatchJobs: number;
  /** Whether a result may settle other owners' identical jobs (operator setting). */
  shareResults: boolean;
}

export interface SqlStoreOptions {
  /** Most jobs a batch may hold (default 100,000). */
  maxBatchJobs?: number;
  /** Identical jobs of different owners may share one result (default: only within an owner). */
  shareResults?: boolean;
}

export function sqlContext(exec: Executor, d: Dialect, options: SqlStoreOptions): SqlContext {
  return {
    exec,
    d,
    tx: (body, runOptions) => exec.transaction(() => inTransaction(d, body), runOptions),
    paramSets: paramSetCache(),
    maxBatchJobs: options.maxBatchJobs ?? 100_000,
    shareResults: options.shareResults ?? false,
  };
}
