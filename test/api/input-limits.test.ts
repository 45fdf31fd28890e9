/**
 * Oversized and malformed input is refused with 422 before any work, with a
 * small error body, on both databases: huge library lists, absurd page
 * numbers, NUL characters in text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Body, expectResponse, params, startTestApp, TestApp } from '../helpers/api.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const postJob = (payload: object) =>
  t.app.inject({ method: 'POST', url: '/jobs', headers: t.auth, payload });

describe('building_block_libraries', () => {
  it('refuses a million entries before looking any up, with a small answer', async () => {
    const res = await postJob({
      query: 'CCNC',
      parameters: params({ building_block_libraries: new Array(1_000_000).fill('default') }),
    });
    const body = expectResponse(res, '/jobs', 'post', 422) as Body;
    expect(body.error.details).toEqual([
      expect.objectContaining({
        location: ['body', 'parameters', 'building_block_libraries'],
        error_type: 'too_long',
      }),
    ]);
    expect(res.body.length).toBeLessThan(2_000);
  });

  it('refuses more than 20 ids, and keeps the answer about unknown ones small', async () => {
    const ids = (n: number) =>
      Array.from({ length: n }, (_, i) => `unknown_${'x'.repeat(200)}${i}`);
    const tooMany = await postJob({
      query: 'CCNC',
      parameters: params({ building_block_libraries: ids(21) }),
    });
    expect(
      (expectResponse(tooMany, '/jobs', 'post', 422) as Body).error.details[0].error_type,
    ).toBe('too_long');
    const unknown = await postJob({
      query: 'CCNC',
      parameters: params({ building_block_libraries: ids(20) }),
    });
    const body = expectResponse(unknown, '/jobs', 'post', 422) as Body;
    expect(body.error.details).toHaveLength(20);
    expect(body.error.message.length).toBeLessThan(1_000);
  });

  it('collapses duplicates', async () => {
    const res = await postJob({
      query: 'CCNC',
      parameters: params({ building_block_libraries: ['default', 'default', 'default'] }),
    });
    const job = expectResponse(res, '/jobs', 'post', 200) as Body;
    expect(job.parameters.building_block_libraries).toEqual(['default']);
    const batch = await t.app.inject({
      method: 'POST',
      url: '/batches',
      headers: t.auth,
      payload: {
        smiles: ['CCNC'],
        parameters: params({ building_block_libraries: ['default', 'default'] }),
      },
    });
    expect(batch.statusCode, batch.body).toBe(200);
    expect((JSON.parse(batch.body) as Body).parameters.building_block_libraries).toEqual([
      'default',
    ]);
  });
});

describe('page numbers', () => {
  it('answers 422, not 500, to a page number past any offset', async () => {
    for (const n of ['1e20', '9007199254740993', '99999999999']) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/jobs?page-number=${n}`,
        headers: t.auth,
      });
      const body = expectResponse(res, '/jobs', 'get', 422) as Body;
      expect(body.error.details[0]).toMatchObject({
        location: ['query', 'page-number'],
        error_type: 'less_than_equal',
      });
    }
    const last = await t.app.inject({
      method: 'GET',
      url: '/jobs?page-number=1000000',
      headers: t.auth,
    });
    expect(last.statusCode).toBe(200);
  });
});

describe('NUL characters', () => {
  it('are refused in every text field of a batch (422)', async () => {
    for (const field of ['name', 'description', 'filename', 'webhook']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/batches',
        headers: t.auth,
        payload: {
          smiles: ['CCNC'],
          parameters: params(),
          [field]: field === 'webhook' ? 'https://example.org/\u0000hook' : 'a\u0000b',
        },
      });
      const body = expectResponse(res, '/batches', 'post', 422) as Body;
      expect(body.error.details[0]).toMatchObject({
        location: ['body', field],
        error_type: 'nul_character',
      });
    }
  });
});

describe('path parameters', () => {
  it('are looked up up to the 255 characters the document allows, and refused past it (422)', async () => {
    for (const [url, path] of [
      ['/jobs/', '/jobs/{job_id}'],
      ['/batches/', '/batches/{batch_id}'],
      ['/api/v1/batch-search/', '/api/v1/batch-search/{id}'],
    ]) {
      const longest = await t.app.inject({ url: `${url}${'a'.repeat(255)}`, headers: t.auth });
      expect([longest.statusCode, longest.body], url).toEqual([404, 'null']);
      const long = await t.app.inject({ url: `${url}${'a'.repeat(256)}`, headers: t.auth });
      const body = expectResponse(long, path, 'get', 422) as Body;
      expect(body.error.details[0]).toMatchObject({ error_type: 'string_too_long' });
    }
  });

  it("that are not valid percent-encoding, or too long for any URL, are refused in the API's error shape", async () => {
    for (const url of ['/jobs/%ff', '/batches/%E0%A4%A', '/libraries/%']) {
      const res = await t.app.inject({ url, headers: t.auth });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(JSON.parse(res.body), url).toMatchObject({
        status: 'error',
        status_code: 400,
        error: { code: 'bad_url', path: url },
      });
    }
    // Longer than a request line may be (16 KB): the router's own limit.
    const huge = await t.app.inject({ url: `/jobs/${'a'.repeat(17_000)}`, headers: t.auth });
    expect(huge.statusCode).toBe(414);
    expect(JSON.parse(huge.body)).toMatchObject({
      status_code: 414,
      error: { code: 'uri_too_long' },
    });
    // The batch lifecycle API (v2) answers as FastAPI does.
    for (const url of ['/api/v2/batches/%ff', `/api/v2/batches/${'a'.repeat(17_000)}`]) {
      const v2 = await t.app.inject({ url, headers: t.auth });
      expect(v2.statusCode).toBeGreaterThanOrEqual(400);
      expect(JSON.parse(v2.body)).toEqual({ detail: expect.any(String) });
    }
  });
});

describe('members of parameters the document does not define', () => {
  it('are dropped, as the reference service drops them, however deeply nested', async () => {
    // As text: too deep for JSON.stringify, not for the JSON parser.
    const deep = `${'['.repeat(10_000)}"x"${']'.repeat(10_000)}`;
    const parameters = JSON.stringify(params({ 'no such member': 1 })).replace(
      '{',
      `{"deep":${deep},`,
    );
    const post = (url: string, body: string) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { ...t.auth, 'content-type': 'application/json' },
        payload: body,
      });
    const job = await post('/jobs', `{"query":"CCNC","parameters":${parameters}}`);
    const batch = await post('/batches', `{"smiles":["CCNC"],"parameters":${parameters}}`);
    for (const [res, path] of [
      [job, '/jobs'],
      [batch, '/batches'],
    ] as const) {
      const body = expectResponse(res, path, 'post', 200) as Body;
      expect(Object.keys(body.parameters).sort(), path).toEqual([
        'building_block_libraries',
        'building_block_limit',
        'number_of_routes',
        'processing_time',
        'reaction_limit',
        'retrosynthesis_engine',
      ]);
    }
  });
});
