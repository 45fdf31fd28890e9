/**
 * Imports of untrusted files (API uploads) in a thread of their own, with a
 * heap limit and a time limit: an upload that needs more memory or time than
 * allowed fails with ImportAbortedError, and the process that asked goes on.
 * One import runs at a time; later ones wait their turn.
 */
import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { siblingWorker } from '../util/paths.js';
import type { ImportOptions, ImportReport } from './import.js';
import type { ImportMessage, ImportTask } from './import-worker.js';
import { LibraryFormatError, LibraryTooLargeError, ReadLimits } from './readers.js';

export interface ImportLimits extends Required<ReadLimits> {
  /** Heap of the import thread, MB. */
  memoryMb: number;
  /** Wall-clock time an import may take, ms. */
  timeoutMs: number;
}

export const IMPORT_LIMIT_DEFAULTS: ImportLimits = {
  maxInflatedBytes: 256 * 1024 * 1024,
  maxRows: 5_000_000,
  memoryMb: 4096,
  timeoutMs: 3_600_000,
};

/** The import thread ran out of memory or time; nothing was written. */
export class ImportAbortedError extends Error {
  constructor(
    readonly reason: 'memory' | 'timeout' | 'crash',
    message: string,
  ) {
    super(message);
  }
}

export type Importer = (
  inputPath: string,
  outputPath: string,
  options: ImportOptions,
) => Promise<ImportReport>;

/** An importer that runs each import in a limited thread, one at a time. */
export function threadImporter(limits: ImportLimits): Importer {
  let queue: Promise<unknown> = Promise.resolve();
  return (inputPath, outputPath, options) => {
    const run = queue.then(() => importInThread(inputPath, outputPath, options, limits));
    queue = run.catch(() => undefined);
    return run;
  };
}

function importInThread(
  inputPath: string,
  outputPath: string,
  options: ImportOptions,
  limits: ImportLimits,
): Promise<ImportReport> {
  const { onProgress: _ignored, ...plain } = options;
  const task: ImportTask = {
    inputPath,
    outputPath,
    options: { ...plain, maxInflatedBytes: limits.maxInflatedBytes, maxRows: limits.maxRows },
  };
  const worker = new Worker(new URL(siblingWorker(import.meta.url, 'import-worker.js')), {
    workerData: task,
    resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
  });
  return new Promise<ImportReport>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const abort = (e: ImportAbortedError) =>
      settle(() => {
        removePartialOutput(outputPath);
        reject(e);
      });
    const timer = setTimeout(
      () =>
        abort(
          new ImportAbortedError(
            'timeout',
            `The import took longer than ${Math.round(limits.timeoutMs / 1000)} s and was stopped.`,
          ),
        ),
      limits.timeoutMs,
    );
    worker.on('message', (m: ImportMessage) =>
      settle(() => (m.ok ? resolve(m.report) : reject(errorFrom(m)))),
    );
    worker.on('error', (e: NodeJS.ErrnoException) =>
      abort(
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new ImportAbortedError(
              'memory',
              `The import needed more than ${limits.memoryMb} MB of memory and was stopped.`,
            )
          : new ImportAbortedError('crash', `The import failed: ${e.message}`),
      ),
    );
    worker.on('exit', (code) =>
      abort(new ImportAbortedError('crash', `The import thread stopped (exit code ${code}).`)),
    );
  });
}

function errorFrom(m: Extract<ImportMessage, { ok: false }>): Error {
  if (m.kind === 'too_large')
    return new LibraryTooLargeError(m.limit === 'rows' ? 'rows' : 'inflated_size', m.message);
  if (m.kind === 'format') return new LibraryFormatError(m.message);
  return new Error(m.message);
}

/** A thread stopped while writing leaves the library file's temporary copy behind. */
function removePartialOutput(outputPath: string): void {
  rmSync(`${outputPath}.tmp-${process.pid}`, { force: true });
}
