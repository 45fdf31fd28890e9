/**
 * Opens the store of an installation. The embedded SQLite file under the data
 * directory is the default; a networked database plugs in here behind the
 * same `Store` interface.
 */
import { join } from 'node:path';
import { SqliteStore } from './sqlite/store.js';
import type { Store } from './types.js';

export interface StoreConfig {
  dataDir: string;
  maxBatchJobs?: number;
}

export function databasePath(dataDir: string): string {
  return join(dataDir, 'synroute.db');
}

export function openStore(config: StoreConfig): Store {
  return new SqliteStore(databasePath(config.dataDir), { maxBatchJobs: config.maxBatchJobs });
}

export * from './types.js';
export { formatId, parseId, timeId } from './ids.js';
