/** `synroute tokens ...` and `synroute serve` refusals, through the built CLI. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { runCli } from '../helpers/cli.js';
import { fakeEngines, fakeLibraries } from '../helpers/api.js';

const dataDir = mkdtempSync(join(tmpdir(), 'synroute-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('synroute tokens', () => {
  it('creates a token shown once, lists tokens without secrets, revokes them', async () => {
    const created = await runCli(['tokens', 'create', '--name', 'carol', '--data-dir', dataDir]);
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^srt_[\w-]{43}$/);
    expect(created.stderr).toMatch(/owner carol/);

    const app = await buildApp({
      dataDir,
      // The database the CLI used: this file's on the PostgreSQL run.
      databaseUrl: process.env.DATABASE_URL || undefined,
      runWorkers: false,
      engines: fakeEngines,
      libraries: fakeLibraries(),
    });
    try {
      const ask = () =>
        app.inject({ method: 'GET', url: '/jobs', headers: { authorization: `Bearer ${token}` } });
      expect((await ask()).statusCode).toBe(200);

      const listed = await runCli(['tokens', 'list', '--json', '--data-dir', dataDir]);
      const tokens = JSON.parse(listed.stdout) as { id: string; name: string }[];
      expect(tokens).toEqual([
        expect.objectContaining({ name: 'carol', owner: 'carol', revoked: false }),
      ]);
      expect(listed.stdout).not.toContain(token);

      const revoked = await runCli(['tokens', 'revoke', tokens[0].id, '--data-dir', dataDir]);
      expect(revoked.code).toBe(0);
      expect((await ask()).statusCode).toBe(401);
      const again = await runCli(['tokens', 'revoke', tokens[0].id, '--data-dir', dataDir]);
      expect(again.code).toBe(2);
    } finally {
      await app.close();
    }
  });

  it('creates admin tokens and tokens that expire', async () => {
    const created = await runCli([
      'tokens',
      'create',
      '--name',
      'ops',
      '--admin',
      '--expires-in',
      '30d',
      '--data-dir',
      dataDir,
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toMatch(/^admin token .* expires 20/);
    const listed = await runCli(['tokens', 'list', '--json', '--data-dir', dataDir]);
    const ops = (
      JSON.parse(listed.stdout) as { name: string; admin: boolean; expires: number }[]
    ).find((x) => x.name === 'ops')!;
    expect(ops.admin).toBe(true);
    expect((ops.expires - Date.now()) / 86_400_000).toBeCloseTo(30, 1);
    const bad = await runCli([
      'tokens',
      'create',
      '--name',
      'x',
      '--expires-in',
      'soon',
      '--data-dir',
      dataDir,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--expires-in/);
  });

  it('rejects a bad token name in one line', async () => {
    const res = await runCli(['tokens', 'create', '--name', 'a b', '--data-dir', dataDir]);
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('synroute serve', () => {
  it('refuses single-user mode on a non-loopback address', async () => {
    const res = await runCli(['serve', '--host', '0.0.0.0', '--data-dir', dataDir], {
      env: { SYNROUTE_AUTH: 'off' },
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/loopback/);
  });

  it('reports a bad setting without a stack trace', async () => {
    const res = await runCli(['serve', '--data-dir', dataDir], {
      env: { SYNROUTE_MAX_PROCESSING_TIME: 'soon' },
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/SYNROUTE_MAX_PROCESSING_TIME/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('synroute worker', () => {
  it('needs the PostgreSQL database the API uses', async () => {
    const res = await runCli(['worker', '--data-dir', dataDir], { env: { DATABASE_URL: '' } });
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toBe(
      'synroute: synroute worker needs the PostgreSQL database the API uses: --database-url or DATABASE_URL',
    );
  });

  it('refuses a database URL that is not PostgreSQL, and a bad thread count', async () => {
    const url = await runCli(['worker', '--database-url', 'mysql://db/synroute']);
    expect(url.code).toBe(2);
    expect(url.stderr).toMatch(/postgres:\/\/ or postgresql:\/\//);
    const threads = await runCli(['worker', '--threads', '0']);
    expect(threads.code).not.toBe(0);
    expect(threads.stderr).toMatch(/--threads.*positive integer/);
  });
});
