/**
 * Store operations on PostgreSQL: a transaction's statements run one after
 * the other on one pooled connection, with explicit row locks (several
 * processes share the database); statements outside a transaction go to any
 * connection of the pool.
 */
import type pg from 'pg';
import type { Dialect, Executor, Fragment, JobInserts, RunOptions } from '../sql/dialect.js';
import { arrays, Op, runAsync, Statement, StatementCache, value, write } from '../sql/op.js';
import { NOW_MS, PgDb } from './db.js';
import { LOCKS, STRIPES } from './schema.js';

export class PgExecutor implements Executor {
  /** `?` placeholders become $1, $2, … (the statements hold no other question marks). */
  private readonly numbered = new StatementCache((sql) => {
    let i = 0;
    return sql.replace(/\?/g, () => `$${++i}`);
  });

  constructor(readonly db: PgDb) {}

  run<T>(op: Op<T>, options?: RunOptions): Promise<T> {
    return runAsync(op, (s) => this.db.query((pool) => this.execute(pool, s), options));
  }

  transaction<T>(make: () => Op<T>, options?: RunOptions): Promise<T> {
    return this.db.tx((client) => runAsync(make(), (s) => this.execute(client, s)), options);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  private async execute(on: pg.Pool | pg.PoolClient, s: Statement): Promise<unknown> {
    const text = this.numbered.get(s.sql);
    if (s.kind === 'each') {
      for (let i = 0; i < s.count; i++) await on.query(text, s.params(i));
      return undefined;
    }
    const values = s.params as unknown[];
    if (s.kind === 'arrays') return (await on.query({ text, values, rowMode: 'array' })).rows;
    const result = await on.query(text, values);
    return s.kind === 'changes' ? (result.rowCount ?? 0) : result.rows;
  }
}

const arrayType = (values: readonly unknown[]) =>
  typeof values[0] === 'number' ? 'bigint[]' : 'text[]';

export const pgDialect: Dialect = {
  shared: true,
  now: NOW_MS,
  lock: ({ of, skip } = {}) => ` FOR UPDATE${of ? ` OF ${of}` : ''}${skip ? ' SKIP LOCKED' : ''}`,
  greatest: 'greatest',
  anyOf: (column, values) => ({
    sql: `${column} = ANY(?::${arrayType(values)})`,
    params: [values],
  }),
  noneOf: (column, values) => ({ sql: `${column} <> ALL(?::bigint[])`, params: [values] }),
  entries: (object): Fragment => ({
    sql: '(SELECT key, value::bigint AS value FROM jsonb_each_text(?::jsonb))',
    params: [JSON.stringify(object)],
  }),
  runnableWith: (capabilities, alias) => ({
    sql: `${alias}.engine_version = ANY(?::text[]) AND ${alias}.library_versions::jsonb <@ ?::jsonb`,
    params: [capabilities.engines, JSON.stringify(capabilities.libraries)],
  }),
  *nextSeqs(table, n) {
    const sequence = table === 'jobs' ? 'job_seq' : 'batch_seq';
    const seqs = yield* arrays<[number]>(
      `SELECT nextval('${sequence}') FROM generate_series(1, ?)`,
      [n],
    );
    return seqs.map(([seq]) => seq);
  },
  *nextTick() {
    return (yield* value<number>("SELECT nextval('claim_ticks')"))!;
  },
  insertJobs,
  *tryLock(name) {
    return (yield* value<boolean>('SELECT pg_try_advisory_xact_lock(?)', [LOCKS[name]]))!;
  },
  stripes: STRIPES,
};

/** All jobs of an append in one statement (arrays unnested by the database). */
function* insertJobs(jobs: JobInserts): Op<void> {
  yield* write(
    `INSERT INTO jobs (seq, id, owner, batch, lane, query, parameters, param_set, status,
       created, updated, compound_id)
     SELECT s, i, ?, ?, ?, q, NULL, ?, 'submitted', ?, ?, c
     FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[]) AS u(s, i, q, c)`,
    [
      jobs.owner,
      jobs.batch,
      jobs.lane,
      jobs.paramSet,
      jobs.now,
      jobs.now,
      jobs.seqs,
      jobs.ids,
      jobs.queries,
      jobs.compoundIds,
    ],
  );
}
