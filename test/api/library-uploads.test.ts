/**
 * Library uploads from untrusted hands: limits on the decompressed size, the
 * rows and the import thread's memory and time answer 413/422 and leave the
 * API serving; temporary files never outlive the request.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/api/app.js';
import { Body, params, startTestApp, TestApp } from '../helpers/api.js';
import { until } from '../helpers/wait.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** An app importing through the real registry (no bundled libraries, no planning). */
async function realApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  t = await startTestApp({
    libraries: undefined,
    bundledLibraries: false,
    runWorkers: false,
    ...overrides,
  });
  return t;
}

function multipart(
  file: { name: string; content: Buffer | string },
  fields: Record<string, string> = {},
  extraFiles = 0,
) {
  const boundary = '----synroute-upload';
  const head = Object.entries(fields)
    .map(([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  const extra = Array.from(
    { length: extraFiles },
    (_, i) =>
      `--${boundary}\r\ncontent-disposition: form-data; name="file${i}"; filename="x${i}.smi"\r\n\r\nCCO\r\n`,
  ).join('');
  return {
    payload: Buffer.concat([
      Buffer.from(
        `${head}--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.from(file.content),
      Buffer.from(`\r\n${extra}--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function upload(
  app: TestApp,
  file: { name: string; content: Buffer | string },
  fields: Record<string, string> = {},
  extraFiles = 0,
) {
  const form = multipart(file, fields, extraFiles);
  const res = await app.app.inject({
    method: 'POST',
    url: '/libraries',
    headers: { ...app.auth, ...form.headers },
    payload: form.payload,
  });
  return { status: res.statusCode, body: JSON.parse(res.body) as Body };
}

async function expectServing(app: TestApp): Promise<void> {
  expect((await app.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  const ok = await upload(app, { name: 'ok.smi', content: 'CCO\nc1ccccc1N\n' });
  expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  expect(ok.body).toMatchObject({ size: 2 });
}

/** `n` distinct small SMILES, one per line. */
function smilesLines(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`${'C'.repeat(1 + (i % 20))}O id${i}`);
  return `${out.join('\n')}\n`;
}

describe('library upload limits', () => {
  it('refuses a file larger than the inflated-size cap once decompressed (413)', async () => {
    const app = await realApp({ libraryImport: { maxInflatedBytes: 1024 * 1024 } });
    const big = gzipSync(Buffer.alloc(2 * 1024 * 1024, '\n'));
    const res = await upload(app, { name: 'big.smi.gz', content: big });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'library_too_large' });
    expect(res.body.error.message).toMatch(/larger than 1 MB once decompressed/);
    // Not compressed but over the cap: refused the same way.
    const plain = await upload(app, { name: 'plain.smi', content: smilesLines(100_000) });
    expect(plain.status).toBe(413);
    await expectServing(app);
  });

  it('refuses more rows than the row cap (413), SMILES and CSV alike', async () => {
    const app = await realApp({ libraryImport: { maxRows: 10 } });
    const smi = await upload(app, { name: 'rows.smi', content: smilesLines(11) });
    expect(smi.status).toBe(413);
    expect(smi.body.error.message).toMatch(/more than 10 rows/);
    const csv = await upload(app, { name: 'rows.csv', content: `smiles\n${smilesLines(11)}` });
    expect(csv.status).toBe(413);
    expect((await upload(app, { name: 'ten.smi', content: smilesLines(10) })).status).toBe(200);
  });

  it('stops an import that needs more memory than its thread may have (422)', async () => {
    const app = await realApp({ libraryImport: { memoryMb: 16 } });
    // Half a million rows: well over 16 MB of row objects, under the size and row caps.
    const res = await upload(app, {
      name: 'heavy.smi.gz',
      content: gzipSync(smilesLines(500_000)),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error.details[0]).toMatchObject({
      location: ['body', 'file'],
      error_type: 'import_out_of_memory',
    });
    expect(res.body.error.details[0].message).toMatch(/more than 16 MB of memory/);
    expect(
      (await app.app.inject({ method: 'GET', url: '/libraries', headers: app.auth })).body,
    ).not.toContain('heavy');
  });

  it('stops an import that takes longer than the time limit (422)', async () => {
    // 1 ms: the thread cannot even load before it is stopped.
    const app = await realApp({ libraryImport: { timeoutMs: 1 } });
    const res = await upload(app, { name: 'slow.smi', content: 'CCO\n' });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0]).toMatchObject({ error_type: 'import_timeout' });
  });
});

function uploadsLeft(app: { dataDir: string }): string[] {
  const dir = join(app.dataDir, 'uploads');
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe('malformed multipart bodies', () => {
  it('answer 422 in the error envelope (not 500) and leave no file behind', async () => {
    const app = await realApp();
    const form = multipart({ name: 'a.smi', content: 'CCO\nc1ccccc1N\n' }, { name: 'lib' });
    const text = form.payload.toString();
    const cases: [string, string, Record<string, string>][] = [
      ['cut in the file', text.slice(0, text.indexOf('CCO') + 5), form.headers],
      ['cut in a field', text.slice(0, text.indexOf('\r\n\r\nlib') + 6), form.headers],
      [
        'without its closing boundary',
        text.slice(0, text.lastIndexOf('------synroute')),
        form.headers,
      ],
      ['without a boundary', text, { 'content-type': 'multipart/form-data' }],
      [
        'with a boundary of 300 characters',
        text.replaceAll('----synroute-upload', 'b'.repeat(300)),
        { 'content-type': `multipart/form-data; boundary=${'b'.repeat(300)}` },
      ],
    ];
    for (const [what, payload, headers] of cases) {
      const res = await app.app.inject({
        method: 'POST',
        url: '/libraries',
        headers: { ...app.auth, ...headers },
        payload,
      });
      expect(res.statusCode, `${what}: ${res.body}`).toBe(422);
      expect(JSON.parse(res.body), what).toMatchObject({
        status_code: 422,
        error: {
          code: 'validation_error',
          details: [{ location: ['body'], error_type: 'multipart_invalid' }],
        },
      });
      expect(uploadsLeft(app), what).toEqual([]);
    }
    await expectServing(app);
  });
});

describe('upload temporary files', () => {
  it('are removed when the file is over the upload limit (413)', async () => {
    const app = await realApp({ uploadLimitBytes: 1024 });
    const res = await upload(app, { name: 'big.smi', content: smilesLines(1000) });
    expect(res.status).toBe(413);
    expect(uploadsLeft(app)).toEqual([]);
  });

  it('are removed when there are too many files or fields (413)', async () => {
    const app = await realApp();
    const files = await upload(app, { name: 'a.smi', content: 'CCO\n' }, {}, 1);
    expect(files.status).toBe(413);
    const manyFields = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}`, 'x']));
    // Fields after the file, so the file is already on disk when the limit is hit.
    const form = multipart({ name: 'b.smi', content: 'CCO\n' });
    const tail = Object.entries(manyFields)
      .map(
        ([k, v]) =>
          `------synroute-upload\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
      )
      .join('');
    const payload = Buffer.from(
      form.payload
        .toString()
        .replace('------synroute-upload--\r\n', `${tail}------synroute-upload--\r\n`),
    );
    const fields = await app.app.inject({
      method: 'POST',
      url: '/libraries',
      headers: { ...app.auth, ...form.headers },
      payload,
    });
    expect(fields.statusCode).toBe(413);
    expect(uploadsLeft(app)).toEqual([]);
  });

  it('are removed when the client goes away in the middle of the file', async () => {
    const app = await realApp();
    await app.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.app.server.address() as { port: number };
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const head = `--x\r\ncontent-disposition: form-data; name="file"; filename="a.smi"\r\n\r\n`;
    socket.write(
      `POST /libraries HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: ${app.auth.authorization}\r\n` +
        `content-type: multipart/form-data; boundary=x\r\ncontent-length: 10000000\r\n\r\n${head}${'CCO\n'.repeat(5000)}`,
    );
    await until('the upload to reach the disk', () => uploadsLeft(app).length > 0);
    socket.destroy();
    await until('the partial upload to be removed', () => uploadsLeft(app).length === 0);
  });

  it('do not depend on the length of the file name (300 characters imports)', async () => {
    const app = await realApp();
    const name = `${'n'.repeat(300)}.smi`;
    const res = await upload(app, { name, content: 'CCO\nc1ccccc1N\n' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ size: 2 });
    expect(uploadsLeft(app)).toEqual([]);
  });

  it('left by a crashed server are swept at start', async () => {
    const first = await realApp();
    const dir = join(first.dataDir, 'uploads');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'abc123-left-behind.smi'), 'CCO\n');
    const again = await startTestApp({
      dataDir: first.dataDir,
      libraries: undefined,
      bundledLibraries: false,
      runWorkers: false,
    });
    try {
      expect(uploadsLeft(first)).toEqual([]);
    } finally {
      await again.close();
    }
  });
});

describe('a library deleted while another owner looks', () => {
  it('is never shown or lent to them as public in between', async () => {
    const app = await realApp();
    const made = await upload(app, { name: 'mine.smi', content: 'CCO\nc1ccccc1N\n' });
    expect(made.status).toBe(200);
    const id = made.body.id as string;
    // The owner deletes it between the moment another owner's request finds its file and the
    // moment that request asks whose it is (what two requests in flight at once can do).
    const store = app.app.synroute.store;
    const libraryOwner = store.libraryOwner.bind(store);
    let deleted = false;
    store.libraryOwner = async (asked: string) => {
      if (asked === id && !deleted) {
        deleted = true;
        const del = await app.app.inject({
          method: 'DELETE',
          url: `/libraries/${id}`,
          headers: app.auth,
        });
        expect(del.statusCode).toBe(200);
      }
      return libraryOwner(asked);
    };
    const list = await app.app.inject({ url: '/libraries', headers: app.otherAuth });
    expect(list.body).not.toContain(id);

    const again = await upload(app, { name: 'mine.smi', content: 'CCO\nc1ccccc1N\n' });
    const other = again.body.id as string;
    deleted = false;
    store.libraryOwner = async (asked: string) => {
      if (asked === other && !deleted) {
        deleted = true;
        await app.app.inject({ method: 'DELETE', url: `/libraries/${other}`, headers: app.auth });
      }
      return libraryOwner(asked);
    };
    const job = await app.app.inject({
      method: 'POST',
      url: '/jobs',
      headers: app.otherAuth,
      payload: { query: 'CCNC', parameters: params({ building_block_libraries: [other] }) },
    });
    expect(job.statusCode, job.body).toBe(422);
    expect(JSON.parse(job.body).error.details[0]).toMatchObject({ error_type: 'unknown_library' });
  });
});
