/**
 * The batch lifecycle through the API: open batches and PATCH complete,
 * cancel, pause and resume, priorities, tags, job status `canceled`, the
 * event stream, and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Body,
  expectResponse,
  expectSchema,
  FakeRunner,
  params,
  startTestApp,
  TestApp,
} from '../helpers/api.js';
import { openEvents, readEvents } from '../helpers/receivers.js';
import { until as waitFor, untilValue } from '../helpers/wait.js';

let t: TestApp;
let runner: FakeRunner;
let url: string;
beforeAll(async () => {
  // One slot: the order in which jobs start is the claim order.
  runner = new FakeRunner(1, 15);
  t = await startTestApp({ runner, eventsPollMs: 20 });
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => t.close());

async function call(method: string, path: string, payload?: object, headers = t.auth) {
  return t.app.inject({ method: method as 'GET', url: path, headers, payload });
}

async function create(smiles: string[], extra: Record<string, unknown> = {}): Promise<Body> {
  const res = await call('POST', '/batches', { smiles, parameters: params(), ...extra });
  return expectResponse(res, '/batches', 'post', 200);
}

async function patch(id: string, action: string, status = 200): Promise<Body> {
  const res = await call('PATCH', `/batches/${id}/${action}`);
  expect(res.statusCode, res.body).toBe(status);
  const body = JSON.parse(res.body) as Body;
  if (status === 200) expectSchema(body, 'BatchResource');
  return body;
}

async function batch(id: string): Promise<Body> {
  return expectResponse(await call('GET', `/batches/${id}`), '/batches/{batch_id}', 'get', 200);
}

function until(id: string, done: (b: Body) => boolean, what: string): Promise<Body> {
  return untilValue(`batch ${id}: ${what}`, () => batch(id), done);
}

describe('batch lifecycle', () => {
  it('creates batches as before: auto-completing, open, default priority, no tags', async () => {
    const b = await create(['CCN']);
    expect(b).toMatchObject({
      status: expect.stringMatching(/submitted|processing/),
      open: true,
      auto_complete: true,
      paused: false,
      priority: 5,
      tags: [],
      webhook: null,
    });
    const done = await until(b.id, (x) => x.status === 'completed', 'completion');
    expect(done.jobs_count_per_status).toEqual({
      submitted: 0,
      processing: 0,
      completed: 1,
      failed: 0,
      canceled: 0,
    });
    // The Retro v2 clients' view is unchanged, and appends still work after completion.
    const status = await call('GET', `/batches/${b.id}/status`);
    expect(expectResponse(status, '/batches/{batch_id}/status', 'get', 200)).toEqual({
      status: 'completed',
      number_of_jobs: 1,
      completed_jobs: 1,
    });
    const put = await call('PUT', `/batches/${b.id}`, { smiles: ['CCCN'] });
    expect(expectResponse(put, '/batches/{batch_id}', 'put', 200)).toMatchObject({
      number_of_jobs: 2,
    });
  });

  it('keeps an open batch (auto_complete false) processing until PATCH complete, then refuses PUT', async () => {
    const b = await create(['NC'], { auto_complete: false });
    await until(b.id, (x) => x.jobs_count_per_status.completed === 1, 'first job');
    expect((await batch(b.id)).status).toBe('processing');
    const status = await call('GET', `/batches/${b.id}/status`);
    expect(JSON.parse(status.body)).toMatchObject({ status: 'processing', completed_jobs: 1 });
    await call('PUT', `/batches/${b.id}`, { smiles: ['NCC'] });
    const closed = await patch(b.id, 'complete');
    expect(closed.open).toBe(false);
    const put = await call('PUT', `/batches/${b.id}`, { smiles: ['NCCC'] });
    expect(put.statusCode).toBe(409);
    expect(put.body).toBe('null');
    const done = await until(b.id, (x) => x.status === 'completed', 'completion');
    expect(done.number_of_jobs).toBe(2);
    expect(done.completed_at).toEqual(expect.any(String));
    await patch(b.id, 'complete');
    expect((await patch(b.id, 'cancel', 409)).error.code).toBe('conflict');
  });

  it('cancels queued and running jobs and keeps finished results', async () => {
    const b = await create(['CCNC', 'C[Hang]1', 'C[Hang]2', 'C[Hang]3']);
    await until(
      b.id,
      (x) => x.jobs_count_per_status.completed === 1 && x.jobs_count_per_status.processing === 1,
      'a running job',
    );
    const canceled = await patch(b.id, 'cancel');
    expect(canceled).toMatchObject({
      status: 'canceled',
      open: false,
      jobs_count_per_status: { completed: 1, canceled: 3, processing: 0, submitted: 0 },
    });
    // The hung job's worker is stopped, not left running until its time limit.
    await waitFor(
      'the canceled job to stop running',
      () => t.app.synroute.dispatcher!.inFlight === 0,
      {
        timeoutMs: 5_000,
      },
    );
    const status = JSON.parse((await call('GET', `/batches/${b.id}/status`)).body) as Body;
    // Retro v2 clients polling /status stop: nothing more will happen to the batch.
    expect(status).toEqual({ status: 'completed', number_of_jobs: 4, completed_jobs: 4 });
    const result = expectResponse(
      await call('GET', `/batches/${b.id}/result`),
      '/batches/{batch_id}/result',
      'get',
      200,
    ) as Body[];
    expect(result.map((r) => [r.smiles, r.status, r.completed])).toEqual([
      ['CCNC', 'completed', true],
      ['C[Hang]1', 'canceled', true],
      ['C[Hang]2', 'canceled', true],
      ['C[Hang]3', 'canceled', true],
    ]);
    const kept = await call('GET', `/jobs/${result[0].job_id}`);
    expect((expectResponse(kept, '/jobs/{job_id}', 'get', 200) as Body).routes).toHaveLength(1);
    const job = await call('GET', `/jobs/${result[1].job_id}`);
    expect((expectResponse(job, '/jobs/{job_id}', 'get', 200) as Body).status).toBe('canceled');
    expect((await call('PUT', `/batches/${b.id}`, { smiles: ['N'] })).statusCode).toBe(409);
    await patch(b.id, 'cancel');
    await patch(b.id, 'resume', 409);
    await patch(b.id, 'complete', 409);
  });

  it('does not start the queued jobs of a paused batch until it is resumed', async () => {
    const smiles = Array.from({ length: 8 }, (_, i) => `CN${i}`);
    const b = await create(smiles);
    const paused = await patch(b.id, 'pause');
    expect(paused).toMatchObject({ paused: true });
    // Claims go to higher priorities first: once a lower-priority batch created after the
    // pause has run, the dispatcher has passed every point where it would have started
    // the paused batch's queued jobs.
    const lower = await create(['CNL'], { priority: 1 });
    await until(lower.id, (x) => x.status === 'completed', 'a lower-priority batch');
    const still = await batch(b.id);
    expect(still.status).toBe('paused');
    // At most the job already running when it was paused has finished.
    expect(still.jobs_count_per_status.completed).toBeLessThanOrEqual(1);
    expect(still.jobs_count_per_status.submitted).toBeGreaterThanOrEqual(7);
    expect((await patch(b.id, 'resume')).paused).toBe(false);
    await until(b.id, (x) => x.status === 'completed', 'completion after resume');
  });

  it('starts the jobs of higher-priority batches first', async () => {
    await create(['NCl0'], { tags: ['gate'] });
    const low = await create(['NBr1', 'NBr2', 'NBr3'], { priority: 1 });
    const high = await create(['NI1', 'NI2', 'NI3'], { priority: 10 });
    expect([low.priority, high.priority]).toEqual([1, 10]);
    await until(low.id, (x) => x.status === 'completed', 'low-priority batch');
    const order = runner.calls.filter((s) => /^N(Br|I)/.test(s));
    // The low batch may have got the free slot before the high one existed; never after.
    const firstHigh = order.indexOf('NI1');
    expect(order.slice(firstHigh)).toEqual(['NI1', 'NI2', 'NI3', ...order.slice(firstHigh + 3)]);
    expect(order.slice(firstHigh + 3).every((s) => s.startsWith('NBr'))).toBe(true);
    expect(firstHigh).toBeLessThanOrEqual(1);
  });

  it('filters the batch list by tag', async () => {
    const a = await create(['CCl'], { tags: ['campaign-7', 'x'] });
    const b = await create(['CBr'], { tags: ['campaign-7'] });
    const list = async (query: string) =>
      (
        expectResponse(await call('GET', `/batches?${query}`), '/batches', 'get', 200) as Body
      ).data.map((x: Body) => x.id);
    expect(await list('tag=campaign-7')).toEqual([a.id, b.id]);
    expect(await list('tag=campaign-7&tag=x')).toEqual([a.id]);
    expect(await list('tag=nothing')).toEqual([]);
    const other = await call('GET', '/batches?tag=campaign-7', undefined, t.otherAuth);
    expect(JSON.parse(other.body).data).toEqual([]);
  });

  it('accepts PATCH with a JSON content type and no body', async () => {
    const b = await create(['CI'], { auto_complete: false });
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/batches/${b.id}/complete`,
      headers: { ...t.auth, 'content-type': 'application/json' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const rotate = await fetch(`${url}/webhook-secret`, {
      method: 'POST',
      headers: { ...t.auth, 'content-type': 'application/json' },
    });
    expect(rotate.status).toBe(200);
  });

  it('answers 404 for batches of other owners and unknown ones', async () => {
    const b = await create(['CF']);
    for (const action of ['complete', 'cancel', 'pause', 'resume']) {
      const res = await call('PATCH', `/batches/${b.id}/${action}`, undefined, t.otherAuth);
      expect(res.statusCode).toBe(404);
    }
    expect((await call('PATCH', '/batches/bat_nope/cancel')).statusCode).toBe(404);
    expect((await call('GET', '/batches/bat_nope/events')).statusCode).toBe(404);
  });
});

describe('bad input', () => {
  const cases: [string, Record<string, unknown>, (string | number)[], string][] = [
    ['priority above 10', { priority: 11 }, ['body', 'priority'], 'less_than_equal'],
    ['priority below 1', { priority: 0 }, ['body', 'priority'], 'greater_than_equal'],
    ['a fractional priority', { priority: 2.5 }, ['body', 'priority'], 'int_type'],
    ['a tag with spaces', { tags: ['a b'] }, ['body', 'tags', 0], 'string_pattern_mismatch'],
    [
      'too many tags',
      { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
      ['body', 'tags'],
      'too_long',
    ],
    [
      'a webhook that is not http',
      { webhook: 'ftp://example.org/x' },
      ['body', 'webhook'],
      'string_pattern_mismatch',
    ],
    ['a webhook without a host', { webhook: 'http://' }, ['body', 'webhook'], 'url_invalid'],
    [
      'a webhook with credentials',
      { webhook: 'https://u:p@example.org/' },
      ['body', 'webhook'],
      'url_invalid',
    ],
    [
      'auto_complete that is not boolean',
      { auto_complete: 'maybe' },
      ['body', 'auto_complete'],
      'bool_type',
    ],
  ];
  for (const [what, extra, location, type] of cases)
    it(`refuses ${what} with 422`, async () => {
      const res = await call('POST', '/batches', {
        smiles: ['CC'],
        parameters: params(),
        ...extra,
      });
      const body = expectResponse(res, '/batches', 'post', 422) as Body;
      expect(body.error.details).toContainEqual(
        expect.objectContaining({ location, error_type: type }),
      );
    });

  it('refuses a bad tag filter and a bad batch id on PATCH with 422', async () => {
    const list = await call('GET', '/batches?tag=a%20b');
    expect(list.statusCode).toBe(422);
    const res = await call('PATCH', '/batches/bad-id!/cancel');
    expect(res.statusCode).toBe(422);
    expect(JSON.parse(res.body).error.details[0].location).toEqual(['path', 'batch_id']);
  });
});

describe('event stream', () => {
  it('streams counts as they change and ends with the completion (bearer token)', async () => {
    const b = await create(['CNC1', 'CNC2', 'CNC3'], { auto_complete: false });
    const res = await fetch(`${url}/batches/${b.id}/events`, { headers: t.auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reading = readEvents(res);
    await until(b.id, (x) => x.jobs_count_per_status.completed === 3, 'jobs done');
    await patch(b.id, 'complete');
    const events = await reading;
    const names = events.map((e) => e.event);
    expect(names.at(-1)).toBe('completed');
    expect(names.slice(0, -1).every((n) => n === 'status')).toBe(true);
    const data = events.map((e) => JSON.parse(e.data) as Body);
    for (const d of data) expectSchema(d, 'BatchEvent');
    // Counts only grow, and each status event differs from the one before.
    const done = data.map((d) => d.completed_jobs);
    expect(done).toEqual([...done].sort((x, y) => x - y));
    expect(new Set(events.slice(0, -1).map((e) => e.data)).size).toBe(events.length - 1);
    expect(data.at(-1)).toMatchObject({ status: 'completed', completed_jobs: 3, open: false });
    expect(data.some((d) => d.status === 'processing' && d.open)).toBe(true);
  });

  it('accepts ?token= on the stream only, and ends with cancel', async () => {
    const b = await create(['C[Hang]X'], { auto_complete: false });
    const noToken = await fetch(`${url}/batches/${b.id}/events`);
    expect(noToken.status).toBe(401);
    const res = await fetch(`${url}/batches/${b.id}/events?token=${t.token}`);
    expect(res.status).toBe(200);
    const stream = openEvents(res);
    // The stream is open once its first event (the current state) arrived.
    expect((await stream.next()).event).toBe('status');
    await patch(b.id, 'cancel');
    const events = await stream.rest();
    expect(events.at(-1)!.event).toBe('canceled');
    expect(JSON.parse(events.at(-1)!.data)).toMatchObject({
      status: 'canceled',
      jobs_count_per_status: { canceled: 1 },
    });
    // Elsewhere the query token is not a credential.
    expect((await fetch(`${url}/batches/${b.id}?token=${t.token}`)).status).toBe(401);
    // The ApiToken-v1 header form works on every route.
    const v1 = await fetch(`${url}/batches/${b.id}`, {
      headers: { authorization: `ApiToken-v1 ${t.token}` },
    });
    expect(v1.status).toBe(200);
  });

  it('ends at once for a finished batch, and with `deleted` when the batch is deleted', async () => {
    const b = await create(['NCN']);
    await until(b.id, (x) => x.status === 'completed', 'completion');
    const events = await readEvents(
      await fetch(`${url}/batches/${b.id}/events`, { headers: t.auth }),
    );
    expect(events.map((e) => e.event)).toEqual(['status', 'completed']);

    const open = await create(['NCCN'], { auto_complete: false });
    const res = await fetch(`${url}/batches/${open.id}/events`, { headers: t.auth });
    const stream = openEvents(res);
    expect((await stream.next()).event).toBe('status');
    await call('DELETE', `/batches/${open.id}`);
    expect((await stream.rest()).at(-1)!.event).toBe('deleted');
  });
});

describe('openapi', () => {
  it('documents the lifecycle additions', async () => {
    const doc = JSON.parse((await call('GET', '/openapi.json')).body) as Body;
    for (const action of ['complete', 'cancel', 'pause', 'resume'])
      expect(doc.paths[`/batches/{batch_id}/${action}`].patch).toBeDefined();
    expect(doc.paths['/batches/{batch_id}/events'].get).toBeDefined();
    expect(doc.paths['/webhook-secret'].post).toBeDefined();
    expect(doc.components.schemas.BatchResource.properties.jobs_count_per_status).toBeDefined();
    expect(doc.components.schemas.JobResource.properties.status.enum).toContain('canceled');
    expect(doc.paths['/batches'].get.parameters.map((p: Body) => p.name)).toContain('tag');
  });
});
