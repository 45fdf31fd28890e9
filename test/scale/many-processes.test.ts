/**
 * Scale-out on one PostgreSQL database: two stateless API processes
 * (SYNROUTE_WORKERS=0) and three `synroute worker` processes, each with its
 * own data directory as on separate machines. A batch created through one API
 * and appended to through the other completes with exactly one result per job,
 * every job run once, and the work spread over all three workers.
 */
import { afterAll, describe, expect, it } from 'vitest';
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
const env = {
  SYNROUTE_PLAN_WORKER: PLAN_WORKER,
  FAKE_PLAN_MS: '40',
  SYNROUTE_LEASE_SECONDS: '10',
};
const apis: ServerProcess[] = [];
const workers: WorkerProcess[] = [];
const outputs = () =>
  [...apis.map((a) => a.output()), ...workers.map((w) => w.output())].join('\n---\n');

afterAll(async () => {
  await Promise.all([...apis.map((a) => a.kill()), ...workers.map((w) => w.kill())]);
  removeInstallations();
});

describe('three workers and two API processes on one database', () => {
  it('complete a batch with exactly one result per job', { timeout: 240_000 }, async () => {
    expect(databaseUrl).toMatch(/^postgres/);
    const apiDir = await installation();
    const token = await createToken(apiDir, databaseUrl);
    for (let i = 0; i < 2; i++)
      apis.push(await startServer(apiDir, { ...env, SYNROUTE_WORKERS: '0' }));
    for (let i = 0; i < 3; i++)
      workers.push(await startWorker(await installation(), env, ['--threads', '1']));
    const [first, second] = apis.map((a) => a.url);

    const smiles = targets(300);
    const created = await call(first, token, '/batches', {
      method: 'POST',
      body: { smiles: smiles.slice(0, 200), parameters: PARAMETERS },
    });
    expect(created.status).toBe(200);
    const id: string = created.body.id;
    // The other API process appends (with 50 already known: dropped as duplicates).
    const appended = await call(second, token, `/batches/${id}`, {
      method: 'PUT',
      body: { smiles: smiles.slice(150) },
    });
    expect(appended.status).toBe(200);
    expect(appended.body.number_of_jobs).toBe(300);

    await until(
      'batch completion',
      async () => (await call(second, token, `/batches/${id}/status`)).body.status === 'completed',
      outputs,
    );
    for (const base of [first, second])
      expect((await call(base, token, `/batches/${id}/status`)).body).toEqual({
        status: 'completed',
        number_of_jobs: 300,
        completed_jobs: 300,
      });
    const result = (await call(first, token, `/batches/${id}/result`)).body as {
      smiles: string;
      completed: boolean;
      synthesizable: boolean;
    }[];
    expect(result.map((r) => r.smiles)).toEqual(smiles);
    expect(result.every((r) => r.completed && r.synthesizable)).toBe(true);

    await expectOneResultPerJob(databaseUrl, id, 300);
    const db = await database(databaseUrl);
    try {
      // Every job was claimed once: no job ran twice.
      expect(await db.count('SELECT count(*) FROM jobs WHERE attempts <> 1')).toBe(0);
      // The API processes plan nothing; each worker process computed a share.
      const byPid = await db.rows<{ pid: number; n: string }>(
        "SELECT (stats::jsonb ->> 'pid')::int AS pid, count(*) AS n FROM results GROUP BY 1",
      );
      expect(byPid.map((r) => r.pid).sort()).toEqual(workers.map((w) => w.pid).sort());
      expect(byPid.reduce((s, r) => s + Number(r.n), 0)).toBe(300);
      // Live workers announced themselves with the versions they hold.
      expect(await db.count('SELECT count(*) FROM workers')).toBe(3);
    } finally {
      await db.close();
    }

    // SIGTERM: idle workers stop at once and unregister.
    expect(await Promise.all(workers.map((w) => w.stop()))).toEqual([0, 0, 0]);
    const after = await database(databaseUrl);
    expect(await after.count('SELECT count(*) FROM workers')).toBe(0);
    await after.close();
  });
});
