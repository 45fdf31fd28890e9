/**
 * Worker pools load their ES-module workers with import(), never require():
 * a thread stopped while require(esm) instantiates its module graph aborts the
 * whole Node process (stop 48's crash of a test run during a library upload).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Piscina } from 'piscina';
import { afterEach, describe, expect, it } from 'vitest';
import { workerPool } from '../../src/util/worker-pool.js';
import { siblingWorker } from '../../src/util/paths.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).href;
const run = promisify(execFile);

let pool: Piscina | undefined;
afterEach(async () => {
  await pool?.destroy();
  pool = undefined;
});

describe('workerPool', () => {
  it('evaluates the worker module under an asynchronous import(), outside require()', async () => {
    pool = workerPool(fixture('load-stack-worker.js'));
    const stack = (await pool.run(null)) as string;
    expect(stack).toContain('load-stack-worker.js');
    expect(stack).toMatch(/ModuleJob\.run/);
    expect(stack).not.toMatch(/ModuleJobSync|loadESMFromCJS|\brequire\b/);
  });

  it('is needed: piscina on its own evaluates an ES-module worker inside require()', async () => {
    pool = new Piscina({ filename: fixture('load-stack-worker.js') });
    expect((await pool.run(null)) as string).toMatch(/ModuleJobSync|loadESMFromCJS/);
  });

  it('passes the workerData it was given to the worker module', async () => {
    pool = workerPool(fixture('worker-data-worker.js'), { workerData: { answer: 42 } });
    expect(await pool.run(null)).toMatchObject({ answer: 42 });
  });

  it('runs queued tasks first in, first out', async () => {
    pool = workerPool(fixture('echo-worker.js'), { minThreads: 1, maxThreads: 1 });
    const finished: number[] = [];
    const tasks = Array.from({ length: 10 }, (_, i) =>
      (pool as Piscina).run(i).then((n: number) => finished.push(n)),
    );
    await Promise.all(tasks);
    // Piscina's default order on one thread: 0 2 4 6 8 1 5 9 7 3.
    expect(finished).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reports a worker module that fails to load to every task, and keeps the process', async () => {
    pool = workerPool(fixture('throws-on-load-worker.js'), { minThreads: 1, maxThreads: 1 });
    await expect(pool.run(1)).rejects.toThrow('fixture worker failed to load');
    await expect(pool.run(2)).rejects.toThrow('fixture worker failed to load');
  });

  it('runs a real worker: building-block keys of ethanol', async () => {
    pool = workerPool(siblingWorker(import.meta.url, '../../src/stock/keys-worker.js'));
    const [keys] = (await pool.run({ structures: ['OCC'], options: { kind: 'smiles' } })) as {
      smiles: string;
    }[];
    expect(keys).toMatchObject({ smiles: 'CCO' });
  });

  // The crash needs a thread stopped inside a short window of module instantiation (about one
  // pool in a few hundred before the fix), so this run of the scenario rarely catches a
  // regression on its own; the first test above is the deterministic guard.
  it('can be destroyed while its threads are still loading, without taking the process down', async () => {
    const keysWorker = siblingWorker(import.meta.url, '../../src/stock/keys-worker.js');
    const script = fileURLToPath(fixture('destroy-while-loading.mjs'));
    const { stdout } = await run(process.execPath, [script, keysWorker, '40']);
    expect(stdout.trim()).toBe('destroyed 40 pools');
  }, 60_000);
});
