/**
 * Planning workers on a shared database: each one announces the engine and
 * library versions it holds, refreshed with its heartbeat. Jobs whose
 * versions no live worker holds wait for one (a rolling upgrade brings it);
 * if none came for `timeoutMs` while other workers were live, they fail with
 * `engine_version_unavailable` instead of waiting forever. With no live
 * worker at all nothing fails: the jobs simply wait for workers to start.
 */
import type { WorkerCapabilities, WorkerInfo } from '../types.js';
import { NOW_MS, PgDb, Tx } from './db.js';
import { LOCKS } from './schema.js';

export async function registerWorker(db: PgDb, w: WorkerInfo): Promise<void> {
  await db.query(
    `INSERT INTO workers (id, host, pid, threads, engines, libraries, started, seen)
     VALUES ($1, $2, $3, $4, $5, $6, ${NOW_MS}, ${NOW_MS})
     ON CONFLICT (id) DO UPDATE SET engines = excluded.engines, libraries = excluded.libraries,
       threads = excluded.threads, seen = excluded.seen`,
    [
      w.id,
      w.host,
      w.pid,
      w.threads,
      JSON.stringify(w.capabilities.engines),
      JSON.stringify(w.capabilities.libraries),
    ],
    { idempotent: true },
  );
}

export async function unregisterWorker(db: PgDb, id: string): Promise<void> {
  await db.query('DELETE FROM workers WHERE id = $1', [id], { idempotent: true });
}

export async function liveWorkers(db: PgDb, windowMs: number): Promise<WorkerInfo[]> {
  const rows = await db.query<{
    id: string;
    host: string;
    pid: number;
    threads: number;
    engines: string;
    libraries: string;
  }>(`SELECT * FROM workers WHERE seen > ${NOW_MS} - $1 ORDER BY id`, [windowMs]);
  return rows.map((r) => ({
    id: r.id,
    host: r.host,
    pid: r.pid,
    threads: r.threads,
    capabilities: {
      engines: JSON.parse(r.engines) as string[],
      libraries: JSON.parse(r.libraries) as WorkerCapabilities['libraries'],
    },
  }));
}

/**
 * Records which parameter sets no live worker can run, and fails the queued
 * jobs of those that stayed so for `timeoutMs`. One process at a time
 * (advisory lock); returns the number of jobs failed.
 */
export async function failStranded(
  db: PgDb,
  options: { timeoutMs: number; liveWindowMs: number },
): Promise<number> {
  return db.tx(
    async (tx) => {
      const lock = await tx.one<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [
        LOCKS.stranded,
      ]);
      if (!lock?.ok) return 0;
      await markUnrunnable(tx, options.liveWindowMs);
      const stranded = await tx.query<{
        id: number;
        engine_version: string;
        library_versions: string;
      }>(
        `SELECT id, engine_version, library_versions FROM param_sets
         WHERE unrunnable_since < ${NOW_MS} - $1`,
        [options.timeoutMs],
      );
      let failed = 0;
      for (const set of stranded) failed += await failQueuedOf(tx, set, options.timeoutMs);
      // Forget workers that have been gone for a day.
      await tx.query(`DELETE FROM workers WHERE seen < ${NOW_MS} - 86400000`);
      return failed;
    },
    { idempotent: true },
  );
}

/** Sets or clears `unrunnable_since` where it changed; with no live worker, clears all. */
async function markUnrunnable(tx: Tx, liveWindowMs: number): Promise<void> {
  await tx.query(
    `WITH live AS (SELECT engines::jsonb AS engines, libraries::jsonb AS libraries FROM workers
                   WHERE seen > ${NOW_MS} - $1),
     state AS (
       SELECT p.id, NOT EXISTS (SELECT 1 FROM live) OR EXISTS (
         SELECT 1 FROM live
         WHERE live.engines ? p.engine_version AND p.library_versions::jsonb <@ live.libraries) AS ok
       FROM param_sets p)
     UPDATE param_sets p SET unrunnable_since = CASE WHEN state.ok THEN NULL ELSE ${NOW_MS} END
     FROM state WHERE state.id = p.id AND state.ok = (p.unrunnable_since IS NOT NULL)`,
    [liveWindowMs],
  );
}

async function failQueuedOf(
  tx: Tx,
  set: { id: number; engine_version: string; library_versions: string },
  timeoutMs: number,
): Promise<number> {
  const now = Date.now();
  const error = {
    code: 'engine_version_unavailable',
    message: `no live worker has engine ${set.engine_version} with libraries ${set.library_versions}; waited ${Math.round(timeoutMs / 1000)} s`,
  };
  const rows = await tx.query<{ batch: number | null; lane: number }>(
    `UPDATE jobs SET status = 'failed', error = $1, synthesizable = 0, updated = $2
     WHERE param_set = $3 AND status = 'submitted' RETURNING batch, lane`,
    [JSON.stringify(error), now, set.id],
  );
  const byBatch = new Map<number | null, number>();
  const byLane = new Map<number, number>();
  for (const r of rows) {
    byBatch.set(r.batch, (byBatch.get(r.batch) ?? 0) + 1);
    byLane.set(r.lane, (byLane.get(r.lane) ?? 0) + 1);
  }
  const batches = [...byBatch].sort(([a], [b]) => (a ?? -1) - (b ?? -1));
  for (const [batch, n] of batches) await tx.counters.move(batch, 'submitted', 'failed', n, now);
  for (const [lane, n] of [...byLane].sort(([a], [b]) => a - b))
    await tx.counters.laneQueued(lane, -n);
  return rows.length;
}
