/**
 * The batch lifecycle API (v2): `PATCH /api/v2/batches/{batch__id}/complete`
 * and `GET /api/v2/batches/{batch__id}` on SynRoute batches: the documented
 * shape (checked against the served document's seed schemas), the mapping of
 * statuses, priority, engine and parameters, ids in either form, and errors
 * in the API's own shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Body, expectResponse, FakeRunner, params, startTestApp, TestApp } from '../helpers/api.js';
import { untilValue } from '../helpers/wait.js';

const COMPLETE = '/api/v2/batches/{batch__id}/complete';
const ONE = '/api/v2/batches/{batch__id}';
const dashed = (id: string) => id.replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ runner: new FakeRunner(1, 5) });
});
afterAll(() => t.close());

async function call(method: string, url: string, payload?: object, headers = t.auth) {
  return t.app.inject({ method: method as 'GET', url, headers, payload });
}

async function create(smiles: string[], extra: Record<string, unknown> = {}): Promise<Body> {
  const res = await call('POST', '/batches', { smiles, parameters: params(), ...extra });
  return expectResponse(res, '/batches', 'post', 200);
}

async function get(id: string): Promise<Body> {
  return (expectResponse(await call('GET', `/api/v2/batches/${id}`), ONE, 'get', 200) as Body).data;
}

function until(id: string, done: (b: Body) => boolean): Promise<Body> {
  return untilValue(`batch ${id}`, () => get(id), done);
}

describe('batch lifecycle API v2', () => {
  it('completes an open batch and shows it with its jobs, mapped as documented', async () => {
    const b = await create(['CCN', 'CXx', 'CCO'], {
      auto_complete: false,
      priority: 8,
      tags: ['campaign-7'],
    });
    const running = await until(
      dashed(b.id),
      (x) => x.jobs_count_per_status.PENDING + x.jobs_count_per_status.RUNNING === 0,
    );
    expect(running).toMatchObject({
      id: dashed(b.id),
      status: 'RUNNING',
      complete: false,
      open: true,
      priority: 8,
      queue_priority: 'HIGH',
      device_type: 'synroute_default',
      user_id: 'alice',
      tags: ['campaign-7'],
      configuration: b.parameters,
      jobs_count: 3,
    });
    expect(JSON.parse(running.sequence_builder)).toEqual(b.parameters);

    const res = await call('PATCH', `/api/v2/batches/${dashed(b.id)}/complete`);
    const done = (expectResponse(res, COMPLETE, 'patch', 200) as Body).data;
    expect(done).toMatchObject({ status: 'DONE', complete: true, open: false });
    expect(done.jobs_count_per_status).toEqual({
      PENDING: 0,
      RUNNING: 0,
      DONE: 2,
      ERROR: 1,
      CANCELED: 0,
    });
    expect(Date.parse(done.end_datetime)).toBeGreaterThan(0);
    // The jobs are the Retro v2 result's, in order, with the same UUIDs.
    const result = JSON.parse((await call('GET', `/batches/${b.id}/result`)).body) as Body[];
    expect(done.jobs.map((j: Body) => [j.id, j.variables.smiles, j.status])).toEqual([
      [dashed(result[0].job_id), 'CCN', 'DONE'],
      [dashed(result[1].job_id), 'CXx', 'ERROR'],
      [dashed(result[2].job_id), 'CCO', 'DONE'],
    ]);
    expect(done.jobs[1].errors).toEqual(['cannot read']);
    for (const [i, job] of done.jobs.entries())
      expect(job).toMatchObject({
        batch_id: done.id,
        project_id: done.project_id,
        creation_order: i + 1,
        runs: 1,
        progress: 100,
        queue_priority: 'HIGH',
      });
    // Completing again changes nothing; Retro v2 appends are closed.
    const again = await call('PATCH', `/api/v2/batches/${b.id}/complete`);
    expect((expectResponse(again, COMPLETE, 'patch', 200) as Body).data.status).toBe('DONE');
    expect((await call('PUT', `/batches/${b.id}`, { smiles: ['CCCC'] })).statusCode).toBe(409);
  });

  it('maps pending, paused, canceled and all-failed batches', async () => {
    const paused = await create(['C[Hang]', 'CCCCCN'], { priority: 1 });
    await call('PATCH', `/batches/${paused.id}/pause`);
    const p = await get(paused.id);
    expect(p).toMatchObject({ status: 'PAUSED', queue_priority: 'FREE' });
    expect(p.jobs.map((j: Body) => j.status)).toContain('PENDING');
    await call('PATCH', `/batches/${paused.id}/cancel`);
    expect(await get(paused.id)).toMatchObject({ status: 'CANCELED', complete: true });
    const conflict = await call('PATCH', `/api/v2/batches/${paused.id}/complete`);
    expect([conflict.statusCode, JSON.parse(conflict.body)]).toEqual([
      409,
      { detail: 'Cannot complete a canceled batch.' },
    ]);

    const failing = await create(['CXxC', 'CCXx'], { priority: 10 });
    const failed = await until(failing.id, (x) => x.status !== 'PENDING' && x.status !== 'RUNNING');
    expect(failed).toMatchObject({ status: 'ERROR', queue_priority: 'CRITICAL' });
  });

  it('shows one project per owner and keeps batches private', async () => {
    const mine = await get((await create(['CCCN'])).id);
    const again = await get((await create(['CCCCN'])).id);
    expect(mine.project_id).toBe(again.project_id);
    const bob = await call('GET', `/api/v2/batches/${mine.id}`, undefined, t.otherAuth);
    expect([bob.statusCode, JSON.parse(bob.body)]).toEqual([404, { detail: 'Batch not found.' }]);
  });

  it('answers 422 in its own shape for an id that is no UUID, 404 for an unknown one', async () => {
    for (const [method, url] of [
      ['PATCH', '/api/v2/batches/not-a-uuid/complete'],
      ['GET', '/api/v2/batches/bat_00000000001abcdefgh'],
    ]) {
      const res = await call(method, url);
      const body = expectResponse(
        res,
        method === 'GET' ? ONE : COMPLETE,
        method.toLowerCase(),
        422,
      );
      expect(body).toEqual({
        detail: [
          { loc: ['path', 'batch__id'], msg: 'value is not a valid uuid', type: 'type_error.uuid' },
        ],
      });
    }
    const unknown = await call(
      'PATCH',
      '/api/v2/batches/617853b3-fc8b-47c6-a060-9dcae9a860de/complete',
    );
    expect([unknown.statusCode, JSON.parse(unknown.body)]).toEqual([
      404,
      { detail: 'Batch not found.' },
    ]);
    const bad = await t.app.inject({
      method: 'PATCH',
      url: '/api/v2/batches/617853b3-fc8b-47c6-a060-9dcae9a860de/complete',
      headers: { ...t.auth, 'content-type': 'application/json' },
      payload: '{',
    });
    expect(bad.statusCode).toBe(422);
    expect(JSON.parse(bad.body).detail[0]).toMatchObject({ loc: ['body'] });
    const none = await call('GET', '/api/v2/nothing');
    expect([none.statusCode, JSON.parse(none.body)]).toEqual([404, { detail: 'Not Found' }]);
  });

  it('answers a body it cannot take in its own shape too (415)', async () => {
    const batch = await create(['CCN'], { auto_complete: false });
    const url = `/api/v2/batches/${batch.id}/complete`;
    for (const [type, payload, status] of [
      ['application/octet-stream', 'null', 415],
      ['application/xml', '<a/>', 415],
    ] as const) {
      const res = await t.app.inject({
        method: 'PATCH',
        url,
        headers: { ...t.auth, 'content-type': type },
        payload,
      });
      expect([res.statusCode, JSON.parse(res.body)], type).toEqual([
        status,
        { detail: expect.any(String) },
      ]);
    }
    // The batch is as it was.
    expect((await get(batch.id)).complete).toBe(false);
  });
});
