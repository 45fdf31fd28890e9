/** Checks on the SQLite store's internals shared by store tests. */
import { expect } from 'vitest';
import type { SqliteStore } from '../../src/store/sqlite/store.js';

/** The counters must always equal what a scan of the jobs says. */
export function expectCountersConsistent(s: SqliteStore): void {
  const scanned = s.db
    .prepare('SELECT batch, status, count(*) n FROM jobs WHERE batch IS NOT NULL GROUP BY 1, 2')
    .all() as { batch: number; status: string; n: number }[];
  const batches = s.db.prepare('SELECT * FROM batches').all() as Record<string, number>[];
  for (const b of batches) {
    const of = (st: string) => scanned.find((r) => r.batch === b.seq && r.status === st)?.n ?? 0;
    expect(b.submitted_jobs).toBe(of('submitted'));
    expect(b.processing_jobs).toBe(of('processing'));
    expect(b.completed_jobs).toBe(of('completed'));
    expect(b.failed_jobs).toBe(of('failed'));
    expect(b.canceled_jobs).toBe(of('canceled'));
    expect(b.total_jobs).toBe(
      of('submitted') + of('processing') + of('completed') + of('failed') + of('canceled'),
    );
  }
  const overall = s.db.prepare('SELECT status, count(*) n FROM jobs GROUP BY 1').all() as {
    status: string;
    n: number;
  }[];
  const counts = s.db.prepare('SELECT status, n FROM job_counts').all() as {
    status: string;
    n: number;
  }[];
  for (const c of counts) expect(c.n).toBe(overall.find((o) => o.status === c.status)?.n ?? 0);
  const queued = s.db.prepare("SELECT count(*) FROM jobs WHERE status = 'submitted'").pluck().get();
  expect(s.db.prepare('SELECT sum(queued) FROM lanes').pluck().get() ?? 0).toBe(queued);
}
