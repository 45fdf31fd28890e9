/**
 * One `synroute serve` per data directory (with the embedded store): a second
 * server would take the first one's running jobs for abandoned ones and run
 * them again. The lock is a file holding the owner's pid and host; a file
 * left by a process that is gone is taken over.
 */
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { otherProcessAlive } from './process.js';

export class DataDirLockedError extends Error {}

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

export const LOCK_FILE = 'serve.lock';

/** Takes the data directory's lock; call the returned function to give it back. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
    }
    const owner = readOwner(path);
    if (owner && (owner.host !== me.host || otherProcessAlive(owner.pid)))
      throw new DataDirLockedError(
        `the data directory ${dataDir} is in use by another synroute serve (pid ${owner.pid} on ${owner.host}, since ${owner.since}); stop it or choose another --data-dir` +
          (owner.host !== me.host ? ` (if that server is gone, remove ${path})` : ''),
      );
    // Left by a server that is gone (or unreadable, half-written): take it over.
    rmSync(path, { force: true });
  }
  return () => {
    if (readOwner(path)?.pid === me.pid) rmSync(path, { force: true });
  };
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' ? owner : undefined;
  } catch {
    return undefined;
  }
}
