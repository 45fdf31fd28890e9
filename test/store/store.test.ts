/** The store contract, run against each backend (SQLite and PostgreSQL). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seqOf } from '../../src/store/ids.js';
import type { PgStore } from '../../src/store/pg/store.js';
import { BatchLimitError, NewBatch, Store } from '../../src/store/types.js';
import { fakeOutput } from '../helpers/api.js';
import { BACKEND, openTestStore, TestStore } from '../helpers/backend.js';
import { expectCountersConsistent, TEST_PARAM_SET, TEST_PARAMETERS } from '../helpers/store.js';

const parameters = TEST_PARAMETERS;
const paramSet = TEST_PARAM_SET;

let t: TestStore;
let store: Store;

beforeEach(async () => {
  t = await openTestStore({ maxBatchJobs: 50 });
  store = t.store;
});
afterEach(() => t.close());

function batch(owner: string, smiles: string[], p = paramSet): NewBatch {
  return {
    owner,
    name: 'b',
    description: null,
    filename: null,
    parameters,
    paramSet: p,
    smiles,
  };
}

describe(`store (${BACKEND})`, () => {
  it('keeps batch counters and queue depth in step with every transition', async () => {
    const b = await store.createBatch(batch('alice', ['C', 'CC', 'CCC', 'CCCC']));
    expect(b.counts).toEqual({
      total: 4,
      submitted: 4,
      processing: 0,
      completed: 0,
      failed: 0,
      canceled: 0,
    });
    const j1 = await store.claimNext('w', 60_000);
    const j2 = await store.claimNext('w', 60_000);
    expect(j1 && j2).toBeTruthy();
    await expectCountersConsistent(t);
    expect(await store.completeJob(j1!, fakeOutput('N'))).toBe(true);
    expect(
      await store.releaseJob(
        j2!,
        { code: 'x', message: 'boom' },
        { maxAttempts: 3, countAttempt: true },
      ),
    ).toBe('requeued');
    await expectCountersConsistent(t);
    const after = await store.getBatch('alice', b.id);
    expect(after!.counts).toMatchObject({ total: 4, submitted: 3, processing: 0, completed: 1 });
    expect((await store.queueStats()).queued).toBe(3);
  });

  it('accepts a completion only from the claim that holds the job', async () => {
    await store.createJob({ owner: 'alice', query: 'CCO', parameters, paramSet });
    const held = await store.claimNext('w', 60_000);
    expect(await store.completeJob({ ...held!, claim: 'forged' }, fakeOutput('CCO'))).toBe(false);
    expect(await store.completeJob(held!, fakeOutput('CCO'))).toBe(true);
    expect(await store.completeJob(held!, fakeOutput('CCO'))).toBe(false);
    expect(await t.count('SELECT count(*) FROM results')).toBe(1);
  });

  it('fails a job after maxAttempts crashes, with the reason', async () => {
    const job = await store.createJob({ owner: 'alice', query: 'CCO', parameters, paramSet });
    for (let attempt = 1; attempt <= 3; attempt++) {
      const held = await store.claimNext('w', 60_000);
      expect(held!.attempt).toBe(attempt);
      const outcome = await store.releaseJob(
        held!,
        { code: 'worker_crashed', message: 'segfault' },
        { maxAttempts: 3, countAttempt: true },
      );
      expect(outcome).toBe(attempt < 3 ? 'requeued' : 'failed');
    }
    const failed = await store.getJob('alice', job.id);
    expect(failed!.status).toBe('failed');
    expect(failed!.error!.message).toContain('segfault');
    expect(await store.claimNext('w', 60_000)).toBeUndefined();
  });

  it('survives a restart: queued jobs stay, processing jobs are re-queued', async () => {
    const b = await store.createBatch(batch('alice', ['C', 'CC', 'CCC']));
    await store.claimNext('w', 60_000);
    await t.reopen();
    store = t.store;
    expect((await store.getBatch('alice', b.id))!.counts.processing).toBe(1);
    expect(await store.recoverAbandoned({ maxAttempts: 3, all: true })).toEqual({
      requeued: 1,
      failed: 0,
    });
    const status = (await store.getBatch('alice', b.id))!.counts;
    expect(status).toMatchObject({ submitted: 3, processing: 0 });
    await expectCountersConsistent(t);
  });

  it('re-queues jobs whose lease expired', async () => {
    await store.createJob({ owner: 'alice', query: 'CCO', parameters, paramSet });
    await store.claimNext('w', -1);
    expect(await store.recoverAbandoned({ maxAttempts: 3, all: false })).toEqual({
      requeued: 1,
      failed: 0,
    });
  });

  it('reuses a result only for an identical parameter set of the same owner', async () => {
    await store.createJob({ owner: 'alice', query: 'CCN', parameters, paramSet });
    const first = await store.claimNext('w', 60_000);
    await store.completeJob(first!, fakeOutput('CCN'));
    const same = await store.createJob({ owner: 'alice', query: 'CCN', parameters, paramSet });
    const otherLibrary = { ...paramSet, libraryVersions: { default: 'default@2' } };
    const other = await store.createJob({
      owner: 'alice',
      query: 'CCN',
      parameters,
      paramSet: otherLibrary,
    });
    const claimed = await store.claimNext('w', 60_000);
    // The identical job was settled from the cache; only the other one runs.
    expect(claimed!.jobId).toBe(other.id);
    const reused = await store.getJob('alice', same.id);
    expect(reused!.status).toBe('completed');
    expect(reused!.routes).toHaveLength(1);
  });

  it("never settles a job from another owner's result", async () => {
    await store.createJob({ owner: 'alice', query: 'CCN', parameters, paramSet });
    await store.completeJob((await store.claimNext('w', 60_000))!, fakeOutput('CCN'));
    const bobs = await store.createJob({ owner: 'bob', query: 'CCN', parameters, paramSet });
    // Bob's identical job is planned for him: reuse would tell him what alice screened.
    const claimed = await store.claimNext('w', 60_000);
    expect(claimed?.jobId).toBe(bobs.id);
    expect((await store.getJob('bob', bobs.id))!.status).toBe('processing');
  });

  it('shares results across owners when the operator turns sharing on', async () => {
    await t.close();
    t = await openTestStore({ maxBatchJobs: 50, shareResults: true });
    store = t.store;
    await store.createJob({ owner: 'alice', query: 'CCN', parameters, paramSet });
    await store.completeJob((await store.claimNext('w', 60_000))!, fakeOutput('CCN'));
    const bobs = await store.createJob({ owner: 'bob', query: 'CCN', parameters, paramSet });
    expect(await store.claimNext('w', 60_000)).toBeUndefined();
    expect((await store.getJob('bob', bobs.id))!.status).toBe('completed');
  });

  it('dedupes appends against the batch and enforces the job cap atomically', async () => {
    const b = await store.createBatch(batch('alice', ['C', 'CC']));
    const appended = await store.appendToBatch('alice', b.id, ['CC', 'CCC'], paramSet);
    expect(appended!.counts.total).toBe(3);
    const many = Array.from({ length: 48 }, (_, i) => `C${'C'.repeat(i + 3)}`);
    await expect(store.appendToBatch('alice', b.id, many, paramSet)).rejects.toBeInstanceOf(
      BatchLimitError,
    );
    expect((await store.getBatch('alice', b.id))!.counts.total).toBe(3);
    expect(await store.appendToBatch('bob', b.id, ['N'], paramSet)).toBeUndefined();
  });

  it('deletes a batch with its jobs and results; owners only see their own', async () => {
    const b = await store.createBatch(batch('alice', ['C', 'CC']));
    const held = await store.claimNext('w', 60_000);
    await store.completeJob(held!, fakeOutput('C'));
    expect(await store.getBatch('bob', b.id)).toBeUndefined();
    expect(await store.deleteBatch('bob', b.id)).toBeUndefined();
    expect((await store.deleteBatch('alice', b.id))!.id).toBe(b.id);
    expect(await t.count('SELECT count(*) FROM jobs')).toBe(0);
    expect(await t.count('SELECT count(*) FROM results')).toBe(0);
    expect((await store.queueStats()).queued).toBe(0);
    await expectCountersConsistent(t);
  });

  it('lists single jobs through the owner index, leaving batch jobs out', async () => {
    await store.createBatch(batch('alice', ['C', 'CC']));
    const single = await store.createJob({ owner: 'alice', query: 'CCO', parameters, paramSet });
    const page = await store.listJobs('alice', { page: 1, size: 10 });
    expect(page.items.map((j) => j.id)).toEqual([single.id]);
    const sql =
      "SELECT * FROM jobs WHERE owner = 'alice' AND status = 'completed' AND batch IS NULL ORDER BY seq DESC";
    expect(await queryPlan(sql)).toContain('jobs_owner_status');
  });

  it('answers batch status from counters without scanning jobs', async () => {
    expect(await queryPlan('SELECT * FROM batches WHERE seq = 1')).toMatch(
      BACKEND === 'sqlite' ? /INTEGER PRIMARY KEY/ : /Index Scan using batches_pkey/,
    );
  });
});

describe('claim order', () => {
  it('serves a single job submitted after a large batch right away', async () => {
    await t.close();
    t = await openTestStore({ maxBatchJobs: 100_000 });
    store = t.store;
    const big = Array.from({ length: 5000 }, (_, i) => `C${i}`);
    await store.createBatch(batch('alice', big));
    for (let i = 0; i < 3; i++) await store.claimNext('w', 60_000);
    const single = await store.createJob({ owner: 'alice', query: 'CCO', parameters, paramSet });
    const next = await store.claimNext('w', 60_000);
    expect(next!.jobId).toBe(single.id);
  });

  it('alternates between owners and between batches, oldest job first within one', async () => {
    const a1 = await store.createBatch(batch('alice', ['A1', 'A2', 'A3', 'A4']));
    const a2 = await store.createBatch(batch('alice', ['B1', 'B2']));
    await store.createBatch(batch('bob', ['C1', 'C2', 'C3']));
    const order: string[] = [];
    for (let i = 0; i < 6; i++) order.push((await store.claimNext('w', 60_000))!.smiles);
    // Owners alternate: alice, bob, alice, bob...; alice's two batches take turns.
    expect(order).toEqual(['A1', 'C1', 'B1', 'C2', 'A2', 'C3']);
    void a1;
    void a2;
  });

  it('serves higher-priority lanes first', async () => {
    await store.createBatch(batch('alice', ['A1', 'A2']));
    const urgent = await store.createBatch(batch('bob', ['U1', 'U2']));
    await t.rows('UPDATE lanes SET priority = 9 WHERE key = ?', [
      `batch:${seqOf('bat', urgent.id)}`,
    ]);
    const order: string[] = [];
    for (let i = 0; i < 4; i++) order.push((await store.claimNext('w', 60_000))!.smiles);
    expect(order).toEqual(['U1', 'U2', 'A1', 'A2']);
  });
});

/** The backend's query plan as text (SQLite's EXPLAIN QUERY PLAN details, PostgreSQL's EXPLAIN). */
async function queryPlan(sql: string): Promise<string> {
  if (BACKEND === 'sqlite')
    return (await t.rows<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`))
      .map((p) => p.detail)
      .join();
  const client = await (store as PgStore).db.pool.connect();
  try {
    // Tiny test tables: make the planner show the index it would use at scale.
    await client.query('SET enable_seqscan = off');
    const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`);
    return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.query('RESET enable_seqscan');
    client.release();
  }
}
