/**
 * The store on PostgreSQL (`DATABASE_URL=postgres://…`): the same store as
 * the embedded SQLite one, shared by any number of API and worker processes
 * on any machines. Rows have the SQLite layout (see schema.ts).
 */
import type { SqlStoreOptions } from '../sql/context.js';
import { sqlStore } from '../sql/store.js';
import type { Store } from '../types.js';
import { PgDb, PgDbOptions } from './db.js';
import { PgExecutor, pgDialect } from './executor.js';
import { migratePg } from './schema.js';
import { pgWorkerRegistry } from './workers.js';

export interface PgStoreOptions extends PgDbOptions, SqlStoreOptions {}

export interface PgStore extends Store {
  readonly db: PgDb;
}

/** Connects and brings the schema up to date (waiting for the database while it starts). */
export async function openPgStore(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
  const db = new PgDb(url, options);
  try {
    await db.tx(async () => undefined); // reachable (retried while it starts)
    // A dropped connection fails the migration, not the process.
    await db.withClient((client) => migratePg(client));
  } catch (e) {
    await db.close();
    throw e;
  }
  return { ...sqlStore(new PgExecutor(db), pgDialect, options, pgWorkerRegistry), db };
}
