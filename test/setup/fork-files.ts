/**
 * Per test file: appends "pid path" to the run's log (its main process is
 * this process's parent), so that fork-exits.ts can name the file a dying
 * test process was running.
 */
import { appendFileSync } from 'node:fs';
import { expect } from 'vitest';
import { forkFilesLog } from './fork-log.js';

appendFileSync(forkFilesLog(process.ppid), `${process.pid} ${expect.getState().testPath}\n`);
