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

/** Polls until `done` says so, failing with the server's output after `ms`. */
async function until(what: string, done: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`${what} timed out; server said:\n${server?.output()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
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
      server = await startServer(dataDir, env);

      const smiles = Array.from({ length: 400 }, (_, i) => `C${'C'.repeat(i % 7)}N${i}`);
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
      await until(
        'first jobs',
        async () => (await api(`/batches/${batch.id}/status`, token)).completed_jobs >= 40,
      );
      await server.kill();

      const crashed = await serverData(dataDir);
      const midway = await crashed.rows<{ status: string; n: number }>(
        'SELECT status, count(*) n FROM jobs GROUP BY status',
      );
      await crashed.close();
      const count = (st: string) => midway.find((r) => r.status === st)?.n ?? 0;
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
