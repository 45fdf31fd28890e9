/**
 * Service hardening seen from a client: single-user mode serves local names
 * only and refuses cross-site writes (DNS rebinding, cross-site forms);
 * security headers; /health notices an unwritable data directory; the
 * database is readable by its user only.
 */
import { mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceConfig } from '../../src/api/config.js';
import { plainHttpWarning } from '../../src/api/server.js';
import { openSqliteStore } from '../../src/store/sqlite/store.js';
import { params, startTestApp, TestApp } from '../helpers/api.js';
import { BACKEND } from '../helpers/backend.js';
import { untilValue } from '../helpers/wait.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ runWorkers: false });
});
afterAll(() => t.close());

describe('security headers', () => {
  it('forbids sniffing and framing everywhere, and gives /docs a strict policy', async () => {
    for (const url of [
      '/jobs',
      '/health',
      '/docs',
      '/docs/static/swagger-initializer.js',
      '/',
      '/nope',
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: t.auth });
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(String(res.headers['content-security-policy']), url).toContain(
        "frame-ancestors 'none'",
      );
    }
    const docs = await t.app.inject({ method: 'GET', url: '/docs' });
    expect(docs.statusCode).toBe(200);
    const csp = String(docs.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https:|unsafe-eval/);
    const api = await t.app.inject({ method: 'GET', url: '/jobs', headers: t.auth });
    expect(api.headers['content-security-policy']).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
  });
});

describe('security headers of event streams', () => {
  it('are sent too, though a stream writes its own head', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/batches',
      headers: t.auth,
      payload: { smiles: ['CCN'], parameters: params() },
    });
    const { id } = JSON.parse(created.body);
    const res = await t.app.inject({
      url: `/batches/${id}/events`,
      headers: t.auth,
      payloadAsStream: true,
    });
    res.stream().destroy();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
  });
});

describe('health', () => {
  it('reports degraded while the data directory cannot be written', async () => {
    const own = await startTestApp({ runWorkers: false });
    try {
      const health = async () =>
        JSON.parse((await own.app.inject({ method: 'GET', url: '/health' })).body);
      expect(await health()).toMatchObject({ status: 'ok', data_dir: 'writable' });
      // The volume goes away (a file stands where the directory was): writes fail.
      renameSync(own.dataDir, `${own.dataDir}.gone`);
      writeFileSync(own.dataDir, '');
      const h = await untilValue('health to degrade', health, (x) => x.status === 'degraded', {
        intervalMs: 100,
      });
      expect(h.data_dir).toBe('unwritable');
    } finally {
      rmSync(own.dataDir, { force: true });
      renameSync(`${own.dataDir}.gone`, own.dataDir);
      await own.close();
    }
  });
});

describe('file permissions', () => {
  it.skipIf(BACKEND !== 'sqlite')(
    'creates the data directory 0700 and the database files 0600',
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'synroute-perm-'));
      try {
        const dir = join(root, 'data');
        const store = openSqliteStore(join(dir, 'synroute.db'));
        await store.insertToken({
          id: 'tok_1',
          name: 'a',
          owner: 'a',
          created: 1,
          revoked: false,
          expires: null,
          admin: false,
          hash: 'h',
        });
        const mode = (p: string) => statSync(p).mode & 0o777;
        expect(mode(dir)).toBe(0o700);
        for (const f of ['synroute.db', 'synroute.db-wal', 'synroute.db-shm'])
          expect(mode(join(dir, f)), f).toBe(0o600);
        await store.close();
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  );
});

describe('single-user mode (no tokens)', () => {
  let local: TestApp;
  beforeAll(async () => {
    local = await startTestApp({
      auth: false,
      runWorkers: false,
      host: '127.0.0.1',
      allowedHosts: ['lab-box'],
    });
  });
  afterAll(() => local.close());

  const get = (host: string) =>
    local.app.inject({ method: 'GET', url: '/jobs', headers: { host } });
  const post = (headers: Record<string, string>) =>
    local.app.inject({
      method: 'POST',
      url: '/jobs',
      headers: { host: '127.0.0.1:8080', ...headers },
      payload: { query: 'CCN', parameters: params() },
    });

  it('serves loopback names and allowed hosts only (a rebound name gets 403)', async () => {
    for (const host of ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080', 'localhost', 'lab-box'])
      expect((await get(host)).statusCode, host).toBe(200);
    for (const host of ['evil.example:8080', 'evil.example', '127.0.0.1.evil.example']) {
      const res = await get(host);
      expect(res.statusCode, host).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({
        status: 'error',
        status_code: 403,
        error: { code: 'forbidden' },
      });
    }
  });

  it('refuses state-changing requests from other sites, accepts same-site ones', async () => {
    const crossSite: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'http://localhost.evil.example:8080' },
    ];
    for (const headers of crossSite) {
      const res = await post(headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(JSON.parse(res.body).error.code).toBe('forbidden');
    }
    const sameSite: Record<string, string>[] = [
      {},
      { origin: 'http://127.0.0.1:8080', 'sec-fetch-site': 'same-origin' },
      { origin: 'http://localhost:8080' },
    ];
    for (const headers of sameSite)
      expect((await post(headers)).statusCode, JSON.stringify(headers)).toBe(200);
  });
});

describe('TLS in front', () => {
  it('warns when serving plain HTTP beyond loopback without a proxy declared', () => {
    expect(plainHttpWarning('127.0.0.1', undefined)).toBeUndefined();
    expect(plainHttpWarning('0.0.0.0', undefined)).toMatch(/plain HTTP.*TLS reverse proxy/);
    const behind = serviceConfig(
      { host: '0.0.0.0' },
      { SYNROUTE_TRUST_PROXY: '10.0.0.2,10.0.0.3' },
    );
    expect(behind.trustProxy).toEqual(['10.0.0.2', '10.0.0.3']);
    expect(plainHttpWarning(behind.host, behind.trustProxy)).toBeUndefined();
  });
});
