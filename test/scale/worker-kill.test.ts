/**
 * kill -9 of a `synroute worker` in the middle of a job: its lease expires
 * (SYNROUTE_LEASE_SECONDS=2), the job is re-queued and completes on another
 * worker; every job of the batch ends with exactly one result.
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
const env = { SYNROUTE_PLAN_WORKER: PLAN_WORKER, SYNROUTE_LEASE_SECONDS: '2' };
let api: ServerProcess | undefined;
const workers: WorkerProcess[] = [];
const outputs = () => [api?.output(), ...workers.map((w) => w.output())].join('\n---\n');

afterAll(async () => {
  await Promise.all([api?.kill(), ...workers.map((w) => w.kill())]);
  removeInstallations();
});

describe('kill -9 of a worker', () => {
  it(
    'in the middle of a job: the job completes on another worker',
    { timeout: 180_000 },
    async () => {
      const apiDir = await installation();
      const token = await createToken(apiDir, databaseUrl);
      api = await startServer(apiDir, { ...env, SYNROUTE_WORKERS: '0' });
      // This worker's planner takes ten minutes a job: it is killed while planning.
      const doomed = await startWorker(await installation(), { ...env, FAKE_PLAN_MS: '600000' }, [
        '--threads',
        '1',
      ]);
      workers.push(doomed);

      const smiles = targets(60);
      const created = await call(api.url, token, '/batches', {
        method: 'POST',
        body: { smiles, parameters: PARAMETERS },
      });
      expect(created.status).toBe(200);
      const id: string = created.body.id;

      const db = await database(databaseUrl);
      try {
        let held: { id: string; query: string } | undefined;
        await until(
          'the first worker claiming a job',
          async () => {
            [held] = await db.rows<{ id: string; query: string }>(
              "SELECT id, query FROM jobs WHERE status = 'processing' AND worker = $1",
              [doomed.id],
            );
            return held !== undefined;
          },
          outputs,
        );
        const rescuer = await startWorker(await installation(), { ...env, FAKE_PLAN_MS: '20' }, [
          '--threads',
          '1',
        ]);
        workers.push(rescuer);
        // The rescuer works through the rest while the doomed worker is stuck in its job.
        await until(
          'other jobs completing',
          async () =>
            (await db.count("SELECT count(*) FROM jobs WHERE status = 'completed'")) >= 30,
          outputs,
        );
        expect(
          (await db.rows('SELECT status, worker FROM jobs WHERE id = $1', [held!.id]))[0],
        ).toEqual({ status: 'processing', worker: doomed.id });

        expect(await doomed.kill()).toBeNull(); // killed by the signal, no exit code
        await until(
          'batch completion',
          async () =>
            (await call(api!.url, token, `/batches/${id}/status`)).body.status === 'completed',
          outputs,
        );

        const [job] = await db.rows<{ status: string; attempts: number; pid: number }>(
          `SELECT j.status, j.attempts, (r.stats::jsonb ->> 'pid')::int AS pid
         FROM jobs j JOIN results r ON r.id = j.result WHERE j.id = $1`,
          [held!.id],
        );
        expect(job).toEqual({ status: 'completed', attempts: 2, pid: rescuer.pid });
        // Nobody else was interrupted: every other job ran once, on the rescuer.
        expect(
          await db.count('SELECT count(*) FROM jobs WHERE attempts <> 1 AND id <> $1', [held!.id]),
        ).toBe(0);
        expect(
          await db.count("SELECT count(*) FROM results WHERE (stats::jsonb ->> 'pid')::int <> $1", [
            rescuer.pid,
          ]),
        ).toBe(0);
      } finally {
        await db.close();
      }
      await expectOneResultPerJob(databaseUrl, id, 60);
    },
  );
});
