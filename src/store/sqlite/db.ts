/** Opens the SQLite database of an installation with the settings the service relies on. */
import Database from 'better-sqlite3';
import { closeSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir, restrictFiles } from '../../util/files.js';
import { migrate } from './schema.js';

export type Db = Database.Database;

/**
 * `busyTimeoutMs` is how long a statement waits for another process's lock
 * (synchronously: the thread stops meanwhile); the migration always waits 10 s.
 */
export function openDatabase(path: string, busyTimeoutMs = 10_000): Db {
  if (path !== ':memory:') {
    ensurePrivateDir(dirname(path));
    // Created 0600 before SQLite opens it: SQLite gives its -wal and -shm files the same mode.
    closeSync(openSync(path, 'a', 0o600));
    restrictFiles([path, `${path}-wal`, `${path}-shm`]);
  }
  const db = new Database(path);
  // WAL + NORMAL: a committed transaction survives a crash of the process (kill -9);
  // only an operating-system crash may lose the last few. Readers never block the writer.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // The CLI (tokens) may write while the server runs: wait instead of failing.
  db.pragma('busy_timeout = 10000');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  migrate(db);
  db.pragma(`busy_timeout = ${Math.round(busyTimeoutMs)}`);
  return db;
}
