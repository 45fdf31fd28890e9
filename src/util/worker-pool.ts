import { Piscina } from 'piscina';
import { siblingWorker } from './paths.js';

type PiscinaOptions = NonNullable<ConstructorParameters<typeof Piscina>[0]>;

/** A pool made by `workerPool`: the rest of SynRoute never names piscina. */
export type WorkerPool = Piscina;

export type WorkerPoolOptions = Omit<PiscinaOptions, 'filename' | 'name' | 'workerData'> & {
  /** Data for the worker module (piscina's `workerData`); an object, since the pool adds a key. */
  workerData?: Record<string, unknown>;
};

/**
 * A piscina pool whose threads run `workerUrl`'s default export, queued tasks
 * first in, first out. Threads load the module through esm-worker-loader.cjs
 * (with import(), not require()), so destroying the pool while threads are
 * still starting cannot abort the process; see that file for why.
 */
export function workerPool(workerUrl: string, options: WorkerPoolOptions = {}): WorkerPool {
  return new Piscina({
    // Queued tasks run in the order given. Piscina's default puts a task it could not hand to
    // a busy thread back at the tail, so with a queue some tasks ran last (the third of ten
    // on one thread), a picture request could wait behind every later one, and the CLI's
    // results, written in input order, waited for nearly the whole run.
    stricterFIFO: true,
    ...options,
    filename: siblingWorker(import.meta.url, 'esm-worker-loader.cjs'),
    workerData: { ...options.workerData, workerModule: workerUrl },
  });
}
