/**
 * Service hardening seen from a client: single-user mode serves local names
 * only and refuses cross-site writes (DNS rebinding, cross-site forms).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { params, startTestApp, TestApp } from '../helpers/api.js';

describe('single-user mode (no tokens)', () => {
  let local: TestApp;
  beforeAll(async () => {
    local = await startTestApp({
      auth: false,
      runWorkers: false,
      host: '127.0.0.1',
      allowedHosts: ['lab-box'],
    });
  });
  afterAll(() => local.close());

  const get = (host: string) =>
    local.app.inject({ method: 'GET', url: '/jobs', headers: { host } });
  const post = (headers: Record<string, string>) =>
    local.app.inject({
      method: 'POST',
      url: '/jobs',
      headers: { host: '127.0.0.1:8080', ...headers },
      payload: { query: 'CCN', parameters: params() },
    });

  it('serves loopback names and allowed hosts only (a rebound name gets 403)', async () => {
    for (const host of ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080', 'localhost', 'lab-box'])
      expect((await get(host)).statusCode, host).toBe(200);
    for (const host of ['evil.example:8080', 'evil.example', '127.0.0.1.evil.example']) {
      const res = await get(host);
      expect(res.statusCode, host).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({
        status: 'error',
        status_code: 403,
        error: { code: 'forbidden' },
      });
    }
  });

  it('refuses state-changing requests from other sites, accepts same-site ones', async () => {
    for (const headers of [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'http://localhost.evil.example:8080' },
    ]) {
      const res = await post(headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(JSON.parse(res.body).error.code).toBe('forbidden');
    }
    for (const headers of [
      {},
      { origin: 'http://127.0.0.1:8080', 'sec-fetch-site': 'same-origin' },
      { origin: 'http://localhost:8080' },
    ])
      expect((await post(headers)).statusCode, JSON.stringify(headers)).toBe(200);
  });
});
