/**
 * Store operations are written once for both databases, as generator
 * functions that yield SQL statements and are handed back each statement's
 * result (`const row = yield* row<BatchRow>('SELECT …', [seq])`). An executor
 * runs them: on SQLite synchronously inside one better-sqlite3 transaction
 * (nothing else can interleave, as before), on PostgreSQL statement by
 * statement over one pooled connection. Statements use `?` placeholders;
 * what differs between the databases comes from the `Dialect`.
 */

export type Statement =
  | {
      /** 'rows': row objects; 'arrays': rows as arrays of column values; 'changes': rows changed. */
      kind: 'rows' | 'arrays' | 'changes';
      sql: string;
      params: readonly unknown[];
    }
  | {
      /** One statement run `count` times with `params(i)` (SQLite's bulk insert). */
      kind: 'each';
      sql: string;
      count: number;
      params: (i: number) => unknown[];
    };

/** An operation: yields statements, receives their results, returns T. */
export type Op<T> = Generator<Statement, T, unknown>;

export function* rows<T>(sql: string, params: readonly unknown[] = []): Op<T[]> {
  return (yield { kind: 'rows', sql, params }) as T[];
}

export function* row<T>(sql: string, params: readonly unknown[] = []): Op<T | undefined> {
  return (yield* rows<T>(sql, params))[0];
}

/** Rows as arrays of column values: cheaper than objects for long results. */
export function* arrays<T extends readonly unknown[]>(
  sql: string,
  params: readonly unknown[] = [],
): Op<T[]> {
  return (yield { kind: 'arrays', sql, params }) as T[];
}

/** The first column of the first row. */
export function* value<T>(sql: string, params: readonly unknown[] = []): Op<T | undefined> {
  return (yield* arrays<[T]>(sql, params))[0]?.[0];
}

/** A statement that returns no rows; the number of rows it changed. */
export function* write(sql: string, params: readonly unknown[] = []): Op<number> {
  return (yield { kind: 'changes', sql, params }) as number;
}

/** An operation that runs no statement (where one database needs none). */
export function* done<T>(result: T): Op<T> {
  yield* [];
  return result;
}

export function* each(sql: string, count: number, params: (i: number) => unknown[]): Op<void> {
  yield { kind: 'each', sql, count, params };
}

/** Runs an operation whose statements execute synchronously. */
export function runSync<T>(op: Op<T>, execute: (s: Statement) => unknown): T {
  let step = op.next();
  while (!step.done) {
    let result: unknown;
    try {
      result = execute(step.value);
    } catch (e) {
      step = op.throw(e);
      continue;
    }
    step = op.next(result);
  }
  return step.value;
}

/** Runs an operation whose statements execute asynchronously, one after the other. */
export async function runAsync<T>(
  op: Op<T>,
  execute: (s: Statement) => Promise<unknown>,
): Promise<T> {
  let step = op.next();
  while (!step.done) {
    let result: unknown;
    try {
      result = await execute(step.value);
    } catch (e) {
      step = op.throw(e);
      continue;
    }
    step = op.next(result);
  }
  return step.value;
}

/** Statement texts an executor prepares (or rewrites) once; bounded, though they are few. */
export class StatementCache<T> {
  private readonly map = new Map<string, T>();

  constructor(
    private readonly make: (sql: string) => T,
    private readonly max = 2_000,
  ) {}

  get(sql: string): T {
    let v = this.map.get(sql);
    if (v === undefined) {
      if (this.map.size >= this.max) this.map.clear();
      v = this.make(sql);
      this.map.set(sql, v);
    }
    return v;
  }
}
