/**
 * The store backend a test run exercises: the suites under test/store,
 * test/queue and test/api run once per backend (vitest projects `sqlite` and
 * `postgres`, see vitest.config.ts), and reach the backend through here.
 * On PostgreSQL every store (or test app) gets a fresh database copied from
 * the template the global setup migrated.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { inject } from 'vitest';
import { randomTag } from '../../src/store/ids.js';
import { openPgStore, type PgStore } from '../../src/store/pg/store.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/store.js';
import type { Store } from '../../src/store/types.js';
import { TEMPLATE, withDatabase } from '../setup/postgres.js';

export type Backend = 'sqlite' | 'postgres';
export const BACKEND: Backend =
  process.env.SYNROUTE_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDatabase {
  /** The DATABASE_URL of a fresh database, or undefined on SQLite. */
  url: string | undefined;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated PostgreSQL database (PostgreSQL runs only; with `empty`,
 * one without any table); nothing on SQLite.
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  if (BACKEND === 'sqlite') return { url: undefined, drop: async () => undefined };
  const adminUrl = inject('postgresAdminUrl');
  const name = `synroute_t_${randomTag(10)}`;
  await admin(adminUrl, `CREATE DATABASE ${name}${options.empty ? '' : ` TEMPLATE ${TEMPLATE}`}`);
  return {
    url: withDatabase(adminUrl, name),
    drop: () => admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function admin(url: string, sql: string): Promise<void> {
  // Copies of one template may not start at the same instant: retry briefly.
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
      return;
    } catch (e) {
      if (attempt >= 20 || !/being accessed by other users/.test((e as Error).message)) throw e;
    } finally {
      await client.end();
    }
    // A retry's random backoff (the error says when to retry), not a wait for a condition.
    await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
  }
}

/** A store of the run's backend, with plain SQL access for checks on its tables. */
export interface TestStore {
  store: Store;
  backend: Backend;
  /** The first column of the first row, as a number (counts). */
  count(sql: string, params?: unknown[]): Promise<number>;
  rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The first column of every row. */
  column<T = unknown>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Closes and opens the store again on the same data (a restart). */
  reopen(): Promise<void>;
  close(): Promise<void>;
}

export interface TestStoreOptions {
  maxBatchJobs?: number;
  shareResults?: boolean;
}

export async function openTestStore(options: TestStoreOptions = {}): Promise<TestStore> {
  return BACKEND === 'postgres' ? openPg(options) : openSqlite(options);
}

function openSqlite(options: TestStoreOptions): TestStore {
  const dir = mkdtempSync(join(tmpdir(), 'synroute-store-'));
  const path = join(dir, 'synroute.db');
  let store = openSqliteStore(path, options);
  const rows = async <T>(sql: string, params: unknown[] = []) => {
    const stmt = store.db.prepare(sql);
    if (stmt.reader) return stmt.all(...params) as T[];
    stmt.run(...params);
    return [] as T[];
  };
  return {
    get store() {
      return store;
    },
    backend: 'sqlite',
    rows,
    column: async <T>(sql: string, params: unknown[] = []) =>
      store.db
        .prepare(sql)
        .pluck()
        .all(...params) as T[],
    count: async (sql, params = []) =>
      Number(
        store.db
          .prepare(sql)
          .pluck()
          .get(...params) ?? 0,
      ),
    async reopen() {
      await store.close();
      store = openSqliteStore(path, options);
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPg(options: TestStoreOptions): Promise<TestStore> {
  const database = await createTestDatabase();
  const open = () => openPgStore(database.url!, { ...options, max: 4 });
  let store = await open();
  // `?` placeholders (as the SQLite checks are written) become $1, $2, …
  const numbered = (sql: string) => {
    let i = 0;
    return sql.replace(/\?/g, () => `$${++i}`);
  };
  const rows = async <T>(sql: string, params: unknown[] = []) =>
    (await store.db.pool.query(numbered(sql), params)).rows as T[];
  return {
    get store() {
      return store;
    },
    backend: 'postgres',
    rows,
    column: async <T>(sql: string, params: unknown[] = []) =>
      (
        await store.db.pool.query({ text: numbered(sql), values: params, rowMode: 'array' })
      ).rows.map((r: unknown[]) => r[0] as T),
    count: async (sql, params = []) => {
      const res = await store.db.pool.query({
        text: numbered(sql),
        values: params,
        rowMode: 'array',
      });
      return Number(res.rows[0]?.[0] ?? 0);
    },
    async reopen() {
      await store.close();
      store = await open();
    },
    async close() {
      await store.close();
      await database.drop();
    },
  };
}

/** A count over a running app's store tables, whichever the backend (plain SQL). */
export async function countRows(store: Store, sql: string): Promise<number> {
  if (store.shared) {
    const res = await (store as PgStore).db.pool.query({ text: sql, rowMode: 'array' });
    return Number(res.rows[0]?.[0] ?? 0);
  }
  return Number((store as SqliteStore).db.prepare(sql).pluck().get() ?? 0);
}

/**
 * Plain SQL on the data a server process keeps: its SQLite file under
 * `dataDir`, or the PostgreSQL database in DATABASE_URL (PostgreSQL run).
 */
export async function serverData(dataDir: string): Promise<{
  count(sql: string): Promise<number>;
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return {
      count: async (sql) =>
        Number((await client.query({ text: sql, rowMode: 'array' })).rows[0]?.[0] ?? 0),
      rows: async <T>(sql: string) =>
        (await client.query(sql)).rows.map((r: Record<string, unknown>) => numeric(r)) as T[],
      close: () => client.end(),
    };
  }
  const db = new Database(join(dataDir, 'synroute.db'));
  return {
    count: async (sql) => Number(db.prepare(sql).pluck().get() ?? 0),
    rows: async <T>(sql: string) => db.prepare(sql).all() as T[],
    close: async () => void db.close(),
  };
}

/** PostgreSQL sends counts as int8 text: numbers, as SQLite gives them. */
function numeric(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v,
    ]),
  );
}
