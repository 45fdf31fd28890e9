/**
 * Clients often send `Content-Type: application/json` on every request, also
 * when there is no body (the batch-scoring document's own DELETE and GET
 * examples do). Every route that takes no body must answer such a request as
 * if the header were absent. The routes are taken from the served OpenAPI
 * document, so a route added later is covered too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { Body, params, startTestApp, TestApp } from '../helpers/api.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function post(url: string, payload: object): Promise<Body> {
  const res = await t.app.inject({ method: 'POST', url, headers: t.auth, payload });
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body);
}

/** Values for path parameters: resources of the test owner. */
async function pathValues(): Promise<Record<string, string>> {
  const batch = await post('/batches', { smiles: ['CCN', 'CCO'], parameters: params() });
  const job = await post('/jobs', { query: 'CCCN', parameters: params() });
  const search = await post('/api/v1/batch-search', { targets: ['CCCCN'] });
  return {
    batch_id: batch.id,
    batch__id: batch.id,
    job_id: job.id,
    id: search.id,
    engine_id: 'synroute_default',
    library_id: 'default',
  };
}

/** A complaint about the request body: what an empty JSON body must not cause. */
function bodyComplaint(res: LightMyRequestResponse): string | undefined {
  if (res.statusCode === 400 || res.statusCode === 415) return res.body;
  if (res.statusCode !== 422) return undefined;
  const body = JSON.parse(res.body) as Body;
  const locations = [
    ...(body.error?.details ?? []).map((d: Body) => d.location?.[0]),
    ...(Array.isArray(body.detail) ? body.detail.map((d: Body) => d.loc?.[0]) : []),
  ];
  return locations.includes('body') ? res.body : undefined;
}

describe('requests with Content-Type: application/json and no body', () => {
  it('are answered as without the header on every route that takes no body', async () => {
    const doc = JSON.parse((await t.app.inject({ url: '/openapi.json' })).body) as Body;
    const values = await pathValues();
    const operations: [string, string][] = [];
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Body>))
      for (const [method, op] of Object.entries(ops as Record<string, Body>)) {
        // Event streams never end by themselves; their path parameters are checked elsewhere.
        if (op.requestBody || op.responses?.['200']?.content?.['text/event-stream']) continue;
        operations.push([method.toUpperCase(), path]);
      }
    // Deletions last, so that every other route finds its resource.
    operations.sort(([a], [b]) => Number(a === 'DELETE') - Number(b === 'DELETE'));
    expect(operations.length).toBeGreaterThan(20);
    for (const [method, path] of operations) {
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? name);
      for (const headers of [
        { 'content-type': 'application/json' },
        { 'content-type': 'application/json', 'content-length': '0' },
      ]) {
        const res = await t.app.inject({
          method: method as 'GET',
          url,
          headers: { ...t.auth, ...headers },
        });
        expect(bodyComplaint(res), `${method} ${path}`).toBeUndefined();
        expect(res.statusCode, `${method} ${path}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
      }
    }
  });
});
