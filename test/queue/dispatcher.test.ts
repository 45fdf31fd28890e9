import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThreadRunner } from '../../src/queue/runner.js';
import { Body, params, startTestApp, TestApp } from '../helpers/api.js';
import { untilValue } from '../helpers/wait.js';

const fixture = pathToFileURL(join(import.meta.dirname, 'fixtures', 'plan-worker.mjs')).href;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    runner: undefined,
    workerFile: fixture,
    threads: 2,
    // Jobs may run 1 s; the watchdog stops a worker 0.3 s after that.
    maxProcessingTime: 1,
    dispatcher: { pollMs: 50, graceMs: 300, maxAttempts: 2 },
  });
});
afterAll(() => t.close());

async function submit(query: string): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/jobs',
    headers: t.auth,
    payload: { query, parameters: params({ processing_time: 60 }) },
  });
  expect(res.statusCode, res.body).toBe(200);
  return (JSON.parse(res.body) as Body).id;
}

function settled(id: string, timeoutMs = 20_000): Promise<Body> {
  const read = async () => {
    const res = await t.app.inject({ method: 'GET', url: `/jobs/${id}`, headers: t.auth });
    return JSON.parse(res.body) as Body;
  };
  return untilValue(
    `job ${id} to finish`,
    read,
    (job) => job.status === 'completed' || job.status === 'failed',
    { timeoutMs },
  );
}

describe('dispatcher with worker threads', () => {
  it('runs jobs on the threads and records the answers', async () => {
    const job = await settled(await submit('CCN'));
    expect(job.status).toBe('completed');
    expect(job.routes).toHaveLength(1);
  });

  it('retries a job whose worker thread dies, then fails it with the reason', async () => {
    const job = await settled(await submit('CC[Exit]'));
    expect(job.status).toBe('failed');
    expect(job.error.code).toBe('worker_crashed');
    expect(job.error.message).toMatch(/gave up after 2 attempts/);
    // The pool replaced the dead threads: planning goes on.
    expect((await settled(await submit('CCCN'))).status).toBe('completed');
  });

  it('stops a worker stuck past processing_time (capped by the operator) and fails the job', async () => {
    const started = Date.now();
    const job = await settled(await submit('C[Spin]'));
    expect(job.status).toBe('failed');
    expect(job.error.code).toBe('timeout');
    // Two attempts of 1 s + 0.3 s grace.
    expect(Date.now() - started).toBeGreaterThan(2_000);
    // The spec's value is what the job shows; the cap applies to the run.
    expect(job.parameters.processing_time).toBe(60);
    expect((await settled(await submit('CCCCN'))).status).toBe('completed');
  });
});

describe('ThreadRunner', () => {
  it('rejects an aborted task and keeps serving', async () => {
    const runner = new ThreadRunner({ dataDir: '/tmp', threads: 1, workerFile: fixture });
    try {
      const controller = new AbortController();
      const input = { smiles: 'C[Spin]', parameters: params() as never };
      const stuck = runner.run(input, controller.signal);
      // Whether the abort finds the task queued or spinning, it must reject and free the thread.
      setTimeout(() => controller.abort(), 100);
      await expect(stuck).rejects.toThrow();
      const ok = await runner.run({ ...input, smiles: 'CN' }, new AbortController().signal);
      expect(ok.status).toBe('completed');
    } finally {
      await runner.close();
    }
  });
});
