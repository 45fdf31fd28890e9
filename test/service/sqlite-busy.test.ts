/**
 * Another process holding the SQLite write lock: API requests that need to
 * write answer 503 with Retry-After after a short wait instead of freezing the
 * server for 10 s and answering 500; the queue waits without blocking and
 * records the job once the lock is released.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanJobInput, PlanJobOutput } from '../../src/contract/index.js';
import type { PlanRunner } from '../../src/queue/runner.js';
import { Body, fakeOutput, params, startTestApp, TestApp } from '../helpers/api.js';
import { until } from '../helpers/wait.js';

/** Finishes each job only when the test says so. */
class GatedRunner implements PlanRunner {
  readonly slots = 1;
  private release: (() => void) | undefined;
  started = 0;

  run(input: PlanJobInput): Promise<PlanJobOutput> {
    this.started++;
    return new Promise((resolve) => (this.release = () => resolve(fakeOutput(input.smiles))));
  }

  finish(): void {
    this.release?.();
  }

  async close(): Promise<void> {
    this.finish();
  }
}

let t: TestApp;
const runner = new GatedRunner();
beforeAll(async () => {
  t = await startTestApp({ runner });
});
afterAll(() => t.close());

describe('SQLite locked by another process', () => {
  it('answers 503 with Retry-After, and the queue records its job after the lock is gone', async () => {
    const submit = () =>
      t.app.inject({
        method: 'POST',
        url: '/jobs',
        headers: t.auth,
        payload: { query: 'CCNC', parameters: params() },
      });
    const first = await submit();
    expect(first.statusCode).toBe(200);
    const jobId = (JSON.parse(first.body) as Body).id;
    await until('the job to start', () => runner.started === 1, { timeoutMs: 20_000 });

    const other = new Database(join(t.dataDir, 'synroute.db'));
    other.exec('BEGIN IMMEDIATE');
    try {
      const busy = await submit();
      expect(busy.statusCode, busy.body).toBe(503);
      expect(busy.headers['retry-after']).toBe('1');
      const body = JSON.parse(busy.body) as Body;
      expect(body).toMatchObject({ status: 'error', status_code: 503 });
      expect(body.error.code).toBe('database_busy');
      // The running job finishes while the lock is held: its result must not be lost.
      runner.finish();
      expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await until('the job to be recorded', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/jobs/${jobId}`, headers: t.auth });
      return (JSON.parse(res.body) as Body).status === 'completed';
    });
    expect((await submit()).statusCode).toBe(200);
  });
});
