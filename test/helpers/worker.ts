/**
 * The real `synroute worker` in a child process (from dist/, which npm test
 * builds first), for tests of planning workers on a shared PostgreSQL queue.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cliPath } from './cli.js';
import { until } from './wait.js';

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** The worker id it announced (host:pid:random), as stored in jobs.worker. */
  id: string;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  signal(name: NodeJS.Signals): void;
  /** SIGTERM (drain) and wait for the exit. */
  stop(): Promise<number | null>;
  /** SIGKILL (kill -9) and wait for the exit. */
  kill(): Promise<number | null>;
}

/** Starts `synroute worker` and waits for its "worker started" log line. */
export async function startWorker(
  dataDir: string,
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<WorkerProcess> {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} missing: run npm run build`);
  const child = spawn(process.execPath, [cliPath, 'worker', '--data-dir', dataDir, ...args], {
    env: { ...process.env, SYNROUTE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let id: string;
  try {
    id = await until(
      'the worker to start',
      () => {
        if (child.exitCode !== null) throw new Error(`worker exited: ${output}`);
        return startedId(output);
      },
      { timeoutMs: 60_000, intervalMs: 50, context: () => output },
    );
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    child,
    pid: child.pid!,
    id,
    output: () => output,
    exited,
    signal: (name) => void child.kill(name),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}

function startedId(output: string): string | undefined {
  for (const line of output.split('\n')) {
    if (!line.includes('"worker started"')) continue;
    try {
      return (JSON.parse(line) as { worker: string }).worker;
    } catch {
      // a partial line: read again later
    }
  }
  return undefined;
}
