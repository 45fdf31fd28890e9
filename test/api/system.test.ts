import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { specDocument } from '../../src/api/openapi.js';
import { LibraryRegistry } from '../../src/stock/registry.js';
import {
  Body,
  expectResponse,
  expectSchema,
  fakeEngines,
  params,
  startTestApp,
  TestApp,
} from '../helpers/api.js';
import { until } from '../helpers/wait.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

function multipart(fields: Record<string, string>, file?: { name: string; content: string }) {
  const boundary = '----synroute-test';
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  if (file)
    parts.push(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: application/octet-stream\r\n\r\n${file.content}\r\n`,
    );
  return {
    payload: `${parts.join('')}--${boundary}--\r\n`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('system endpoints', () => {
  it('serves /health and Prometheus /metrics without a token', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expectSchema(JSON.parse(health.body), 'Health');
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    for (const name of [
      'synroute_queue_depth',
      'synroute_jobs{status="completed"}',
      'synroute_planning_seconds_bucket',
    ])
      expect(metrics.body).toContain(name);
  });

  it('counts planning time and finished jobs in /metrics', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/jobs',
      headers: t.auth,
      payload: { query: 'CCNC', parameters: params() },
    });
    const id = (JSON.parse(res.body) as Body).id;
    await until(`job ${id} to complete`, async () => {
      const job = await t.app.inject({ method: 'GET', url: `/jobs/${id}`, headers: t.auth });
      return (JSON.parse(job.body) as Body).status === 'completed';
    });
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/synroute_jobs_finished_total\{outcome="completed"\} [1-9]/);
    expect(metrics.body).toMatch(/synroute_planning_seconds_count [1-9]/);
  });

  it('serves the OpenAPI document: every spec path and schema plus the additions', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    const doc = JSON.parse(res.body) as Body;
    for (const [path, ops] of Object.entries(specDocument.paths))
      for (const method of Object.keys(ops)) expect(doc.paths[path][method]).toBeDefined();
    for (const name of Object.keys(specDocument.components.schemas))
      expect(doc.components.schemas[name]).toEqual(specDocument.components.schemas[name]);
    for (const path of [
      '/engines',
      '/engines/{engine_id}',
      '/libraries',
      '/libraries/{library_id}',
    ])
      expect(doc.paths[path]).toBeDefined();
    expect(doc.components.securitySchemes.bearer).toMatchObject({ scheme: 'bearer' });
  });

  it('serves interactive docs from local assets only', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger');
    expect(page.body).not.toMatch(/(src|href)="https?:\/\//);
    const init = await t.app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(init.statusCode).toBe(200);
    // The UI loads the document from this server and asks no public validator or CDN.
    expect(init.body).toContain("url: resolveUrl('./json')");
    expect(init.body).toContain('"validatorUrl":null');
    expect(init.body).not.toMatch(/validator\.swagger\.io|petstore|unpkg|jsdelivr|cdnjs/);
    const spec = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect((JSON.parse(spec.body) as Body).paths['/jobs']).toBeDefined();
  });

  it('never puts stack traces in error answers', async () => {
    const broken = await startTestApp({ runWorkers: false });
    try {
      broken.app.synroute.store.listJobs = async () => {
        throw new Error('disk on fire\n    at secret (/srv/app.js:1:1)');
      };
      const res = await broken.app.inject({ method: 'GET', url: '/jobs', headers: broken.auth });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain('disk on fire');
      expect(res.body).not.toContain('at secret');
      expectSchema(JSON.parse(res.body), 'ErrorContent');
    } finally {
      await broken.close();
    }
  });
});

describe('engines', () => {
  it('lists engines and retrieves one; unknown ids answer 404 null', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/engines', headers: t.auth });
    const body = JSON.parse(list.body) as Body;
    expectSchema(body, 'ResourceList_EngineResource_');
    expect(body.data[0]).toMatchObject({ id: 'synroute_default', default: true });
    const one = await t.app.inject({
      method: 'GET',
      url: '/engines/synroute_default',
      headers: t.auth,
    });
    expectSchema(JSON.parse(one.body), 'EngineResource');
    const none = await t.app.inject({ method: 'GET', url: '/engines/nope', headers: t.auth });
    expect([none.statusCode, none.body]).toEqual([404, 'null']);
    const anon = await t.app.inject({ method: 'GET', url: '/engines' });
    expect(anon.statusCode).toBe(401);
  });
});

describe('libraries', () => {
  it('uploads a private library that only its owner sees and can use', async () => {
    const upload = multipart(
      { name: 'My blocks', provider: 'acme' },
      { name: 'blocks.smi', content: 'CCO\nCCN\n' },
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/libraries',
      headers: { ...t.auth, ...upload.headers },
      payload: upload.payload,
    });
    expect(res.statusCode, res.body).toBe(200);
    const lib = JSON.parse(res.body) as Body;
    expectSchema(lib, 'LibraryResource');
    expect(lib).toMatchObject({ object: 'library', name: 'My blocks', visibility: 'private' });

    const mine = await t.app.inject({ method: 'GET', url: '/libraries', headers: t.auth });
    const theirs = await t.app.inject({ method: 'GET', url: '/libraries', headers: t.otherAuth });
    expectSchema(JSON.parse(mine.body), 'ResourceList_LibraryResource_');
    const idsOf = (r: typeof mine) => (JSON.parse(r.body) as Body).data.map((l: Body) => l.id);
    expect(idsOf(mine)).toEqual(expect.arrayContaining(['default', lib.id]));
    expect(idsOf(theirs)).toEqual(['default']);
    const peek = await t.app.inject({
      method: 'GET',
      url: `/libraries/${lib.id}`,
      headers: t.otherAuth,
    });
    expect([peek.statusCode, peek.body]).toEqual([404, 'null']);

    const use = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/jobs',
        headers,
        payload: { query: 'CCOC', parameters: params({ building_block_libraries: [lib.id] }) },
      });
    expect((await use(t.auth)).statusCode).toBe(200);
    const refused = await use(t.otherAuth);
    expect(refused.statusCode).toBe(422);
    expect((JSON.parse(refused.body) as Body).error.message).toContain(lib.id);

    const steal = await t.app.inject({
      method: 'DELETE',
      url: `/libraries/${lib.id}`,
      headers: t.otherAuth,
    });
    expect(steal.statusCode).toBe(404);
    const pub = await t.app.inject({
      method: 'DELETE',
      url: '/libraries/default',
      headers: t.auth,
    });
    expect(pub.statusCode).toBe(403);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/libraries/${lib.id}`,
      headers: t.auth,
    });
    expect(del.statusCode).toBe(200);
  });

  it('rejects an upload without a file or with bad fields (422)', async () => {
    const upload = multipart({ provider: 'not ok!' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/libraries',
      headers: { ...t.auth, ...upload.headers },
      payload: upload.payload,
    });
    const body = expectResponse(res, '/jobs', 'post', 422) as Body;
    expect(body.error.details.map((d: Body) => d.location.join('.'))).toEqual([
      'body.file',
      'body.provider',
    ]);
  });

  it('imports an uploaded file through the real registry', async () => {
    const real = await startTestApp({
      libraries: undefined,
      bundledLibraries: false,
      runWorkers: false,
    });
    try {
      const upload = multipart(
        {},
        { name: 'stock.smi', content: 'CCO\nc1ccccc1N\nnot_a_smiles\n' },
      );
      const res = await real.app.inject({
        method: 'POST',
        url: '/libraries',
        headers: { ...real.auth, ...upload.headers },
        payload: upload.payload,
      });
      expect(res.statusCode, res.body).toBe(200);
      const lib = JSON.parse(res.body) as Body;
      expect(lib).toMatchObject({
        size: 2,
        name: 'stock.smi',
        import_report: { rows: 3, invalid: 1 },
      });
      expect(new LibraryRegistry(real.dataDir).get(lib.id)?.size).toBe(2);
    } finally {
      await real.close();
    }
  });
});

describe('single-user mode', () => {
  it('needs no token, and is refused on a non-loopback address', async () => {
    const local = await startTestApp({ auth: false, runWorkers: false, host: '127.0.0.1' });
    try {
      const res = await local.app.inject({ method: 'GET', url: '/jobs' });
      expect(res.statusCode).toBe(200);
    } finally {
      await local.close();
    }
    await expect(
      buildApp({ dataDir: '/nonexistent', auth: false, host: '0.0.0.0', engines: fakeEngines }),
    ).rejects.toThrow(/loopback/);
  });
});
