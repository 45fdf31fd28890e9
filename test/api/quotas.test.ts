/**
 * Per-owner quotas (queued jobs, event streams, uploaded libraries) and the
 * per-token rate limit: one token holder cannot fill the queue, the disk or
 * the server's connections for everyone. Small limits make each one quick to hit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { params, startTestApp, TestApp } from '../helpers/api.js';
import { until } from '../helpers/wait.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    runWorkers: false, // jobs stay queued
    quotas: { maxQueuedJobs: 3, maxStreams: 1, maxLibraries: 1, rateLimitPerMinute: 0 },
  });
});
afterAll(() => t.close());

function expectQuota(res: LightMyRequestResponse | Response, body: string): void {
  const status = 'statusCode' in res ? res.statusCode : res.status;
  expect(status, body).toBe(429);
  const header = 'statusCode' in res ? res.headers['retry-after'] : res.headers.get('retry-after');
  expect(Number(header)).toBeGreaterThan(0);
  expect(JSON.parse(body)).toMatchObject({ status_code: 429, error: { code: 'quota_exceeded' } });
}

const post = (url: string, payload: object, auth = t.auth) =>
  t.app.inject({ method: 'POST', url, headers: auth, payload });

describe('quotas', () => {
  it("refuses jobs beyond the owner's queued-jobs quota, on every way in", async () => {
    const first = await post('/batches', { smiles: ['CN', 'CCN'], parameters: params() });
    expect(first.statusCode, first.body).toBe(200);
    const over = await post('/batches', { smiles: ['CCCN', 'CCCCN'], parameters: params() });
    expectQuota(over, over.body);
    const put = await t.app.inject({
      method: 'PUT',
      url: `/batches/${JSON.parse(first.body).id}`,
      headers: t.auth,
      payload: { smiles: ['CCCN', 'CCCCN'] },
    });
    expectQuota(put, put.body);
    expect((await post('/jobs', { query: 'NCCO', parameters: params() })).statusCode).toBe(200);
    const job = await post('/jobs', { query: 'NCCCO', parameters: params() });
    expectQuota(job, job.body);
    const v1 = await post('/api/v1/batch-search', { targets: ['NCCCCO'] });
    expectQuota(v1, v1.body);
    // Another owner's queue is its own.
    const other = await post('/jobs', { query: 'NCCO', parameters: params() }, t.otherAuth);
    expect(other.statusCode, other.body).toBe(200);
  });

  it('refuses a second event stream of one owner until the first closes', async () => {
    const created = await post('/batches', { smiles: ['OCCO'], parameters: params() }, t.otherAuth);
    const id = JSON.parse(created.body).id;
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const open = () => fetch(`${address}/batches/${id}/events`, { headers: t.otherAuth });
    const first = await open();
    expect(first.status).toBe(200);
    const second = await open();
    expectQuota(second, await second.text());
    await first.body?.cancel();
    await until('the stream slot to be freed', async () => {
      const again = await open();
      if (again.status === 200) {
        await again.body?.cancel();
        return true;
      }
      await again.text();
      return false;
    });
  });

  it('refuses an upload beyond the library quota', async () => {
    const boundary = '----quota';
    const upload = () =>
      t.app.inject({
        method: 'POST',
        url: '/libraries',
        headers: { ...t.auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="b.smi"\r\ncontent-type: application/octet-stream\r\n\r\nCCO\r\n--${boundary}--\r\n`,
      });
    expect((await upload()).statusCode).toBe(200);
    const res = await upload();
    expectQuota(res, res.body);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past the per-token limit, per token', async () => {
    const limited = await startTestApp({ runWorkers: false, quotas: { rateLimitPerMinute: 5 } });
    try {
      const get = (auth: Record<string, string>) =>
        limited.app.inject({ method: 'GET', url: '/jobs', headers: auth });
      for (let i = 0; i < 5; i++) expect((await get(limited.auth)).statusCode).toBe(200);
      const res = await get(limited.auth);
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(JSON.parse(res.body)).toMatchObject({
        status: 'error',
        status_code: 429,
        error: { code: 'rate_limited' },
      });
      expect((await get(limited.otherAuth)).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
