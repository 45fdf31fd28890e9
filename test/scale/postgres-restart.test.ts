/**
 * PostgreSQL restarted in the middle of a batch (pg_ctl restart -m fast: every
 * connection is dropped while jobs are being claimed and completed). The API
 * process and both workers stay up, reconnect, and the batch completes with
 * exactly one result per job; the API takes appends again afterwards.
 *
 * The restart needs a cluster of its own (the run's shared one serves the
 * other files at the same time).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Cluster, startCluster } from '../helpers/postgres.js';
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

let cluster: Cluster | undefined;
let api: ServerProcess | undefined;
const workers: WorkerProcess[] = [];
const outputs = () => [api?.output(), ...workers.map((w) => w.output())].join('\n---\n');

afterAll(async () => {
  await Promise.all([api?.kill(), ...workers.map((w) => w.kill())]);
  cluster?.stop();
  removeInstallations();
});

describe('PostgreSQL restarted in the middle of a batch', () => {
  it('API and workers reconnect; nothing lost or duplicated', { timeout: 240_000 }, async () => {
    cluster = await startCluster();
    const databaseUrl = cluster.url;
    const env = {
      DATABASE_URL: databaseUrl,
      SYNROUTE_PLAN_WORKER: PLAN_WORKER,
      FAKE_PLAN_MS: '40',
      SYNROUTE_LEASE_SECONDS: '3',
    };
    const apiDir = await installation();
    const token = await createToken(apiDir, databaseUrl);
    api = await startServer(apiDir, { ...env, SYNROUTE_WORKERS: '0' });
    for (let i = 0; i < 2; i++)
      workers.push(await startWorker(await installation(), env, ['--threads', '1']));

    const smiles = targets(400);
    const created = await call(api.url, token, '/batches', {
      method: 'POST',
      body: { smiles: smiles.slice(0, 300), parameters: PARAMETERS },
    });
    expect(created.status).toBe(200);
    const id: string = created.body.id;
    const completed = async () => {
      try {
        const res = await call(api!.url, token, `/batches/${id}/status`);
        return res.status === 200 ? (res.body.completed_jobs as number) : -1;
      } catch {
        return -1; // the API process is unreachable: the final checks fail
      }
    };
    await until('first jobs', async () => (await completed()) >= 60, outputs);

    cluster.restart();
    const db = await database(databaseUrl);
    try {
      const midway = await db.rows<{ status: string; n: string }>(
        'SELECT status, count(*) AS n FROM jobs GROUP BY status',
      );
      const count = (s: string) => Number(midway.find((r) => r.status === s)?.n ?? 0);
      // The restart came in the middle: work was left to do.
      expect(count('submitted') + count('processing')).toBeGreaterThan(0);
    } finally {
      await db.close();
    }

    // Writes work again through the same API process: append the last 100 targets.
    let appended: Awaited<ReturnType<typeof call>> | undefined;
    await until(
      'an append after the restart',
      async () => {
        appended = await call(api!.url, token, `/batches/${id}`, {
          method: 'PUT',
          body: { smiles: smiles.slice(300) },
        }).catch(() => undefined);
        return appended?.status === 200;
      },
      outputs,
    );
    expect(appended!.body.number_of_jobs).toBe(400);

    await until('batch completion', async () => (await completed()) === 400, outputs);
    expect((await call(api.url, token, `/batches/${id}/status`)).body).toEqual({
      status: 'completed',
      number_of_jobs: 400,
      completed_jobs: 400,
    });
    // Nobody crashed: every process rode through the restart.
    expect(api.child.exitCode).toBeNull();
    expect(workers.map((w) => w.child.exitCode)).toEqual([null, null]);
    await expectOneResultPerJob(databaseUrl, id, 400);
    expect(await Promise.all(workers.map((w) => w.stop()))).toEqual([0, 0]);
  });
});
