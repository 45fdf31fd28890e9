/**
 * The PostgreSQL connection pool and transactions of the store.
 *
 * Every store operation is one transaction (READ COMMITTED, explicit row
 * locks). A transaction that PostgreSQL rolled back because of a deadlock or
 * a serialization failure is run again. A lost connection is retried only
 * where that is safe: when the connection could not even be made (nothing
 * ran), or for operations the caller marks `idempotent` (queue operations
 * carry a claim token, so a repeat after an unacknowledged COMMIT is refused
 * instead of applied twice). Everything else surfaces the error: an API
 * request then fails rather than, say, creating a batch twice.
 */
import pg from 'pg';
import { ConcurrentChange, type RunOptions } from '../sql/dialect.js';

/** Epoch milliseconds on the database's clock: leases must not depend on the machines' clocks. */
export const NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

// int8 (counts, sequences, epoch ms) and numeric (sums) as numbers: every value fits in 2^53.
const asNumber = (v: string) => Number(v);
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 || oid === 1700 ? asNumber : pg.types.getTypeParser(oid, format as never)) as never,
};

const RETRY_CODES = new Set(['40P01', '40001']);
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
  '08000',
  '08003',
  '08006',
]);

/** Whether an error means the database could not be reached (as opposed to a bad statement). */
export function isConnectionError(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  if (err?.code && CONNECTION_CODES.has(err.code)) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(
    err?.message ?? '',
  );
}

export interface PgDbOptions {
  /** Pool size (default 10). */
  max?: number;
  /** How long operations wait for an unreachable database before failing (default 30 s). */
  reconnectMs?: number;
  applicationName?: string;
}

export class PgDb {
  readonly pool: pg.Pool;
  private readonly reconnectMs: number;

  constructor(
    readonly url: string,
    options: PgDbOptions = {},
  ) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      types,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      application_name: options.applicationName ?? 'synroute',
      keepAlive: true,
    });
    // An idle connection dropped by a database restart must not crash the process;
    // the pool discards it and the next query connects anew.
    this.pool.on('error', () => undefined);
    this.reconnectMs = options.reconnectMs ?? 30_000;
  }

  /** One statement outside a transaction (reads, and single-statement writes). */
  async query<T>(run: (pool: pg.Pool) => Promise<T>, options: RunOptions = {}): Promise<T> {
    return this.withRetry(() => run(this.pool), options);
  }

  /** Runs `body` in a transaction on one connection, again after a conflict (see the file comment). */
  async tx<T>(body: (client: pg.PoolClient) => Promise<T>, options: RunOptions = {}): Promise<T> {
    return this.withRetry(
      () =>
        this.withClient(async (client, connection) => {
          try {
            await client.query('BEGIN');
            const out = await body(client);
            await client.query('COMMIT');
            return out;
          } catch (e) {
            if (isConnectionError(e)) connection.broken = true;
            if (!connection.broken)
              await client.query('ROLLBACK').catch(() => (connection.broken = true));
            throw e;
          }
        }),
      options,
    );
  }

  /**
   * Runs `body` on one checked-out connection, released afterwards (discarded
   * when `body` marks it broken or the connection is lost meanwhile).
   */
  async withClient<T>(
    body: (client: pg.PoolClient, connection: { broken: boolean }) => Promise<T>,
  ): Promise<T> {
    const client = await this.connect();
    const connection = { broken: false };
    // A connection lost while checked out is reported on the client as well as to the
    // running query: without a listener that 'error' event would crash the process.
    const lost = () => (connection.broken = true);
    client.on('error', lost);
    try {
      return await body(client, connection);
    } finally {
      client.removeListener('error', lost);
      client.release(connection.broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (e) {
      throw new ConnectFailed(e);
    }
  }

  private async withRetry<T>(run: () => Promise<T>, options: RunOptions): Promise<T> {
    const deadline = Date.now() + this.reconnectMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await run();
      } catch (e) {
        const cause = e instanceof ConnectFailed ? e.cause : e;
        const code = (cause as { code?: string }).code ?? '';
        const conflict = RETRY_CODES.has(code) || cause instanceof ConcurrentChange;
        const unreachable =
          isConnectionError(cause) && (e instanceof ConnectFailed || options.idempotent === true);
        if ((!conflict && !unreachable) || Date.now() > deadline) throw cause;
        // Conflicts resolve at once; a restarting database takes seconds.
        const delay = conflict ? 5 + Math.random() * 20 : Math.min(1_000, 100 * 2 ** attempt);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}

/** The pool could not hand out a connection: nothing was sent, so any operation may be retried. */
class ConnectFailed extends Error {
  constructor(override readonly cause: unknown) {
    super((cause as Error)?.message ?? String(cause));
  }
}
