/**
 * One `synroute serve` per data directory: a second one on the same directory
 * fails at once with a clear message, before it recovers or claims anything,
 * and the first server's running job is left alone. A lock left by a process
 * that is gone is taken over.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '../../src/util/data-dir-lock.js';
import type { Body } from '../helpers/api.js';
import { seedLibraries, ServerProcess, startServer } from '../helpers/server.js';
import { until } from '../helpers/wait.js';

const dirs: string[] = [];
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.kill();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'synroute-lock-'));
  dirs.push(dir);
  return dir;
}

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid as number;
}

describe('data-directory lock', () => {
  it('refuses a directory held by a live process and takes over a stale lock', () => {
    const dir = tempDir();
    const lock = join(dir, LOCK_FILE);
    // The test runner's parent process is alive.
    writeFileSync(lock, JSON.stringify({ pid: process.ppid, host: hostname(), since: 'then' }));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(
      new RegExp(`in use by another synroute serve \\(pid ${process.ppid}`),
    );
    writeFileSync(lock, JSON.stringify({ pid: deadPid(), host: hostname(), since: 'then' }));
    const unlock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    unlock();
    writeFileSync(lock, 'half-writ');
    lockDataDir(dir)();
  });

  it('stops a second server before it touches the first one running job', async () => {
    const dataDir = tempDir();
    await seedLibraries(dataDir);
    const env = {
      SYNROUTE_AUTH: 'off',
      SYNROUTE_WORKERS: '1',
      SYNROUTE_PLAN_WORKER: pathToFileURL(
        join(import.meta.dirname, '..', 'queue', 'fixtures', 'plan-worker.mjs'),
      ).href,
      FAKE_PLAN_MS: '600000',
    };
    const first = await startServer(dataDir, env);
    servers.push(first);
    const res = await fetch(`${first.url}/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'CCNC',
        parameters: {
          retrosynthesis_engine: 'synroute_default',
          building_block_libraries: ['default'],
        },
      }),
    });
    const job = (await res.json()) as Body;
    const status = async () =>
      ((await (await fetch(`${first.url}/jobs/${job.id}`)).json()) as Body).status;
    await until('the job to start', async () => (await status()) === 'processing', {
      timeoutMs: 20_000,
      intervalMs: 50,
    });
    let second: ServerProcess | undefined;
    const started = startServer(dataDir, env).then((s) => (second = s));
    await expect(started).rejects.toThrow(/data directory .* is in use by another synroute serve/);
    if (second) servers.push(second);
    // The first server still runs its job: nobody re-queued or claimed it.
    expect(await status()).toBe('processing');
    const detail = (await (await fetch(`${first.url}/jobs/${job.id}`)).json()) as Body;
    expect(detail.error ?? null).toBeNull();
  });
});
