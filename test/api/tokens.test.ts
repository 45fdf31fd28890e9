/**
 * Tokens: expiry, the admin role and its token API, and event streams that
 * end when their token is revoked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/api/auth.js';
import { Body, expectSchema, params, startTestApp, TestApp } from '../helpers/api.js';
import { readEvents } from '../helpers/receivers.js';
import { until } from '../helpers/wait.js';

let t: TestApp;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await startTestApp({ eventsPollMs: 20 });
  const { token } = await createToken(t.app.synroute.store, { name: 'root', admin: true });
  admin = { authorization: `Bearer ${token}` };
});
afterAll(() => t.close());

const call = (method: string, url: string, headers: Record<string, string>, payload?: object) =>
  t.app.inject({ method: method as 'GET', url, headers, payload });

describe('token expiry', () => {
  it('refuses an expired token with 401', async () => {
    const store = t.app.synroute.store;
    const soon = await createToken(store, { name: 'temp', expiresInMs: 60_000 });
    const auth = { authorization: `Bearer ${soon.token}` };
    expect((await call('GET', '/jobs', auth)).statusCode).toBe(200);
    const gone = await createToken(store, { name: 'old', expiresInMs: 1 });
    await until('the end of its 1 ms lifetime', () => Date.now() > gone.record.expires!);
    const res = await call('GET', '/jobs', { authorization: `Bearer ${gone.token}` });
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body).error).toMatchObject({
      code: 'unauthorized',
      message: 'Expired token.',
    });
  });
});

describe('token API (admin tokens)', () => {
  it('lists, creates and revokes tokens; other tokens get 403', async () => {
    for (const [method, url] of [
      ['GET', '/tokens'],
      ['POST', '/tokens'],
      ['DELETE', '/tokens/tok_x'],
    ]) {
      const res = await call(method, url, t.auth, method === 'POST' ? { name: 'x' } : undefined);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(JSON.parse(res.body).error.code).toBe('forbidden');
    }
    const created = await call('POST', '/tokens', admin, {
      name: 'carol-ci',
      owner: 'carol',
      expires_in: '30d',
    });
    expect(created.statusCode, created.body).toBe(201);
    const body = JSON.parse(created.body) as Body;
    expectSchema(body, 'CreatedToken');
    expect(body).toMatchObject({ name: 'carol-ci', owner: 'carol', admin: false, revoked: false });
    const days = (Date.parse(body.expires) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    const carol = { authorization: `Bearer ${body.token}` };
    expect((await call('GET', '/jobs', carol)).statusCode).toBe(200);

    const list = JSON.parse((await call('GET', '/tokens', admin)).body) as Body;
    expectSchema(list, 'TokenList');
    expect(list.tokens.find((x: Body) => x.id === body.id)).not.toHaveProperty('token');
    expect(JSON.stringify(list)).not.toContain(body.token);

    expect((await call('DELETE', `/tokens/${body.id}`, admin)).statusCode).toBe(204);
    expect((await call('GET', '/jobs', carol)).statusCode).toBe(401);
    expect((await call('DELETE', `/tokens/${body.id}`, admin)).statusCode).toBe(404);
    const bad = await call('POST', '/tokens', admin, { name: 'a b', expires_in: 'soon' });
    expect(bad.statusCode).toBe(422);
  });

  it('answers 404 to token ids that cannot exist (a NUL, odd characters)', async () => {
    for (const id of ['%00', 'tok_%00x', '%C3%A9', 'a%20b']) {
      const res = await call('DELETE', `/tokens/${id}`, admin);
      expect([res.statusCode, res.body], id).toEqual([404, 'null']);
    }
  });

  it('documents the token API under its own tag', async () => {
    const doc = JSON.parse((await call('GET', '/openapi.json', {})).body) as Body;
    expect(doc.tags.map((x: Body) => x.name)).toContain('Tokens');
    for (const [path, method] of [
      ['/tokens', 'get'],
      ['/tokens', 'post'],
      ['/tokens/{token_id}', 'delete'],
    ])
      expect(doc.paths[path][method].tags, `${method} ${path}`).toEqual(['Tokens']);
  });
});

describe('event streams', () => {
  it('end once their token is revoked', async () => {
    const store = t.app.synroute.store;
    const { token, record } = await createToken(store, { name: 'watcher', owner: 'alice' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/batches',
      headers: t.auth,
      payload: { smiles: ['C[Hang]N'], parameters: params() },
    });
    const batch = JSON.parse(res.body) as Body;
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const stream = await fetch(`${address}/batches/${batch.id}/events?token=${token}`);
    expect(stream.status).toBe(200);
    const events = readEvents(stream, 15_000);
    await store.revokeToken(record.id);
    const seen = await events;
    expect(seen.at(-1)?.event).toBe('unauthorized');
    await t.app.inject({ method: 'DELETE', url: `/batches/${batch.id}`, headers: t.auth });
  });
});
