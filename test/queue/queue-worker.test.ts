/**
 * The worker side of a process, assembled once for `synroute serve` and
 * `synroute worker`: it plans queued jobs of the engine and library versions
 * it holds, with the runner it is given, under its worker id; without
 * planning it claims nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queueWorker } from '../../src/queue/queue-worker.js';
import { FakeRunner } from '../helpers/api.js';
import { openTestStore, TestStore } from '../helpers/backend.js';
import { TEST_PARAM_SET, TEST_PARAMETERS } from '../helpers/store.js';
import { until } from '../helpers/wait.js';

let t: TestStore;
beforeEach(async () => {
  t = await openTestStore();
});
afterEach(() => t.close());

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
/** The versions TEST_PARAM_SET's jobs are computed with. */
const catalogs = {
  engines: { list: () => [{ version: TEST_PARAM_SET.engineVersion }] },
  libraries: { list: () => [{ id: 'default', version: 'default@1' }] },
};

async function queued(query: string): Promise<string> {
  const job = await t.store.createJob({
    owner: 'alice',
    query,
    parameters: TEST_PARAMETERS,
    paramSet: TEST_PARAM_SET,
  });
  return job.id;
}

const status = async (id: string) => (await t.store.getJob('alice', id))?.status;

describe('queueWorker', () => {
  it('plans queued jobs with the runner it is given, under its worker id', async () => {
    const runner = new FakeRunner(3);
    const worker = queueWorker({
      store: t.store,
      catalogs,
      log: quiet,
      runner,
      dataDir: '/nonexistent',
      dispatcher: { pollMs: 50 },
    });
    expect(worker.slots).toBe(3);
    // On a shared queue the id tells machines and restarts apart.
    expect(worker.id).toMatch(t.backend === 'postgres' ? /^.+:\d+:\w+$/ : /^local-\d+$/);
    const id = await queued('CCN');
    await worker.start();
    try {
      await until('the job to complete', async () => (await status(id)) === 'completed');
      expect(runner.calls).toEqual(['CCN']);
    } finally {
      await worker.stop();
    }
  });

  it('claims nothing when this process does not plan', async () => {
    const worker = queueWorker({
      store: t.store,
      catalogs,
      log: quiet,
      runWorkers: false,
      dataDir: '/nonexistent',
    });
    expect(worker.slots).toBe(0);
    expect(worker.dispatcher).toBeUndefined();
    const id = await queued('CCO');
    await worker.start();
    await worker.stop();
    expect(await status(id)).toBe('submitted');
  });
});
