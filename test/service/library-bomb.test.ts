/**
 * A gzip bomb uploaded to the real server (a child process) is refused at the
 * inflated-size cap while /health keeps answering, and the server lives on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Body } from '../helpers/api.js';
import { gzipBomb } from '../helpers/gzip-bomb.js';
import { seedLibraries, ServerProcess, startServer } from '../helpers/server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'synroute-bomb-'));
let server: ServerProcess;

beforeAll(async () => {
  await seedLibraries(dataDir);
  server = await startServer(dataDir, {
    SYNROUTE_AUTH: 'off',
    SYNROUTE_WORKERS: '1',
    SYNROUTE_PLAN_WORKER: pathToFileURL(
      join(import.meta.dirname, '..', 'queue', 'fixtures', 'plan-worker.mjs'),
    ).href,
  });
});

afterAll(async () => {
  await server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

function upload(content: Buffer, filename: string): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([content]), filename);
  return fetch(`${server.url}/libraries`, { method: 'POST', body: form });
}

describe('library upload limits on a running server', () => {
  it('refuses a 400 MB gzip bomb with 413 and keeps answering /health', async () => {
    const bomb = await gzipBomb(400);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    let pending = true;
    let healthyWhilePending = 0;
    const answer = upload(bomb, 'bomb.smi.gz').finally(() => (pending = false));
    while (pending) {
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      if (pending) healthyWhilePending++;
    }
    const res = await answer;
    const body = (await res.json()) as Body;
    expect(res.status, JSON.stringify(body)).toBe(413);
    expect(body.error).toMatchObject({ code: 'library_too_large' });
    expect(body.error.message).toMatch(/256 MB once decompressed/);
    // The API answered while the bomb was being inflated, and is still there.
    expect(healthyWhilePending).toBeGreaterThan(2);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect(server.child.exitCode).toBeNull();
    // A normal upload still imports.
    const ok = await upload(Buffer.from('CCO\nc1ccccc1N\n'), 'ok.smi');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ size: 2 });
  });
});
