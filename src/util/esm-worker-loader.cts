/**
 * The module piscina loads in every worker thread of a `workerPool`. It is
 * CommonJS on purpose: piscina loads its worker with require(), and on
 * Node ≥ 20.19 require() of an ES module instantiates the module graph
 * synchronously. A thread terminated during that instantiation (a pool
 * destroyed while its threads are still starting) hits a V8 CHECK
 * ("IsGraphAsync must be used on an instantiated module") that aborts the
 * whole process, API included. Requiring this file loads no ES module; the
 * real worker (named in workerData, see worker-pool.ts) is loaded with an
 * asynchronous import(), which a terminated thread abandons safely.
 */
import { workerData } from 'node:worker_threads';

type Handler = (task: unknown) => unknown;

// worker-pool.ts adds this key to the pool's workerData. The name is kept in step by hand:
// importing it from there would load an ES module with require(), the thing avoided here.
const moduleUrl = (workerData as { workerModule: string }).workerModule;

// Loading starts with the thread, as piscina's own loading would.
const handler: Promise<Handler> = import(moduleUrl).then((m: { default: Handler }) => m.default);
// A module that fails to load reports its error to the first task; unobserved, it would be an
// unhandled rejection that kills the thread.
handler.catch(() => undefined);

export = async function runTask(task: unknown): Promise<unknown> {
  return (await handler)(task);
};
