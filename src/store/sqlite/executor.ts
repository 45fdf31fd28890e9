/**
 * Store operations on SQLite (better-sqlite3): every statement runs
 * synchronously, so an operation's transaction holds the thread from BEGIN to
 * COMMIT and no other operation of this process can interleave with it; one
 * process owns the file, so rows need no locks.
 */
import type Database from 'better-sqlite3';
import type { Dialect, Executor, Fragment, JobInserts } from '../sql/dialect.js';
import { done, each, Op, runSync, Statement, StatementCache, value } from '../sql/op.js';
import type { Db } from './db.js';

export class SqliteExecutor implements Executor {
  private readonly statements: StatementCache<Database.Statement<unknown[]>>;

  constructor(readonly db: Db) {
    this.statements = new StatementCache((sql) => db.prepare(sql));
  }

  async run<T>(op: Op<T>): Promise<T> {
    return runSync(op, (s) => this.execute(s));
  }

  async transaction<T>(make: () => Op<T>): Promise<T> {
    return this.db.transaction(() => runSync(make(), (s) => this.execute(s)))();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private execute(s: Statement): unknown {
    const stmt = this.statements.get(s.sql);
    switch (s.kind) {
      case 'rows':
        return stmt.raw(false).all(...s.params);
      case 'arrays':
        return stmt.raw(true).all(...s.params);
      case 'changes':
        return stmt.run(...s.params).changes;
      case 'each':
        for (let i = 0; i < s.count; i++) stmt.run(...s.params(i));
        return undefined;
    }
  }
}

/** A JSON array parameter as a table (`json_each`), for lists of any length. */
function jsonList(values: readonly unknown[]): Fragment {
  return { sql: '(SELECT value FROM json_each(?))', params: [JSON.stringify(values)] };
}

export function sqliteDialect(db: Db): Dialect {
  // The fairness clock: only this process claims, so it lives in memory.
  let tick =
    (db
      .prepare(
        'SELECT max(t) FROM (SELECT max(last_claim) t FROM lanes UNION ALL SELECT max(last_claim) FROM owners)',
      )
      .pluck()
      .get() as number | null) ?? 0;
  return {
    shared: false,
    now: "CAST(unixepoch('subsec') * 1000 AS INTEGER)",
    lock: () => '',
    greatest: 'max',
    anyOf: (column, values) => {
      const list = jsonList(values);
      return { sql: `${column} IN ${list.sql}`, params: list.params };
    },
    noneOf: (column, values) => {
      if (!values.length) return { sql: '1 = 1', params: [] };
      const list = jsonList(values);
      return { sql: `${column} NOT IN ${list.sql}`, params: list.params };
    },
    entries: (object) => ({
      sql: '(SELECT key, value FROM json_each(?))',
      params: [JSON.stringify(object)],
    }),
    runnableWith: () => undefined,
    *nextSeqs(table, n) {
      // The next AUTOINCREMENT values (the write transaction keeps them ours).
      const last =
        (yield* value<number>('SELECT seq FROM sqlite_sequence WHERE name = ?', [table])) ?? 0;
      return Array.from({ length: n }, (_, i) => last + 1 + i);
    },
    nextTick: () => done(++tick),
    insertJobs,
    // One process sweeps.
    tryLock: () => done(true),
    stripes: 1,
  };
}

/** One prepared insert per job: faster on SQLite than any multi-row form. */
function insertJobs(jobs: JobInserts): Op<void> {
  return each(
    `INSERT INTO jobs (seq, id, owner, batch, lane, query, parameters, param_set, status,
       created, updated, compound_id) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, 'submitted', ?, ?, ?)`,
    jobs.seqs.length,
    (i) => [
      jobs.seqs[i],
      jobs.ids[i],
      jobs.owner,
      jobs.batch,
      jobs.lane,
      jobs.queries[i],
      jobs.paramSet,
      jobs.now,
      jobs.now,
      jobs.compoundIds[i],
    ],
  );
}
