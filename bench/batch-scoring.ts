/**
 * Batch-scoring API v1 and batch lifecycle at 100,000 jobs (issue 7), in
 * process over loopback HTTP (no planning threads):
 *
 * - POST /api/v1/batch-search with 100,000 targets;
 * - GET /api/v1/batch-search/{id} (counters) latency;
 * - GET /api/v1/batch-search-result/{id} for 100,000 finished targets: all
 *   fields, precision=3, only=targetSmiles&only=result (and the Retro v2
 *   result of the same batch, for comparison);
 * - status latency while such a result is being built (pages keep it served);
 * - PATCH /batches/{id}/cancel of 100,000 queued jobs.
 *
 * The finished results are written straight into the database (one result
 * row per job, as the queue would) so that no planning is needed.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/api/app.js';
import { createToken } from '../src/api/auth.js';
import { LibraryRegistry } from '../src/stock/registry.js';
import type { SqliteStore } from '../src/store/sqlite/store.js';
import { quantile, record, repoRoot } from './shared.js';

const JOBS = 100_000;

export async function batchScoringBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'synroute-bench-scoring-'));
  const cache = join(repoRoot, 'test-artifacts', 'bundled-libraries');
  await new LibraryRegistry(cache).ensureBundled();
  mkdirSync(dataDir, { recursive: true });
  cpSync(join(cache, 'libraries'), join(dataDir, 'libraries'), { recursive: true });
  const app = await buildApp({ dataDir, runWorkers: false });
  try {
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const { token } = await createToken(app.synroute.store, { name: 'bench' });
    const headers = { authorization: `ApiToken-v1 ${token}`, 'content-type': 'application/json' };
    const call = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${url}${path}`, { ...init, headers });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res;
    };
    const targets = Array.from(
      { length: JOBS },
      (_, i) => `CC(=O)Nc1ccc(O${'C'.repeat(i % 5)})cc1C${i}`,
    );
    let t = performance.now();
    const created = (await (
      await call('/api/v1/batch-search', { method: 'POST', body: JSON.stringify({ targets }) })
    ).json()) as { id: string };
    const createMs = performance.now() - t;
    finishAll(app.synroute.store as SqliteStore);

    const statusPath = `/api/v1/batch-search/${created.id}`;
    const status: number[] = [];
    for (let i = 0; i < 1_000; i++) {
      t = performance.now();
      await (await call(statusPath)).json();
      status.push(performance.now() - t);
    }
    status.sort((a, b) => a - b);

    const resultPath = `/api/v1/batch-search-result/${created.id}`;
    const result = await timed(() => call(resultPath));
    const precision = await timed(() => call(`${resultPath}?precision=3`));
    const only = await timed(() => call(`${resultPath}?only=targetSmiles&only=result`));
    // For comparison, on the same machine at the same moment: the Retro v2 result (built by SQLite).
    const v2 = await timed(() => call(`/batches/${created.id}/result`));
    const during = await statusDuringResult(call, statusPath, resultPath);

    const queued = (await (
      await call('/api/v1/batch-search', { method: 'POST', body: JSON.stringify({ targets }) })
    ).json()) as { id: string };
    t = performance.now();
    await call(`/batches/${queued.id}/cancel`, { method: 'PATCH' });
    const cancelMs = performance.now() - t;

    record('batch-scoring', {
      jobs: JOBS,
      createMs: round(createMs),
      statusMs: { p50: round(quantile(status, 0.5)), p95: round(quantile(status, 0.95)) },
      resultMs: result,
      resultPrecision3Ms: precision,
      resultOnlyTwoFieldsMs: only,
      retroV2ResultMs: v2,
      statusDuringResultMs: during,
      cancelQueuedMs: round(cancelMs),
    });
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Median of 5 downloads, and the answer's size. */
async function timed(get: () => Promise<Response>): Promise<Record<string, number>> {
  const runs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    bytes = (await (await get()).arrayBuffer()).byteLength;
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  return { median: round(quantile(runs, 0.5)), max: round(runs[4]), bytes };
}

/** Status requests, one after the other, while a 100,000-item result is being built. */
async function statusDuringResult(
  call: (path: string) => Promise<Response>,
  statusPath: string,
  resultPath: string,
): Promise<Record<string, number>> {
  let done = false;
  const download = call(resultPath)
    .then((r) => r.arrayBuffer())
    .finally(() => (done = true));
  const times: number[] = [];
  while (!done) {
    const t = performance.now();
    await (await call(statusPath)).json();
    times.push(performance.now() - t);
  }
  await download;
  times.sort((a, b) => a - b);
  return { requests: times.length, max: round(times[times.length - 1] ?? 0) };
}

/** Every job completed with a solved summary, as the queue would have recorded it. */
function finishAll(store: SqliteStore): void {
  const summary = JSON.stringify({
    synthesizable: true,
    score: 4.38127,
    certainty: 0.58163,
    price: 5232.5,
    reactionCount: 2,
    timedOut: false,
  });
  store.db.transaction(() => {
    store.db
      .prepare(
        `INSERT INTO results (param_set, query, status, routes, summary, reusable, created)
         SELECT param_set, query, 'completed', '[]', ?, 1, 0 FROM jobs`,
      )
      .run(summary);
    store.db.exec(`
      UPDATE jobs SET status = 'completed', synthesizable = 1, result = (
        SELECT r.id FROM results r WHERE r.param_set = jobs.param_set AND r.query = jobs.query
          AND r.reusable = 1);
      UPDATE batches SET completed_jobs = total_jobs, submitted_jobs = 0, completed_at = updated;
      UPDATE lanes SET queued = 0;`);
  })();
}

const round = (x: number) => Math.round(x * 10) / 10;
