/**
 * The outbound webhook policy: internal targets are refused when a batch is
 * submitted (literal addresses, localhost) and at delivery (names, after one
 * resolution), before any connection is made; the connection is pinned to the
 * checked address; failures are recorded as short summaries. Names resolve
 * through a stub (no real DNS), and the only receivers are on loopback: a
 * broken policy would connect to them, which the tests would see.
 */
import { createServer, Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { WebhookPolicy } from '../../src/api/webhooks/policy.js';
import type { Resolver } from '../../src/api/webhooks/transport.js';
import { Body, params, startTestApp, TestApp } from '../helpers/api.js';
import { startReceiver, WebhookReceiver } from '../helpers/receivers.js';
import { until } from '../helpers/wait.js';

const fast = { pollMs: 30, baseDelayMs: 60, maxDelayMs: 400, timeoutMs: 2_000, maxAgeMs: 60_000 };

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

async function app(webhooks: Record<string, unknown>): Promise<TestApp> {
  const t = await startTestApp({ webhooks: { ...fast, ...webhooks } });
  closers.push(() => t.close());
  return t;
}

async function receiver(statuses?: number[]): Promise<WebhookReceiver & { port: number }> {
  const r = await startReceiver(statuses);
  closers.push(() => r.close());
  return { ...r, port: Number(new URL(r.url).port) };
}

/** A stub resolver: each name answers from its list of answers, the last one repeating. */
function resolver(answers: Record<string, string[][]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    calls.push(host);
    const list = answers[host];
    if (!list) throw Object.assign(new Error(`stub: no ${host}`), { code: 'ENOTFOUND' });
    const n = calls.filter((c) => c === host).length;
    return list[Math.min(n - 1, list.length - 1)].map((address) => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
  };
  return Object.assign(resolve, { calls });
}

async function submit(t: TestApp, webhook: string, extra: Record<string, unknown> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/batches',
    headers: t.auth,
    payload: { smiles: ['CCN'], parameters: params(), webhook, ...extra },
  });
}

function settled(t: TestApp, id: string): Promise<Body> {
  return until(`delivery of ${id} to settle`, async () => {
    const res = await t.app.inject({ method: 'GET', url: `/batches/${id}`, headers: t.auth });
    const [d] = JSON.parse(res.body).webhook_deliveries as Body[];
    return d && d.state !== 'pending' ? d : undefined;
  });
}

describe('webhook targets refused at submission', () => {
  const internal = [
    'http://127.0.0.1/x',
    'http://127.1/x',
    'http://localhost:8080/x',
    'http://api.localhost/x',
    'http://0.0.0.0/x',
    'http://2130706433/x',
    'http://0x7f000001/x',
    'http://[::1]/x',
    'http://[::]/x',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/x',
    'http://172.16.5.4/x',
    'http://192.168.1.1/x',
    'http://100.64.0.1/x',
    'http://[fc00::1]/x',
    'http://[fe80::1]/x',
    'http://[::ffff:127.0.0.1]/x',
    'http://[::ffff:a9fe:a9fe]/x',
    'http://224.0.0.1/x',
  ];

  it('answers 422 for loopback, private, link-local and other internal literals', async () => {
    const t = await app({});
    for (const url of internal) {
      // auto_complete false: even if accepted, no event would be sent anywhere.
      const res = await submit(t, url, { auto_complete: false });
      expect(res.statusCode, url).toBe(422);
      expect(JSON.parse(res.body).error.details[0]).toMatchObject({
        location: ['body', 'webhook'],
        error_type: 'url_invalid',
      });
    }
    const ok = await submit(t, 'https://hooks.example.org/synroute', { auto_complete: false });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('opens private ranges with allowPrivate, link-local only with an allowed CIDR', () => {
    const open = new WebhookPolicy({ allowPrivate: true, allowCidrs: [] });
    for (const a of ['127.0.0.1', '10.1.2.3', '192.168.0.1', 'fd00::1', '::ffff:10.0.0.1'])
      expect(open.addressProblem(a), a).toBeUndefined();
    for (const a of ['169.254.169.254', 'fe80::1', '0.0.0.0', '224.0.0.1'])
      expect(open.addressProblem(a), a).toBeDefined();
    const listed = new WebhookPolicy({ allowPrivate: false, allowCidrs: ['10.20.0.0/16'] });
    expect(listed.addressProblem('10.20.3.4')).toBeUndefined();
    expect(listed.addressProblem('::ffff:10.20.3.4')).toBeUndefined();
    expect(listed.addressProblem('10.21.0.1')).toBeDefined();
    expect(listed.urlProblem('http://localhost/x')).toBeDefined();
    const closed = new WebhookPolicy({ allowPrivate: false, allowCidrs: [] });
    expect(closed.addressProblem('8.8.8.8')).toBeUndefined();
    expect(closed.addressProblem('2606:4700::1')).toBeUndefined();
    expect(() => new WebhookPolicy({ allowPrivate: false, allowCidrs: ['10.0.0.0/99'] })).toThrow(
      /CIDR/,
    );
  });
});

describe('webhook targets checked at delivery', () => {
  /** A TCP listener on loopback counting connections (a broken policy would connect here). */
  async function listener(): Promise<{ port: number; connections: () => number }> {
    let n = 0;
    const server: Server = createServer((socket) => {
      n++;
      socket.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => server.close(() => r())));
    return { port: (server.address() as AddressInfo).port, connections: () => n };
  }

  it('refuses a name that resolves to an internal address, before connecting', async () => {
    const target = await listener();
    const resolve = resolver({ 'intranet.test': [['127.0.0.1']] });
    const t = await app({ resolve });
    const res = await submit(t, `http://intranet.test:${target.port}/hook`);
    expect(res.statusCode, res.body).toBe(200);
    const d = await settled(t, JSON.parse(res.body).id);
    expect(d.state).toBe('failed');
    expect(d.attempts).toMatchObject([
      { status_code: null, error: 'refused: intranet.test is not a public address' },
    ]);
    expect(resolve.calls).toEqual(['intranet.test']);
    expect(target.connections()).toBe(0);
  });

  it('refuses an answer that mixes an allowed and an internal address', async () => {
    const target = await listener();
    const resolve = resolver({ 'mixed.test': [['127.0.0.1', '10.0.0.9']] });
    const t = await app({ resolve, allowCidrs: ['127.0.0.0/8'] });
    const res = await submit(t, `http://mixed.test:${target.port}/hook`);
    const d = await settled(t, JSON.parse(res.body).id);
    expect(d.attempts[0].error).toBe('refused: mixed.test is not a public address');
    expect(target.connections()).toBe(0);
  });

  it('connects to the address it checked, whatever a second lookup would answer', async () => {
    const hook = await receiver();
    // Rebinding: the first answer is allowed, any later one points elsewhere.
    const resolve = resolver({ 'hooks.test': [['127.0.0.1'], ['10.0.0.1']] });
    const t = await app({ resolve, allowCidrs: ['127.0.0.0/8'] });
    const res = await submit(t, `http://hooks.test:${hook.port}/hook?x=1`);
    const [req] = await hook.received(1);
    expect(req.headers.host).toBe(`hooks.test:${hook.port}`);
    expect((await settled(t, JSON.parse(res.body).id)).state).toBe('delivered');
    expect(resolve.calls).toEqual(['hooks.test']);
  });

  it('delivers to a loopback receiver only when the operator allows private targets', async () => {
    const hook = await receiver();
    const t = await app({ allowPrivate: true });
    const res = await submit(t, hook.url);
    expect(res.statusCode, res.body).toBe(200);
    await hook.received(1);
    expect((await settled(t, JSON.parse(res.body).id)).state).toBe('delivered');
  });

  it('records what failed as a short summary, never what answered', async () => {
    // A service that is not HTTP: its banner must not reach the delivery log.
    const banner: Server = createServer((socket) => {
      socket.resume();
      socket.end('SSH-2.0-OpenSSH_9.6 internal\r\n');
    });
    await new Promise<void>((r) => banner.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => banner.close(() => r())));
    const closed = await receiver();
    await closed.close();
    const t = await app({ allowCidrs: ['127.0.0.0/8'], maxAgeMs: 1 });
    const error = async (port: number) => {
      const res = await submit(t, `http://127.0.0.1:${port}/hook`);
      return (await settled(t, JSON.parse(res.body).id)).attempts[0].error;
    };
    expect(['connection reset', 'connection failed']).toContain(
      await error((banner.address() as AddressInfo).port),
    );
    expect(await error(closed.port)).toBe('connection refused');
  });
});
