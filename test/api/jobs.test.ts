import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Body,
  expectResponse,
  expectSchema,
  params,
  startTestApp,
  TestApp,
} from '../helpers/api.js';
import { expectAizynthTarget } from '../helpers/aizynth.js';
import { until, untilValue } from '../helpers/wait.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function createJob(query: string, extra: Record<string, unknown> = {}): Promise<Body> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/jobs',
    headers: t.auth,
    payload: { query, parameters: params(extra) },
  });
  return expectResponse(res, '/jobs', 'post', 200);
}

async function readJob(id: string): Promise<Body> {
  const res = await t.app.inject({ method: 'GET', url: `/jobs/${id}`, headers: t.auth });
  return expectResponse(res, '/jobs/{job_id}', 'get', 200) as Body;
}

function waitForJob(id: string, statuses = ['completed', 'failed']): Promise<Body> {
  return untilValue(
    `job ${id} ${statuses.join('/')}`,
    () => readJob(id),
    (j) => statuses.includes(j.status),
  );
}

describe('POST /jobs and GET /jobs/{job_id}', () => {
  it('queues a job, plans it and returns its routes', async () => {
    const job = await createJob('CC(=O)Nc1ccc(O)cc1', { number_of_routes: 1 });
    expect(job.id).toMatch(/^[0-9a-f]{32}$/);
    expect(job).toMatchObject({ object: 'job', status: 'submitted', routes: [] });
    expect(job.parameters).toEqual({
      retrosynthesis_engine: 'synroute_default',
      building_block_libraries: ['default'],
      number_of_routes: 1,
      processing_time: 300,
      building_block_limit: 3,
      reaction_limit: 3,
    });
    const done = await waitForJob(job.id);
    expect(done.status).toBe('completed');
    expect(done.routes).toHaveLength(1);
    expectSchema(done.routes[0], 'Route');
    expect(Date.parse(done.updated)).toBeGreaterThanOrEqual(Date.parse(done.created));
  });

  it("answers the job's routes in AiZynthFinder's reaction-tree format on request", async () => {
    const job = await createJob('CC(=O)Nc1ccc(O)cc1', { number_of_routes: 1 });
    const done = await waitForJob(job.id);
    const res = await t.app.inject({
      method: 'GET',
      url: `/jobs/${job.id}?format=aizynth`,
      headers: t.auth,
    });
    expect(res.statusCode).toBe(200);
    const record = res.json();
    expectAizynthTarget(record);
    expect(record).toMatchObject({
      target: 'CC(=O)Nc1ccc(O)cc1',
      job_id: job.id,
      is_solved: true,
      number_of_routes: done.routes.length,
    });
    const wrong = await t.app.inject({
      method: 'GET',
      url: `/jobs/${job.id}?format=xml`,
      headers: t.auth,
    });
    expect(
      (expectResponse(wrong, '/jobs/{job_id}', 'get', 422) as Body).error.details[0],
    ).toMatchObject({ location: ['query', 'format'], error_type: 'enum' });
  });

  it('reports a molecule the engine cannot read as failed, with no routes and the reason', async () => {
    const job = await createJob('CXx');
    const done = await waitForJob(job.id);
    expect(done).toMatchObject({ status: 'failed', routes: [] });
    expect(done.error.code).toBe('invalid_smiles');
  });

  it('answers 404 with a null body for unknown and malformed-but-valid ids', async () => {
    const job = await createJob('CCCC');
    const other = `${job.id.slice(0, 20)}${'0'.repeat(12)}`;
    for (const id of [
      other,
      `${'f'.repeat(12)}${job.id.slice(12)}`,
      'job_1',
      'bat_00000000001abcdefgh',
    ]) {
      const res = await t.app.inject({ method: 'GET', url: `/jobs/${id}`, headers: t.auth });
      expectResponse(res, '/jobs/{job_id}', 'get', 404);
      expect(res.body).toBe('null');
    }
  });
});

describe('validation (422 RequestValidationErrorContent)', () => {
  const post = (payload: unknown) =>
    t.app.inject({ method: 'POST', url: '/jobs', headers: t.auth, payload: payload as object });

  it('reports each broken constraint with location and error type', async () => {
    const res = await post({
      query: 'CC O',
      parameters: { retrosynthesis_engine: 'synroute_default', processing_time: 10 },
    });
    const body = expectResponse(res, '/jobs', 'post', 422) as Body;
    expect(body).toMatchObject({ status: 'error', status_code: 422 });
    expect(body.request_id).toMatch(/^req_\w+$/);
    expect(body.error.code).toBe('validation_error');
    expect(body.error.path).toBe('/jobs');
    const found = body.error.details.map((d: Body) => [d.location.join('.'), d.error_type]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['body.query', 'string_pattern_mismatch'],
        ['body.parameters.building_block_libraries', 'missing'],
        ['body.parameters.processing_time', 'greater_than_equal'],
      ]),
    );
  });

  it('rejects a missing body, invalid JSON, and out-of-range numbers', async () => {
    const empty = await t.app.inject({ method: 'POST', url: '/jobs', headers: t.auth });
    expectResponse(empty, '/jobs', 'post', 422);
    const broken = await t.app.inject({
      method: 'POST',
      url: '/jobs',
      headers: { ...t.auth, 'content-type': 'application/json' },
      payload: '{"query": ',
    });
    const body = expectResponse(broken, '/jobs', 'post', 422) as Body;
    expect(body.error.details[0]).toMatchObject({ location: ['body'], error_type: 'json_invalid' });
    const big = await post({ query: 'CCO', parameters: params({ number_of_routes: 51 }) });
    expect((expectResponse(big, '/jobs', 'post', 422) as Body).error.details[0]).toMatchObject({
      location: ['body', 'parameters', 'number_of_routes'],
      error_type: 'less_than_equal',
    });
  });

  it('names unknown engine and library ids', async () => {
    const res = await post({
      query: 'CCO',
      parameters: { retrosynthesis_engine: 'nope', building_block_libraries: ['default', 'ghost'] },
    });
    const body = expectResponse(res, '/jobs', 'post', 422) as Body;
    expect(body.error.message).toContain("'nope'");
    expect(body.error.message).toContain("'ghost'");
    expect(body.error.details).toEqual([
      expect.objectContaining({
        location: ['body', 'parameters', 'retrosynthesis_engine'],
        error_type: 'unknown_engine',
      }),
      expect.objectContaining({
        location: ['body', 'parameters', 'building_block_libraries', 1],
        error_type: 'unknown_library',
      }),
    ]);
  });

  it('caps SMILES length', async () => {
    const res = await post({ query: 'C'.repeat(1001), parameters: params() });
    const body = expectResponse(res, '/jobs', 'post', 422) as Body;
    expect(body.error.details[0]).toMatchObject({
      location: ['body', 'query'],
      error_type: 'string_too_long',
    });
  });

  it('validates path and query parameters', async () => {
    const badId = await t.app.inject({ method: 'GET', url: '/jobs/not.an.id', headers: t.auth });
    const body = expectResponse(badId, '/jobs/{job_id}', 'get', 422) as Body;
    expect(body.error.details[0]).toMatchObject({
      location: ['path', 'job_id'],
      error_type: 'string_pattern_mismatch',
    });
    const badPage = await t.app.inject({
      method: 'GET',
      url: '/jobs?page-size=101&status=done',
      headers: t.auth,
    });
    const types = (expectResponse(badPage, '/jobs', 'get', 422) as Body).error.details.map(
      (d: Body) => `${d.location.join('.')}:${d.error_type}`,
    );
    expect(types).toEqual(
      expect.arrayContaining(['query.page-size:less_than_equal', 'query.status:enum']),
    );
  });
});

describe('GET /jobs', () => {
  it('pages by number with an exact has_more and filters by status', async () => {
    const t2 = await startTestApp();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await t2.app.inject({
          method: 'POST',
          url: '/jobs',
          headers: t2.auth,
          payload: { query: `CCN${'C'.repeat(i)}`, parameters: params() },
        });
        ids.push((JSON.parse(res.body) as Body).id);
      }
      const page = async (n: number, size: number, status = 'none') => {
        const res = await t2.app.inject({
          method: 'GET',
          url: `/jobs?page-number=${n}&page-size=${size}&status=${status}`,
          headers: t2.auth,
        });
        return expectResponse(res, '/jobs', 'get', 200) as Body;
      };
      const p1 = await page(1, 2);
      const p3 = await page(3, 2);
      const exact = await page(1, 5);
      expect(p1.has_more).toBe(true);
      expect(p3.data).toHaveLength(1);
      expect(p3.has_more).toBe(false);
      expect(exact.has_more).toBe(false);
      // Newest first.
      expect(exact.data.map((j: Body) => j.id)).toEqual([...ids].reverse());
      expect((await page(9, 2)).data).toEqual([]);
      await until(
        'five completed jobs',
        async () => (await page(1, 10, 'completed')).data.length === 5,
      );
      expect((await page(1, 10, 'completed')).data).toHaveLength(5);
      expect((await page(1, 10, 'submitted')).data).toHaveLength(0);
    } finally {
      await t2.close();
    }
  });
});

describe('DELETE /jobs/{job_id}', () => {
  it('answers 409 while the job is in progress, deletes it once done', async () => {
    const job = await createJob('CC[Hang]');
    await waitForJob(job.id, ['processing']);
    const busy = await t.app.inject({ method: 'DELETE', url: `/jobs/${job.id}`, headers: t.auth });
    expectResponse(busy, '/jobs/{job_id}', 'delete', 409);
    expect(busy.body).toBe('null');

    const done = await createJob('CCN');
    await waitForJob(done.id);
    const del = await t.app.inject({ method: 'DELETE', url: `/jobs/${done.id}`, headers: t.auth });
    expect((expectResponse(del, '/jobs/{job_id}', 'delete', 200) as Body).id).toBe(done.id);
    const gone = await t.app.inject({ method: 'GET', url: `/jobs/${done.id}`, headers: t.auth });
    expectResponse(gone, '/jobs/{job_id}', 'get', 404);
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/jobs/${done.id}`,
      headers: t.auth,
    });
    expectResponse(again, '/jobs/{job_id}', 'delete', 404);
  });
});

describe('authentication and ownership', () => {
  it('answers 401 without a valid bearer token', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer srt_wrong' },
      { authorization: 'Basic x' },
    ]) {
      const res = await t.app.inject({ method: 'GET', url: '/jobs', headers });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expectSchema(JSON.parse(res.body), 'ErrorContent');
    }
  });

  it("answers 404 for another owner's job", async () => {
    const job = await createJob('CCCN');
    for (const method of ['GET', 'DELETE'] as const) {
      const res = await t.app.inject({ method, url: `/jobs/${job.id}`, headers: t.otherAuth });
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe('null');
    }
    const list = await t.app.inject({ method: 'GET', url: '/jobs', headers: t.otherAuth });
    expect((JSON.parse(list.body) as Body).data).toEqual([]);
  });
});
