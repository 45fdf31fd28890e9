/**
 * Planning workers on a shared database: each one announces the engine and
 * library versions it holds, refreshed with its heartbeat. Jobs whose
 * versions no live worker holds wait for one (a rolling upgrade brings it);
 * if none came for `timeoutMs` while other workers were live, they fail with
 * `engine_version_unavailable` instead of waiting forever. With no live
 * worker at all nothing fails: the jobs simply wait for workers to start.
 */
import type { SqlContext } from '../sql/context.js';
import type { Tx } from '../sql/counters.js';
import { Op, rows, write } from '../sql/op.js';
import type { WorkerCapabilities, WorkerRegistry } from '../types.js';
import { NOW_MS } from './db.js';

interface WorkerRow {
  id: string;
  host: string;
  pid: number;
  threads: number;
  engines: string;
  libraries: string;
}

export function pgWorkerRegistry({ exec, tx }: SqlContext): WorkerRegistry {
  return {
    async registerWorker(w) {
      await exec.run(
        write(
          `INSERT INTO workers (id, host, pid, threads, engines, libraries, started, seen)
           VALUES (?, ?, ?, ?, ?, ?, ${NOW_MS}, ${NOW_MS})
           ON CONFLICT (id) DO UPDATE SET engines = excluded.engines,
             libraries = excluded.libraries, threads = excluded.threads, seen = excluded.seen`,
          [
            w.id,
            w.host,
            w.pid,
            w.threads,
            JSON.stringify(w.capabilities.engines),
            JSON.stringify(w.capabilities.libraries),
          ],
        ),
        { idempotent: true },
      );
    },

    async unregisterWorker(id) {
      await exec.run(write('DELETE FROM workers WHERE id = ?', [id]), { idempotent: true });
    },

    async liveWorkers(windowMs) {
      const found = await exec.run(
        rows<WorkerRow>(`SELECT * FROM workers WHERE seen > ${NOW_MS} - ? ORDER BY id`, [windowMs]),
      );
      return found.map((r) => ({
        id: r.id,
        host: r.host,
        pid: r.pid,
        threads: r.threads,
        capabilities: {
          engines: JSON.parse(r.engines) as string[],
          libraries: JSON.parse(r.libraries) as WorkerCapabilities['libraries'],
        },
      }));
    },

    /**
     * Records which parameter sets no live worker can run, and fails the queued
     * jobs of those that stayed so for `timeoutMs`. One process at a time
     * (advisory lock); returns the number of jobs failed.
     */
    async failStranded(options) {
      return tx(
        function* (t) {
          if (!(yield* t.d.tryLock('stranded'))) return 0;
          yield* markUnrunnable(options.liveWindowMs);
          const stranded = yield* rows<StrandedSet>(
            `SELECT id, engine_version, library_versions FROM param_sets
             WHERE unrunnable_since < ${NOW_MS} - ?`,
            [options.timeoutMs],
          );
          let failed = 0;
          for (const set of stranded) failed += yield* failQueuedOf(t, set, options.timeoutMs);
          // Forget workers that have been gone for a day.
          yield* write(`DELETE FROM workers WHERE seen < ${NOW_MS} - 86400000`);
          return failed;
        },
        { idempotent: true },
      );
    },
  };
}

interface StrandedSet {
  id: number;
  engine_version: string;
  library_versions: string;
}

/** Sets or clears `unrunnable_since` where it changed; with no live worker, clears all. */
function* markUnrunnable(liveWindowMs: number): Op<void> {
  yield* write(
    `WITH live AS (SELECT engines::jsonb AS engines, libraries::jsonb AS libraries FROM workers
                   WHERE seen > ${NOW_MS} - ?),
     state AS (
       SELECT p.id, NOT EXISTS (SELECT 1 FROM live) OR EXISTS (
         SELECT 1 FROM live
         WHERE live.engines @> to_jsonb(p.engine_version)
           AND p.library_versions::jsonb <@ live.libraries) AS ok
       FROM param_sets p)
     UPDATE param_sets p SET unrunnable_since = CASE WHEN state.ok THEN NULL ELSE ${NOW_MS} END
     FROM state WHERE state.id = p.id AND state.ok = (p.unrunnable_since IS NOT NULL)`,
    [liveWindowMs],
  );
}

function* failQueuedOf(t: Tx, set: StrandedSet, timeoutMs: number): Op<number> {
  const now = Date.now();
  const error = {
    code: 'engine_version_unavailable',
    message: `no live worker has engine ${set.engine_version} with libraries ${set.library_versions}; waited ${Math.round(timeoutMs / 1000)} s`,
  };
  const failed = yield* rows<{ batch: number | null; lane: number }>(
    `UPDATE jobs SET status = 'failed', error = ?, synthesizable = 0, updated = ?
     WHERE param_set = ? AND status = 'submitted' RETURNING batch, lane`,
    [JSON.stringify(error), now, set.id],
  );
  const byBatch = new Map<number | null, number>();
  const byLane = new Map<number, number>();
  for (const r of failed) {
    byBatch.set(r.batch, (byBatch.get(r.batch) ?? 0) + 1);
    byLane.set(r.lane, (byLane.get(r.lane) ?? 0) + 1);
  }
  const batches = [...byBatch].sort(([a], [b]) => (a ?? -1) - (b ?? -1));
  for (const [batch, n] of batches) yield* t.counters.move(batch, 'submitted', 'failed', n, now);
  for (const [lane, n] of [...byLane].sort(([a], [b]) => a - b))
    yield* t.counters.laneQueued(lane, -n);
  return failed.length;
}
