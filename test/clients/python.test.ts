/**
 * The Python client (clients/python) against a real `synroute serve`: installed
 * with pip into a fresh virtual environment of Debian's python3 (as a user
 * would, but from the system's setuptools, without reaching a package index),
 * then its own unittest suite, example notebook included, runs against the
 * server. Planning is the queue's stand-in worker, so answers come at once.
 * Nothing is skipped: without python3 this test fails (.ci/run installs it).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { seedLibraries, ServerProcess, standInPlanner, startServer } from '../helpers/server.js';
import { repoRoot } from '../helpers/shared.js';

const run = promisify(execFile);
const PYTHON = process.env.SYNROUTE_PYTHON ?? '/usr/bin/python3';
const CLIENT = join(repoRoot, 'clients', 'python');

const dir = mkdtempSync(join(tmpdir(), 'synroute-python-'));
const venv = join(dir, 'venv');
let server: ServerProcess | undefined;
let token = '';

beforeAll(async () => {
  if (!existsSync(PYTHON))
    throw new Error(
      `python3 not found at ${PYTHON}: install Debian's python3 with python3-venv, python3-setuptools and python3-wheel (.ci/run does) or set SYNROUTE_PYTHON`,
    );
  const dataDir = join(dir, 'data');
  await seedLibraries(dataDir);
  token = (await runCli(['tokens', 'create', '--name', 'py', '--data-dir', dataDir])).stdout.trim();
  server = await startServer(dataDir, standInPlanner(20));
  await run(PYTHON, ['-m', 'venv', '--system-site-packages', venv]);
  // From a copy: setuptools writes build/ and *.egg-info next to the sources it builds.
  const source = join(dir, 'client');
  cpSync(CLIENT, source, { recursive: true });
  await run(
    join(venv, 'bin', 'python'),
    ['-m', 'pip', 'install', '--no-build-isolation', '--no-index', '--no-deps', source],
    { env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' } },
  );
}, 180_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Python client', () => {
  it('installs with pip and passes its tests against a running server', async () => {
    // Run from outside the checkout, so that the installed package is the one imported.
    const result = await run(
      join(venv, 'bin', 'python'),
      ['-m', 'unittest', 'discover', '-v', '-s', join(CLIENT, 'tests')],
      {
        cwd: dir,
        env: {
          ...process.env,
          SYNROUTE_URL: server!.url,
          SYNROUTE_TOKEN: token,
          SYNROUTE_CONFIG: join(dir, 'no-login.json'),
        },
      },
    ).catch((e: { stdout: string; stderr: string }) => {
      throw new Error(`python client tests failed:\n${e.stderr}\n${e.stdout}`);
    });
    const report = result.stderr;
    expect(report).toMatch(/^Ran 7 tests in [\d.]+s\n\nOK\n$/m);
    expect(report).not.toMatch(/skip/i);
    const installed = await run(
      join(venv, 'bin', 'python'),
      ['-c', 'import synroute_client; print(synroute_client.__file__)'],
      { cwd: dir },
    );
    expect(installed.stdout).toContain(join(venv, 'lib'));
  }, 180_000);
});
