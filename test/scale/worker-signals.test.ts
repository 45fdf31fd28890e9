/**
 * `synroute worker` and SIGTERM: it stops claiming and lets running jobs
 * finish (SYNROUTE_DRAIN_SECONDS); a second SIGTERM, or the end of the drain
 * time, gives running jobs back to the queue at once without counting an
 * attempt; either way it unregisters and exits 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, startServer } from '../helpers/server.js';
import { startWorker, WorkerProcess } from '../helpers/worker.js';
import {
  call,
  createToken,
  database,
  expectOneResultPerJob,
  installation,
  PARAMETERS,
  PLAN_WORKER,
  removeInstallations,
  targets,
  until,
} from './harness.js';

const databaseUrl = process.env.DATABASE_URL!;
const env = { SYNROUTE_PLAN_WORKER: PLAN_WORKER, SYNROUTE_LEASE_SECONDS: '30' };
let api: ServerProcess;
let token: string;
const workers: WorkerProcess[] = [];
const outputs = () => [api?.output(), ...workers.map((w) => w.output())].join('\n---\n');

beforeAll(async () => {
  const apiDir = await installation();
  token = await createToken(apiDir, databaseUrl);
  api = await startServer(apiDir, { ...env, SYNROUTE_WORKERS: '0' });
});

afterAll(async () => {
  await Promise.all([api?.kill(), ...workers.map((w) => w.kill())]);
  removeInstallations();
});

async function worker(extra: Record<string, string>): Promise<WorkerProcess> {
  const w = await startWorker(await installation(), { ...env, ...extra }, ['--threads', '2']);
  workers.push(w);
  return w;
}

async function batch(n: number, tag: string): Promise<string> {
  const created = await call(api.url, token, '/batches', {
    method: 'POST',
    body: { smiles: targets(n, tag), parameters: PARAMETERS },
  });
  expect(created.status).toBe(200);
  return created.body.id as string;
}

interface JobRow {
  status: string;
  attempts: number;
  worker: string | null;
  claim: string | null;
}

async function jobsOf(id: string): Promise<JobRow[]> {
  const db = await database(databaseUrl);
  try {
    return await db.rows<JobRow>(
      `SELECT status, attempts, worker, claim FROM jobs
       WHERE batch = (SELECT seq FROM batches WHERE id = $1) ORDER BY seq`,
      [id],
    );
  } finally {
    await db.close();
  }
}

/** When the leases of the batch's running jobs end (ms since the epoch). */
async function leasesUntil(id: string): Promise<number[]> {
  const db = await database(databaseUrl);
  try {
    const rows = await db.rows<{ lease_until: string }>(
      `SELECT lease_until FROM jobs WHERE status = 'processing'
       AND batch = (SELECT seq FROM batches WHERE id = $1)`,
      [id],
    );
    return rows.map((r) => Number(r.lease_until));
  } finally {
    await db.close();
  }
}

async function registeredWorkers(): Promise<number> {
  const db = await database(databaseUrl);
  try {
    return await db.count('SELECT count(*) FROM workers');
  } finally {
    await db.close();
  }
}

const running = (rows: JobRow[], w: WorkerProcess) =>
  rows.filter((r) => r.status === 'processing' && r.worker === w.id).length;

describe('synroute worker and SIGTERM', () => {
  it(
    'lets running jobs finish, claims nothing new, and exits 0',
    { timeout: 120_000 },
    async () => {
      const w = await worker({ FAKE_PLAN_MS: '4000', SYNROUTE_DRAIN_SECONDS: '120' });
      const id = await batch(10, 'F');
      await until('two running jobs', async () => running(await jobsOf(id), w) === 2, outputs);
      w.signal('SIGTERM');
      expect(await w.exited).toBe(0);

      const rows = await jobsOf(id);
      // The two it was running finished on it; the other eight were never touched.
      expect(rows.filter((r) => r.status === 'completed')).toHaveLength(2);
      expect(rows.filter((r) => r.status === 'completed').every((r) => r.attempts === 1)).toBe(
        true,
      );
      expect(rows.filter((r) => r.status === 'submitted')).toHaveLength(8);
      expect(rows.filter((r) => r.status === 'submitted').every((r) => r.attempts === 0)).toBe(
        true,
      );
      expect(w.output()).toMatch(/letting running jobs finish/);
      expect(await registeredWorkers()).toBe(0);

      // Another worker finishes the batch.
      await worker({ FAKE_PLAN_MS: '20' });
      await until(
        'batch completion',
        async () => (await jobsOf(id)).every((r) => r.status === 'completed'),
        outputs,
      );
      await expectOneResultPerJob(databaseUrl, id, 10);
      expect(await workers.pop()!.stop()).toBe(0);
    },
  );

  it(
    'gives running jobs back at once on a second SIGTERM, without counting an attempt',
    { timeout: 120_000 },
    async () => {
      // Leases of 4 s: the worker extends them every second while it runs (and drains).
      const w = await worker({
        FAKE_PLAN_MS: '600000',
        SYNROUTE_DRAIN_SECONDS: '600',
        SYNROUTE_LEASE_SECONDS: '4',
      });
      const id = await batch(4, 'S');
      await until('two running jobs', async () => running(await jobsOf(id), w) === 2, outputs);
      w.signal('SIGTERM');
      await until('the drain', async () => /letting running jobs finish/.test(w.output()), outputs);
      // Draining: still alive, still holding its jobs, as a lease heartbeat after the drain
      // began shows.
      const draining = await leasesUntil(id);
      await until(
        'a lease heartbeat while draining',
        async () => {
          const leases = await leasesUntil(id);
          return leases.length === 2 && Math.min(...leases) > Math.max(...draining);
        },
        outputs,
      );
      expect(w.child.exitCode).toBeNull();
      expect(running(await jobsOf(id), w)).toBe(2);

      w.signal('SIGTERM');
      expect(await w.exited).toBe(0);
      expect(w.output()).toMatch(/giving running jobs back to the queue now/);
      expect(await jobsOf(id)).toEqual(
        Array.from({ length: 4 }, () => ({
          status: 'submitted',
          attempts: 0,
          worker: null,
          claim: null,
        })),
      );
      expect(await registeredWorkers()).toBe(0);
      expect((await call(api.url, token, `/batches/${id}`, { method: 'DELETE' })).status).toBe(200);
    },
  );

  it('gives running jobs back when the drain time runs out', { timeout: 120_000 }, async () => {
    const w = await worker({ FAKE_PLAN_MS: '600000', SYNROUTE_DRAIN_SECONDS: '1' });
    const id = await batch(2, 'T');
    await until('two running jobs', async () => running(await jobsOf(id), w) === 2, outputs);
    w.signal('SIGTERM');
    expect(await w.exited).toBe(0);
    const rows = await jobsOf(id);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['submitted', 0],
      ['submitted', 0],
    ]);
  });
});
