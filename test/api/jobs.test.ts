import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Body,
  expectResponse,
  expectSchema,
  params,
  startTestApp,
  TestApp,
} from '../helpers/api.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function waitForJob(id: string, status: string[] = ['completed', 'failed']) {
  for (let i = 0; i < 200; i++) {
    const res = await t.app.inject({ method: 'GET', url: `/jobs/${id}`, headers: t.auth });
    const job = JSON.parse(res.body) as { status: string };
    if (status.includes(job.status)) return job;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`job ${id} did not reach ${status}`);
}

describe('jobs', () => {
  it('creates a job, plans it and returns routes', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/jobs',
      headers: t.auth,
      payload: { query: 'CC(=O)Nc1ccc(O)cc1', parameters: params({ number_of_routes: 1 }) },
    });
    const job = expectResponse(res, '/jobs', 'post', 200) as Body;
    expect(job.id).toMatch(/^job_\w+$/);
    expect(job.object).toBe('job');
    expect(job.status).toBe('submitted');
    expect(job.parameters).toEqual({
      retrosynthesis_engine: 'synroute_default',
      building_block_libraries: ['default'],
      number_of_routes: 1,
      processing_time: 300,
      building_block_limit: 3,
      reaction_limit: 3,
    });
    const done = (await waitForJob(job.id)) as Body;
    expect(done.status).toBe('completed');
    const got = await t.app.inject({ method: 'GET', url: `/jobs/${job.id}`, headers: t.auth });
    const full = expectResponse(got, '/jobs/{job_id}', 'get', 200) as Body;
    expect(full.routes).toHaveLength(1);
    expectSchema(full.routes[0], 'Route');
  });
});
