/**
 * Nothing is lost: kill -9 of the server in the middle of a batch, restart,
 * and every job ends with exactly one result.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Body } from '../helpers/api.js';
import { serverData } from '../helpers/backend.js';
import { runCli } from '../helpers/cli.js';
import { seedLibraries, ServerProcess, startServer } from '../helpers/server.js';
import { until as waitUntil, untilValue } from '../helpers/wait.js';

const dataDir = mkdtempSync(join(tmpdir(), 'synroute-durability-'));
const env = {
  SYNROUTE_PLAN_WORKER: pathToFileURL(join(import.meta.dirname, 'fixtures', 'plan-worker.mjs'))
    .href,
  FAKE_PLAN_MS: '25',
  SYNROUTE_WORKERS: '2',
  // On PostgreSQL the restarted server cannot tell the killed one's jobs from another
  // live server's: they come back when their lease expires.
  SYNROUTE_LEASE_SECONDS: '3',
};
let server: ServerProcess | undefined;

afterAll(async () => {
  await server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Waits for `done`, failing with the server's output after `ms`. */
async function until(what: string, done: () => Promise<boolean>, ms = 60_000): Promise<void> {
  await waitUntil(what, done, { timeoutMs: ms, intervalMs: 25, context: () => server!.output() });
}

async function api(path: string, token: string, init: RequestInit = {}): Promise<Body> {
  const res = await fetch(`${server!.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  return res.json();
}

describe('durability', () => {
  it(
    'completes every job exactly once after kill -9 in the middle of a batch',
    { timeout: 240_000 },
    async () => {
      await seedLibraries(dataDir);
      const created = await runCli(['tokens', 'create', '--name', 'ci', '--data-dir', dataDir]);
      expect(created.code, created.stderr).toBe(0);
      const token = created.stdout.trim();
      // Before the kill, the first 40 targets plan quickly and the rest (marked O) are held:
      // once the quick ones are done, every running job is held, so some are certainly
      // running (and the rest queued) at the kill.
      server = await startServer(dataDir, { ...env, FAKE_PLAN_HOLD: 'O' });

      const quick = 40;
      const smiles = Array.from(
        { length: 400 },
        (_, i) => `${i < quick ? '' : 'O'}C${'C'.repeat(i % 7)}N${i}`,
      );
      const batch = await api('/batches', token, {
        method: 'POST',
        body: JSON.stringify({
          smiles,
          parameters: {
            retrosynthesis_engine: 'synroute_default',
            building_block_libraries: ['default'],
          },
        }),
      });
      await untilValue(
        'the quick jobs done and held ones running',
        () => api(`/batches/${batch.id}`, token),
        (b) =>
          b.jobs_count_per_status.completed === quick && b.jobs_count_per_status.processing > 0,
        { timeoutMs: 60_000, context: () => server!.output() },
      );
      await server.kill();

      const crashed = await serverData(dataDir);
      const midway = await crashed.rows<{ status: string; n: number }>(
        'SELECT status, count(*) n FROM jobs GROUP BY status',
      );
      await crashed.close();
      const count = (st: string) => Number(midway.find((r) => r.status === st)?.n ?? 0);
      expect(count('completed')).toBe(quick);
      expect(count('processing')).toBeGreaterThan(0);
      expect(count('submitted')).toBeGreaterThan(0);

      server = await startServer(dataDir, env);
      await until(
        'batch completion',
        async () => (await api(`/batches/${batch.id}/status`, token)).status === 'completed',
      );
      expect(await api(`/batches/${batch.id}/status`, token)).toEqual({
        status: 'completed',
        number_of_jobs: 400,
        completed_jobs: 400,
      });
      const result = await api(`/batches/${batch.id}/result`, token);
      expect(result).toHaveLength(400);
      expect(result.every((r: { completed: boolean }) => r.completed)).toBe(true);
      await server.stop();
      server = undefined;

      const db = await serverData(dataDir);
      const q = (sql: string) => db.count(sql);
      expect(
        await q("SELECT count(*) FROM jobs WHERE status = 'completed' AND result IS NOT NULL"),
      ).toBe(400);
      // One result row per job: none shared, none orphaned, none duplicated.
      expect(await q('SELECT count(*) FROM results')).toBe(400);
      expect(await q('SELECT count(DISTINCT result) FROM jobs')).toBe(400);
      expect(
        await q('SELECT count(*) FROM results WHERE id NOT IN (SELECT result FROM jobs)'),
      ).toBe(0);
      await db.close();
    },
  );
});
