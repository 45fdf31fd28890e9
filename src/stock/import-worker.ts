/**
 * Entry of the thread that imports one uploaded building-block file (see
 * import-thread.ts): the file is untrusted, so it is read and keyed here, under
 * the thread's memory limit, never on the API's event loop.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { importLibraryFile, ImportOptions } from './import.js';
import { LibraryFormatError, LibraryTooLargeError } from './readers.js';

export interface ImportTask {
  inputPath: string;
  outputPath: string;
  options: Omit<ImportOptions, 'onProgress'>;
}

export type ImportMessage =
  | { ok: true; report: Awaited<ReturnType<typeof importLibraryFile>> }
  | { ok: false; kind: 'too_large' | 'format' | 'other'; limit?: string; message: string };

const task = workerData as ImportTask;
try {
  // Uploads yield the CPU to the API's event loop (nice values are per thread on Linux).
  setPriority(10);
} catch {
  // Not permitted here: import at normal priority.
}

importLibraryFile(task.inputPath, task.outputPath, task.options).then(
  (report) => parentPort?.postMessage({ ok: true, report } satisfies ImportMessage),
  (e: Error) =>
    parentPort?.postMessage({
      ok: false,
      kind:
        e instanceof LibraryTooLargeError
          ? 'too_large'
          : e instanceof LibraryFormatError
            ? 'format'
            : 'other',
      limit: e instanceof LibraryTooLargeError ? e.limit : undefined,
      message: e.message,
    } satisfies ImportMessage),
);
