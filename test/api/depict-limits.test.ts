/**
 * Pictures are drawn off the API thread, with a time limit: a heavy picture
 * does not hold up other requests, and one that takes too long is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/api/app.js';
import { Body, startTestApp, TestApp } from '../helpers/api.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function app(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  t = await startTestApp({ runWorkers: false, ...overrides });
  return t;
}

/** 100 fragments, 300 atoms (the most RDKit is given): about the heaviest picture a client can ask for. */
const HEAVY = Array.from({ length: 100 }, () => 'CCC').join('.');

describe('depiction off the API thread', () => {
  it('answers other requests while a heavy picture is drawn', async () => {
    const a = await app();
    let drawn = false;
    const picture = a.app
      .inject({
        method: 'GET',
        url: `/depict/molecule?smiles=${encodeURIComponent(HEAVY)}&width=1200&height=1200`,
        headers: a.auth,
      })
      .then((res) => {
        drawn = true;
        return res;
      });
    const health = await a.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(drawn).toBe(false);
    const res = await picture;
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<svg');
  });

  it('refuses a picture that takes longer than the time limit (422)', async () => {
    // 1 ms: no picture (not even the drawing thread's start) fits.
    const a = await app({ depictTimeoutMs: 1 });
    const res = await a.app.inject({
      method: 'GET',
      url: `/depict/molecule?smiles=${encodeURIComponent(HEAVY)}`,
      headers: a.auth,
    });
    expect(res.statusCode, res.body).toBe(422);
    expect((JSON.parse(res.body) as Body).error.details[0]).toMatchObject({
      location: ['query', 'smiles'],
      error_type: 'depiction_timeout',
    });
  });
});
