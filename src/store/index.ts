/**
 * Opens the store of an installation. The embedded SQLite file under the data
 * directory is the default; with a PostgreSQL URL (`DATABASE_URL`) the store
 * and queue live in PostgreSQL, shared by API and worker processes on any
 * number of machines.
 */
import { join } from 'node:path';
import { openPgStore } from './pg/store.js';
import { openSqliteStore } from './sqlite/store.js';
import type { Store } from './types.js';

export interface StoreConfig {
  dataDir: string;
  maxBatchJobs?: number;
  /** postgres://… selects PostgreSQL; unset or empty keeps the embedded SQLite file. */
  databaseUrl?: string;
  /** Connections this process may open (PostgreSQL; default 10). */
  poolSize?: number;
  /** Shown in pg_stat_activity (PostgreSQL). */
  applicationName?: string;
  /** SQLite: how long a statement waits for another process's lock, ms (default 10 s). */
  busyTimeoutMs?: number;
  /** Identical jobs of different owners may share one result (SYNROUTE_SHARE_RESULTS). */
  shareResults?: boolean;
}

export function databasePath(dataDir: string): string {
  return join(dataDir, 'synroute.db');
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

/** The store; the environment's DATABASE_URL is read by the callers (serve, worker, tokens). */
export async function openStore(config: StoreConfig): Promise<Store> {
  if (config.databaseUrl && !isPostgresUrl(config.databaseUrl))
    throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL');
  if (isPostgresUrl(config.databaseUrl))
    return openPgStore(config.databaseUrl, {
      maxBatchJobs: config.maxBatchJobs,
      max: config.poolSize,
      applicationName: config.applicationName,
      shareResults: config.shareResults,
    });
  return openSqliteStore(databasePath(config.dataDir), {
    maxBatchJobs: config.maxBatchJobs,
    busyTimeoutMs: config.busyTimeoutMs,
    shareResults: config.shareResults,
  });
}

export * from './types.js';
export { isBusyError, retryWhileBusy, API_BUSY_TIMEOUT_MS } from './busy.js';
export { hyphenated, parseUuid, timeId } from './ids.js';
