/**
 * The real `synroute serve` in a child process (from dist/, which npm test
 * builds first), for tests that crash or restart the server.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LibraryRegistry } from '../../src/stock/registry.js';
import { cliPath } from './cli.js';
import { repoRoot } from './shared.js';
import { until } from './wait.js';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL (kill -9) and wait for the exit. */
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Copies the bundled building-block libraries into a data directory. They are
 * built once into test-artifacts/ (about 10 s) so each server start is fast.
 */
export async function seedLibraries(dataDir: string): Promise<void> {
  const cache = join(repoRoot, 'test-artifacts', 'bundled-libraries');
  await new LibraryRegistry(cache).ensureBundled();
  mkdirSync(dataDir, { recursive: true });
  cpSync(join(cache, 'libraries'), join(dataDir, 'libraries'), { recursive: true });
}

/**
 * Server settings that plan with the queue's stand-in worker (test/queue/fixtures):
 * answers come after `planMs`, one route for every target containing N.
 */
export function standInPlanner(planMs: number): Record<string, string> {
  return {
    SYNROUTE_PLAN_WORKER: pathToFileURL(
      join(repoRoot, 'test', 'queue', 'fixtures', 'plan-worker.mjs'),
    ).href,
    SYNROUTE_WORKERS: '2',
    FAKE_PLAN_MS: String(planMs),
  };
}

export async function startServer(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} missing: run npm run build`);
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [cliPath, 'serve', '--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir],
    {
      env: { ...process.env, SYNROUTE_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const healthy = async () => {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      return (await fetch(`${url}/health`)).ok;
    } catch {
      return false; // not listening yet
    }
  };
  try {
    await until('the server to start', healthy, {
      timeoutMs: 60_000,
      intervalMs: 100,
      context: () => output,
    });
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
