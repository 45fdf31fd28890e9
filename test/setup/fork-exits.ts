/**
 * Names a test process that dies on its own. Vitest 4 reports such a death
 * only as "Worker exited unexpectedly", without the exit code, the signal or
 * the test file (CI saw one, once, that no local run reproduced). Every test
 * file records its process id and path (fork-files.ts); here, in the main
 * process, a test fork that exits other than by Vitest's own stop (SIGTERM)
 * is reported with its code or signal and the file it was running, when it
 * happens and again at the end of the run, next to Vitest's summary.
 */
import { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { forkFilesLog } from './fork-log.js';

const FORK_ENTRY = /vitest[\\/]dist[\\/]workers[\\/]forks/;

/** Set once per run, though each project runs its global setup. */
const INSTALLED = Symbol.for('synroute.forkExits');

export default function setup(): (() => void) | undefined {
  const state = globalThis as { [INSTALLED]?: boolean };
  if (state[INSTALLED]) return undefined;
  state[INSTALLED] = true;
  const log = forkFilesLog(process.pid);
  const deaths: string[] = [];
  const emit = ChildProcess.prototype.emit;
  ChildProcess.prototype.emit = function (this: ChildProcess, event: string, ...args: unknown[]) {
    if (event === 'exit' && isTestFork(this)) {
      const [code, signal] = args as [number | null, NodeJS.Signals | null];
      if (code !== 0 && signal !== 'SIGTERM') {
        const line = `test process ${this.pid} exited (code ${code}, signal ${signal}) while running ${lastFile(log, this.pid)}`;
        deaths.push(line);
        process.stderr.write(`\n${line}\n`);
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
  return () => {
    ChildProcess.prototype.emit = emit;
    state[INSTALLED] = false;
    if (deaths.length) process.stderr.write(`\n${deaths.join('\n')}\n`);
    rmSync(log, { force: true });
  };
}

function isTestFork(child: ChildProcess): boolean {
  return child.spawnargs.some((a) => FORK_ENTRY.test(a));
}

/** The last test file the process recorded. */
function lastFile(log: string, pid: number | undefined): string {
  if (!existsSync(log)) return 'an unknown file';
  const files = readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith(`${pid} `));
  return files.at(-1)?.slice(String(pid).length + 1) ?? 'an unknown file';
}
