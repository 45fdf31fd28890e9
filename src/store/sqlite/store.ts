/** The embedded default store: one SQLite file under the data directory. */
import type { SqlStoreOptions } from '../sql/context.js';
import { sqlStore } from '../sql/store.js';
import type { Store, WorkerRegistry } from '../types.js';
import { Db, openDatabase } from './db.js';
import { SqliteExecutor, sqliteDialect } from './executor.js';

export interface SqliteStoreOptions extends SqlStoreOptions {
  /** How long a statement waits for another process's lock, ms (default 10 s). */
  busyTimeoutMs?: number;
}

/** One server process owns the file (its planning threads are the only workers). */
export interface SqliteStore extends Store {
  readonly db: Db;
}

export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  const db = openDatabase(path, options.busyTimeoutMs);
  const store = sqlStore(new SqliteExecutor(db), sqliteDialect(db), options, () => NO_WORKERS);
  return { ...store, db };
}

// One process plans with the engine it serves: there are no other workers to announce.
const NO_WORKERS: WorkerRegistry = {
  registerWorker: async () => undefined,
  unregisterWorker: async () => undefined,
  liveWorkers: async () => [],
  failStranded: async () => 0,
};
