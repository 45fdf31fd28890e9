/**
 * Webhooks: signed events received by an HTTP server on loopback, retries
 * with backoff after a failing receiver, giving up, the secret and its
 * rotation, and deliveries that survive a restart of the service.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { createToken } from '../../src/api/auth.js';
import { verifySignature } from '../../src/api/webhooks/signing.js';
import {
  Body,
  expectSchema,
  fakeEngines,
  fakeLibraries,
  FakeRunner,
  params,
  startTestApp,
  TestApp,
} from '../helpers/api.js';
import { startHoldingReceiver, startReceiver, WebhookReceiver } from '../helpers/receivers.js';
import { untilValue } from '../helpers/wait.js';

const fast = {
  pollMs: 30,
  baseDelayMs: 60,
  maxDelayMs: 400,
  timeoutMs: 2_000,
  // The receivers run on loopback, which the webhook policy refuses by default.
  allowCidrs: ['127.0.0.0/8'],
};

let t: TestApp;
const receivers: WebhookReceiver[] = [];
beforeAll(async () => {
  t = await startTestApp({ webhooks: { ...fast, maxAgeMs: 1_500 } });
});
afterAll(async () => {
  await t.close();
  for (const r of receivers) await r.close();
});

async function receiver(statuses?: number[], port?: number): Promise<WebhookReceiver> {
  const r = await startReceiver(statuses, port);
  receivers.push(r);
  return r;
}

async function create(smiles: string[], extra: Record<string, unknown>, app = t): Promise<Body> {
  const res = await app.app.inject({
    method: 'POST',
    url: '/batches',
    headers: app.auth,
    payload: { smiles, parameters: params(), ...extra },
  });
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body);
}

async function get(path: string, app = t): Promise<Body> {
  const res = await app.app.inject({ method: 'GET', url: path, headers: app.auth });
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body);
}

function deliveriesWhen(id: string, done: (d: Body[]) => boolean, app = t): Promise<Body[]> {
  return untilValue(
    `deliveries of ${id} to settle`,
    async () => (await get(`/batches/${id}`, app)).webhook_deliveries as Body[],
    done,
  );
}

describe('webhooks', () => {
  it('POSTs a signed completion event that verifies with the owner secret', async () => {
    const hook = await receiver();
    const batch = await create(['CCN', 'CCO'], { webhook: hook.url, tags: ['w'] });
    const [req] = await hook.received(1);
    const { secret } = await get('/webhook-secret');
    expect(secret).toMatch(/^whsec_/);
    // What a receiver does: HMAC-SHA256 of the raw body with the secret, hex, compared.
    const expected = `sha256=${createHmac('sha256', secret).update(req.body).digest('hex')}`;
    expect(req.headers['x-synroute-signature']).toBe(expected);
    expect(verifySignature(secret, req.body, expected)).toBe(true);
    expect(verifySignature('wrong', req.body, expected)).toBe(false);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-synroute-event']).toBe('batch.completed');
    const event = JSON.parse(req.body.toString('utf8')) as Body;
    expectSchema(event, 'WebhookEvent');
    expect(event).toMatchObject({
      type: 'batch.completed',
      id: req.headers['x-synroute-delivery'],
      data: {
        batch: {
          id: batch.id,
          status: 'completed',
          number_of_jobs: 2,
          jobs_count_per_status: { completed: 2 },
          tags: ['w'],
        },
      },
    });
    const [delivery] = await deliveriesWhen(batch.id, (d) => d[0]?.state === 'delivered');
    expectSchema(delivery, 'WebhookDelivery');
    expect(delivery.attempts).toMatchObject([{ status_code: 204, error: null }]);
  });

  it('sends a canceled event when the batch is canceled', async () => {
    const hook = await receiver();
    const batch = await create(['C[Hang]W'], { webhook: hook.url });
    await t.app.inject({ method: 'PATCH', url: `/batches/${batch.id}/cancel`, headers: t.auth });
    const [req] = await hook.received(1);
    expect(req.headers['x-synroute-event']).toBe('batch.canceled');
    expect(JSON.parse(req.body.toString())).toMatchObject({
      type: 'batch.canceled',
      data: { batch: { status: 'canceled', jobs_count_per_status: { canceled: 1 } } },
    });
  });

  it('retries with growing delays after failures and records every attempt', async () => {
    const hook = await receiver([500, 503, 200]);
    const batch = await create(['CCCN'], { webhook: hook.url });
    const requests = await hook.received(3);
    const gaps = [requests[1].at - requests[0].at, requests[2].at - requests[1].at];
    expect(gaps[0]).toBeGreaterThanOrEqual(fast.baseDelayMs - 5);
    expect(gaps[1]).toBeGreaterThanOrEqual(2 * fast.baseDelayMs - 5);
    // The same signed bytes every time.
    expect(new Set(requests.map((r) => r.body.toString())).size).toBe(1);
    const [d] = await deliveriesWhen(batch.id, (x) => x[0]?.state === 'delivered');
    expect(d.attempts.map((a: Body) => [a.status_code, a.error])).toEqual([
      [500, 'HTTP 500'],
      [503, 'HTTP 503'],
      [200, null],
    ]);
  });

  it('gives up once the event is older than the retry window', async () => {
    const hook = await receiver([500]);
    const batch = await create(['CCCCN'], { webhook: hook.url });
    const [d] = await deliveriesWhen(batch.id, (x) => x[0]?.state === 'failed');
    expect(d.attempts.length).toBeGreaterThanOrEqual(3);
    expect(d.next_attempt).toBeNull();
    const settled = hook.requests.length;
    // A later event delivered by the same sender: it has claimed due events since the
    // failure was recorded, and the given-up one was not among them.
    const later = await receiver();
    await create(['CCCCCN'], { webhook: later.url });
    await later.received(1);
    expect(hook.requests.length).toBe(settled);
    expect((await deliveriesWhen(batch.id, () => true))[0]).toMatchObject({
      state: 'failed',
      next_attempt: null,
    });
  });

  it('signs with the new secret after a rotation', async () => {
    const before = await get('/webhook-secret');
    const res = await t.app.inject({ method: 'POST', url: '/webhook-secret', headers: t.auth });
    const rotated = JSON.parse(res.body) as Body;
    expectSchema(rotated, 'WebhookSecret');
    expect(rotated.secret).not.toBe(before.secret);
    expect((await get('/webhook-secret')).secret).toBe(rotated.secret);
    const other = await t.app.inject({
      method: 'GET',
      url: '/webhook-secret',
      headers: t.otherAuth,
    });
    expect(JSON.parse(other.body).secret).not.toBe(rotated.secret);
    const hook = await receiver();
    await create(['NCCCCC'], { webhook: hook.url });
    const [req] = await hook.received(1);
    expect(
      verifySignature(rotated.secret, req.body, String(req.headers['x-synroute-signature'])),
    ).toBe(true);
  });
});

describe('webhook secrets at rest', () => {
  it('are stored encrypted under a key file readable by the service only', async () => {
    const store = t.app.synroute.store;
    const { secret } = await get('/webhook-secret');
    const stored = await store.getWebhookSecret('alice');
    expect(stored!.secret).toMatch(/^v1:/);
    expect(stored!.secret).not.toContain(secret.slice(6));
    expect(statSync(join(t.dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    // A secret an older version stored in plain text still works, and is sealed once read.
    await store.setWebhookSecret('dave', { secret: 'whsec_legacy', created: 1 });
    const { token } = await createToken(store, { name: 'dave' });
    const dave = { ...t, auth: { authorization: `Bearer ${token}` } };
    expect((await get('/webhook-secret', dave)).secret).toBe('whsec_legacy');
    expect((await store.getWebhookSecret('dave'))!.secret).toMatch(/^v1:/);
    expect((await get('/webhook-secret', dave)).secret).toBe('whsec_legacy');
  });
});

describe('webhook fairness', () => {
  it("delivers one owner's event while another owner's slow receivers hold their slots", async () => {
    // Long timeouts: a slow receiver keeps its slot until the test releases it.
    const app = await startTestApp({
      webhooks: { ...fast, timeoutMs: 60_000, concurrency: 4, perOwner: 2 },
    });
    const slow = await startHoldingReceiver();
    const quick = await receiver();
    try {
      const first = { ...t, app: app.app, auth: app.auth };
      const batches: Body[] = [];
      for (const smiles of ['CN', 'CCN', 'CCCN', 'CCCCN'])
        batches.push(await create([smiles], { webhook: slow.url }, first));
      for (const b of batches) await deliveriesWhen(b.id, (d) => d.length === 1, first);
      await slow.received(2);
      // Alice's four events are all due, two are held by her slow receiver; bob's goes through.
      const second = { ...first, auth: app.otherAuth };
      await create(['NC=O'], { webhook: quick.url }, second);
      await quick.received(1, 5_000);
      expect(slow.held()).toBe(2);
      slow.release();
      await slow.received(4);
    } finally {
      slow.release();
      await slow.close();
      await app.close();
    }
  });
});

describe('webhook durability', () => {
  it('delivers an event queued before a restart once the service is back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'synroute-webhook-'));
    const start = () =>
      buildApp({
        dataDir,
        // This file's database on the PostgreSQL run (see test/setup/postgres-file.ts).
        databaseUrl: process.env.DATABASE_URL || undefined,
        runner: new FakeRunner(),
        engines: fakeEngines,
        libraries: fakeLibraries(),
        dispatcher: { pollMs: 50 },
        webhooks: { ...fast, baseDelayMs: 200, maxAgeMs: 60_000 },
      });
    try {
      // A receiver that is down: connections are refused.
      const probe = await startReceiver();
      const port = Number(new URL(probe.url).port);
      await probe.close();
      let app = await start();
      await app.ready();
      const { token } = await createToken(app.synroute.store, { name: 'carol' });
      const first: TestApp = { ...t, app, auth: { authorization: `Bearer ${token}` } };
      const batch = await create(['NCCN'], { webhook: `http://127.0.0.1:${port}/hook` }, first);
      const failed = await deliveriesWhen(batch.id, (d) => d[0]?.attempts.length >= 1, first);
      expect(failed[0]).toMatchObject({ state: 'pending' });
      expect(failed[0].attempts[0]).toMatchObject({ status_code: null });
      expect(failed[0].attempts[0].error).toBe('connection refused');
      await app.close();

      const hook = await receiver([200], port);
      app = await start();
      await app.ready();
      const second: TestApp = { ...first, app };
      const [req] = await hook.received(1);
      expect(JSON.parse(req.body.toString())).toMatchObject({ data: { batch: { id: batch.id } } });
      const [d] = await deliveriesWhen(batch.id, (x) => x[0]?.state === 'delivered', second);
      expect(d.attempts.at(-1)).toMatchObject({ status_code: 200 });
      await app.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
