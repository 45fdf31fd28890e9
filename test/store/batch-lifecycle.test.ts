/**
 * The batch lifecycle in the store (each backend): completion decided in the job's own
 * transaction, close/cancel/pause/resume, priorities, tags, batch-scoring
 * options and their clean-up, the webhook outbox, and (SQLite) the migration
 * of a database written by the first schema.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlanJobOutput } from '../../src/contract/index.js';
import { parseUuid } from '../../src/store/ids.js';
import { cacheKey } from '../../src/store/param-sets.js';
import { openSqliteStore } from '../../src/store/sqlite/store.js';
import { BatchClosedError, ParamSetInput, Store } from '../../src/store/types.js';
import { fakeOutput } from '../helpers/api.js';
import { BACKEND, openTestStore, TestStore } from '../helpers/backend.js';
import {
  expectCountersConsistent,
  resultItems,
  TEST_PARAM_SET,
  TEST_PARAMETERS,
  testBatch,
} from '../helpers/store.js';

const parameters = TEST_PARAMETERS;
const paramSet = TEST_PARAM_SET;

let t: TestStore;
let store: Store;

beforeEach(async () => {
  t = await openTestStore({ maxBatchJobs: 50 });
  store = t.store;
});
afterEach(() => t.close());

const batch = testBatch;

/** Claims and completes every queued job. */
async function runAll(s = store): Promise<void> {
  for (let job = await s.claimNext('w', 60_000); job; job = await s.claimNext('w', 60_000))
    await s.completeJob(job, fakeOutput(job.smiles));
}

const deliveries = (id: string) => store.webhookDeliveries('alice', id);

describe('completion', () => {
  it('completes an auto-completing batch when its jobs are done, and again after an append', async () => {
    const b = await store.createBatch(batch(['CN', 'CCN'], { webhook: 'http://127.0.0.1:9/hook' }));
    expect(b).toMatchObject({ autoComplete: true, completedAt: null, closedAt: null });
    await runAll();
    const done = await store.getBatch('alice', b.id);
    expect(done!.completedAt).not.toBeNull();
    expect((await deliveries(b.id))!.map((d) => d.event)).toEqual(['batch.completed']);

    const appended = await store.appendToBatch('alice', b.id, ['CCCN'], paramSet);
    expect(appended!.completedAt).toBeNull();
    await runAll();
    expect((await deliveries(b.id))!.map((d) => d.event)).toEqual([
      'batch.completed',
      'batch.completed',
    ]);
    await expectCountersConsistent(t);
  });

  it('keeps a batch created open until it is closed, then refuses appends', async () => {
    const b = await store.createBatch(
      batch(['CN'], { autoComplete: false, webhook: 'http://127.0.0.1:9/hook' }),
    );
    await runAll();
    expect((await store.getBatch('alice', b.id))!.completedAt).toBeNull();
    await store.appendToBatch('alice', b.id, ['CCN'], paramSet);
    const closed = await store.changeBatch('alice', b.id, 'complete');
    expect(closed).toMatchObject({ outcome: 'ok', batch: { completedAt: null } });
    await expect(store.appendToBatch('alice', b.id, ['CCCN'], paramSet)).rejects.toBeInstanceOf(
      BatchClosedError,
    );
    await runAll();
    const done = await store.getBatch('alice', b.id);
    expect(done!.completedAt).not.toBeNull();
    expect(done!.counts.total).toBe(2);
    const [event] = (await deliveries(b.id))!;
    expect(JSON.parse(event.body)).toMatchObject({
      type: 'batch.completed',
      data: { batch: { id: b.id, status: 'completed', number_of_jobs: 2 } },
    });
    // Closing again changes nothing; a completed batch cannot be canceled.
    expect((await store.changeBatch('alice', b.id, 'complete')).outcome).toBe('ok');
    expect((await store.changeBatch('alice', b.id, 'cancel')).outcome).toBe('conflict');
    expect((await store.changeBatch('alice', b.id, 'pause')).outcome).toBe('conflict');
  });

  it('completes a closed batch at once when its jobs are already done', async () => {
    const b = await store.createBatch(batch(['CN'], { autoComplete: false }));
    await runAll();
    const closed = await store.changeBatch('alice', b.id, 'complete');
    expect(closed.outcome === 'ok' && closed.batch.completedAt).toBeTruthy();
  });
});

describe('cancel, pause, resume', () => {
  it('cancels queued and running jobs, keeps finished results, and reports the running ones', async () => {
    const b = await store.createBatch(batch(['C1', 'C2', 'C3', 'C4'], { webhook: 'http://h/x' }));
    const first = await store.claimNext('w', 60_000);
    await store.completeJob(first!, fakeOutput(first!.smiles));
    const running = await store.claimNext('w', 60_000);
    const out = await store.changeBatch('alice', b.id, 'cancel');
    if (out.outcome !== 'ok') throw new Error(out.outcome);
    expect(out.stoppedJobs).toEqual([running!.jobId]);
    expect(out.batch.counts).toMatchObject({ completed: 1, canceled: 3, submitted: 0 });
    expect(out.batch.canceledAt).not.toBeNull();
    expect(out.batch.completedAt).toBeNull();
    // The worker's late answer is refused; nothing is claimable; the lease is reported lost.
    expect(await store.completeJob(running!, fakeOutput(running!.smiles))).toBe(false);
    expect(await store.claimNext('w', 60_000)).toBeUndefined();
    expect(await store.extendLeases('w', [running!.jobId], 60_000)).toEqual([running!.jobId]);
    expect((await store.getJob('alice', running!.jobId))!.status).toBe('canceled');
    await expect(store.appendToBatch('alice', b.id, ['N'], paramSet)).rejects.toBeInstanceOf(
      BatchClosedError,
    );
    expect((await deliveries(b.id))!.map((d) => d.event)).toEqual(['batch.canceled']);
    expect((await store.changeBatch('alice', b.id, 'cancel')).outcome).toBe('ok');
    expect((await store.changeBatch('alice', b.id, 'resume')).outcome).toBe('conflict');
    expect((await store.changeBatch('alice', b.id, 'complete')).outcome).toBe('conflict');
    expect((await store.changeBatch('bob', b.id, 'cancel')).outcome).toBe('not_found');
    expect((await store.queueStats()).byStatus.canceled).toBe(3);
    await expectCountersConsistent(t);
  });

  it('does not claim the queued jobs of a paused batch until it is resumed', async () => {
    const paused = await store.createBatch(batch(['P1', 'P2']));
    await store.changeBatch('alice', paused.id, 'pause');
    expect((await store.getBatch('alice', paused.id))!.paused).toBe(true);
    await store.createBatch(batch(['Q1']));
    expect((await store.claimNext('w', 60_000))!.smiles).toBe('Q1');
    expect(await store.claimNext('w', 60_000)).toBeUndefined();
    await store.changeBatch('alice', paused.id, 'resume');
    expect((await store.claimNext('w', 60_000))!.smiles).toBe('P1');
  });
});

describe('priority and tags', () => {
  it('claims from the highest batch priority first; single jobs run at the default', async () => {
    await store.createBatch(batch(['L1', 'L2'], { priority: 1 }));
    await store.createBatch(batch(['H1', 'H2'], { priority: 10 }));
    await store.createJob({ owner: 'bob', query: 'S1', parameters, paramSet });
    const order: string[] = [];
    for (let j = await store.claimNext('w', 1); j; j = await store.claimNext('w', 1))
      order.push(j.smiles);
    expect(order).toEqual(['H1', 'H2', 'S1', 'L1', 'L2']);
  });

  it('lists batches carrying every requested tag, paged both ways', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (await store.createBatch(batch([`C${i}`], { tags: i % 2 ? ['screen', 'x'] : ['screen'] })))
          .id,
      );
    await store.createBatch({ ...batch(['N'], { tags: ['screen'] }), owner: 'bob' });
    const all = await store.listBatches('alice', { size: 10, tags: ['screen'] });
    expect(all.items.map((b) => b.id)).toEqual(ids);
    expect(all.items[1].tags).toEqual(['screen', 'x']);
    const both = await store.listBatches('alice', { size: 1, tags: ['x', 'screen'] });
    expect(both).toMatchObject({ items: [{ id: ids[1] }], hasMore: true });
    const next = await store.listBatches('alice', { size: 5, tags: ['x'], createdAfter: ids[1] });
    expect(next.items.map((b) => b.id)).toEqual([ids[3]]);
    const prev = await store.listBatches('alice', { size: 5, tags: ['x'], createdBefore: ids[3] });
    expect(prev.items.map((b) => b.id)).toEqual([ids[1]]);
    expect((await store.listBatches('alice', { size: 5, tags: ['none'] })).items).toEqual([]);
  });
});

describe('batch-scoring options', () => {
  const scoring: ParamSetInput = {
    ...paramSet,
    startingMaterials: ['CC(=O)O', 'Nc1ccccc1'],
    exploratory: true,
    detailLevel: 'synthesis',
  };

  it('keeps parameter-set keys of plain jobs as they were', () => {
    const legacy = createHash('sha256')
      .update(
        JSON.stringify([
          paramSet.engineVersion,
          Object.entries(paramSet.libraryVersions),
          Object.entries(parameters).sort(([a], [b]) => a.localeCompare(b)),
        ]),
      )
      .digest('hex');
    expect(cacheKey(paramSet)).toBe(legacy);
    expect(cacheKey({ ...paramSet, exploratory: false, detailLevel: 'score' })).toBe(legacy);
    expect(cacheKey({ ...paramSet, exploratory: true })).not.toBe(legacy);
  });

  it('hands options to the worker, stores detail, and removes everything with the batch', async () => {
    const b = await store.createBatch(batch(['CC(=O)Nc1ccccc1', 'CCO'], { paramSet: scoring }));
    expect(b.runOptions).toEqual({ exploratory: true, detailLevel: 'synthesis' });
    expect(await store.batchRunOptions('alice', b.id)).toEqual({
      startingMaterials: scoring.startingMaterials,
      exploratory: true,
      detailLevel: 'synthesis',
    });
    const job = await store.claimNext('w', 60_000);
    expect(job!.paramSet).toMatchObject({
      startingMaterials: scoring.startingMaterials,
      exploratory: true,
      detailLevel: 'synthesis',
    });
    const output: PlanJobOutput = {
      ...fakeOutput('N'),
      synthesis: { targetId: 'c0', compounds: {}, reactions: {} },
    };
    await store.completeJob(job!, output);
    const page = await store.scoringRows('alice', b.id, { after: 0, limit: 10 });
    expect(page).toEqual({
      rows: [
        {
          query: 'CC(=O)Nc1ccccc1',
          status: 'completed',
          summary: output.summary,
          synthesis: JSON.stringify(output.synthesis),
          decomposition: null,
        },
      ],
      next: null,
    });
    // Another batch with the same materials gets its own parameter set (no shared results).
    const other = await store.createBatch(batch(['CC(=O)Nc1ccccc1'], { paramSet: scoring }));
    const claimed = [await store.claimNext('w', 60_000), await store.claimNext('w', 60_000)];
    expect(claimed.map((j) => j!.smiles).sort()).toEqual(['CC(=O)Nc1ccccc1', 'CCO']);
    const count = (sql: string) => t.count(sql);
    expect(await count('SELECT count(*) FROM param_sets WHERE batch IS NOT NULL')).toBe(2);

    await store.deleteBatch('alice', b.id);
    await store.deleteBatch('alice', other.id);
    expect(await count('SELECT count(*) FROM param_sets WHERE batch IS NOT NULL')).toBe(0);
    expect(await count('SELECT count(*) FROM batch_materials')).toBe(0);
    expect(await count('SELECT count(*) FROM results')).toBe(0);
    expect(await count('SELECT count(*) FROM jobs')).toBe(0);
  });
});

describe('batch-scoring rows', () => {
  it('pages through running and finished jobs in submission order, skipping queued ones', async () => {
    const smiles = Array.from({ length: 7 }, (_, i) => `C${'C'.repeat(i)}N`);
    const b = await store.createBatch(batch(smiles));
    for (let i = 0; i < 5; i++) {
      const job = await store.claimNext('w', 60_000);
      if (i < 4) await store.completeJob(job!, fakeOutput(job!.smiles));
    }
    const seen: string[] = [];
    let pages = 0;
    for (let after = 0; ; pages++) {
      const page = await store.scoringRows('alice', b.id, { after, limit: 2 });
      seen.push(...page!.rows.map((r) => `${r.query}:${r.status}`));
      if (page!.next === null) break;
      after = page!.next;
    }
    expect(seen).toEqual([
      ...smiles.slice(0, 4).map((s) => `${s}:completed`),
      `${smiles[4]}:processing`,
    ]);
    expect(pages).toBe(2);
    expect(await store.scoringRows('bob', b.id, { after: 0, limit: 2 })).toBeUndefined();
  });
});

describe('jobs of a batch', () => {
  it('pages through every job in submission order with status, attempts and error', async () => {
    const smiles = ['CCN', 'CXx', 'CCCN', 'CCCCN', 'CCCCCN'];
    const b = await store.createBatch(batch(smiles));
    for (let i = 0; i < 3; i++) {
      const job = await store.claimNext('w', 60_000);
      if (i < 2) await store.completeJob(job!, fakeOutput(job!.smiles));
    }
    const jobs = [];
    for (let after = 0; ;) {
      const page = (await store.batchJobs('alice', b.id, { after, limit: 2 }))!;
      jobs.push(...page.jobs);
      if (page.next === null) break;
      after = page.next;
    }
    expect(jobs.map((j) => [j.query, j.status, j.attempts, j.error?.code ?? null])).toEqual([
      ['CCN', 'completed', 1, null],
      ['CXx', 'failed', 1, 'invalid_smiles'],
      ['CCCN', 'processing', 1, null],
      ['CCCCN', 'submitted', 0, null],
      ['CCCCCN', 'submitted', 0, null],
    ]);
    const result = await resultItems(store, 'alice', b.id);
    expect(jobs.map((j) => j.id)).toEqual(result.map((r) => r.job_id));
    expect(jobs[0].updated).toBeGreaterThanOrEqual(jobs[0].created);
    expect(await store.batchJobs('bob', b.id, { after: 0, limit: 2 })).toBeUndefined();
  });
});

describe('webhook outbox', () => {
  it('hands a due delivery to one sender at a time and records attempts', async () => {
    const b = await store.createBatch(batch(['CN'], { webhook: 'http://h/x' }));
    await runAll();
    const now = Date.now();
    const [d] = await store.claimDueWebhooks(now, 10, 60_000);
    expect(d).toMatchObject({ batchId: b.id, url: 'http://h/x', state: 'pending' });
    expect(await store.claimDueWebhooks(now, 10, 60_000)).toEqual([]);
    const attempt = { time: now, statusCode: 500, error: null, durationMs: 3 };
    await store.recordWebhookAttempt(d.id, attempt, { state: 'pending', retryAt: now - 1 });
    const [again] = await store.claimDueWebhooks(now, 10, 60_000);
    expect(again.attempts).toEqual([attempt]);
    await store.recordWebhookAttempt(d.id, { ...attempt, statusCode: 204 }, { state: 'delivered' });
    expect((await deliveries(b.id))![0]).toMatchObject({ state: 'delivered', nextAttempt: null });
    expect(await store.claimDueWebhooks(now + 3_600_000, 10, 1)).toEqual([]);
    await store.deleteBatch('alice', b.id);
    expect(await t.count('SELECT count(*) FROM webhook_deliveries')).toBe(0);
  });

  it('hands out due deliveries round-robin between owners, within per-owner caps', async () => {
    for (let i = 0; i < 3; i++)
      await store.createBatch(batch([`C${'C'.repeat(i)}N`], { webhook: `http://a/${i}` }));
    await store.createBatch(batch(['NN'], { owner: 'bob', webhook: 'http://b/0' }));
    await runAll();
    const now = Date.now() + 1;
    const owners = (ds: { owner: string }[]) => ds.map((d) => d.owner).sort();
    // Alice's three events are older, yet bob's one comes in the first two.
    const first = await store.claimDueWebhooks(now, 2, 60_000, { perOwner: 2, inFlight: {} });
    expect(owners(first)).toEqual(['alice', 'bob']);
    // Alice already has two in flight: none of hers, though slots are free.
    const capped = await store.claimDueWebhooks(now, 5, 60_000, {
      perOwner: 2,
      inFlight: { alice: 2 },
    });
    expect(capped).toEqual([]);
    const rest = await store.claimDueWebhooks(now, 5, 60_000, {
      perOwner: 2,
      inFlight: { alice: 1 },
    });
    expect(owners(rest)).toEqual(['alice']);
  });

  it('keeps one secret per owner', async () => {
    expect(await store.getWebhookSecret('alice')).toBeUndefined();
    await store.setWebhookSecret('alice', { secret: 's1', created: 1 });
    await store.setWebhookSecret('alice', { secret: 's2', created: 2 });
    expect(await store.getWebhookSecret('alice')).toEqual({ secret: 's2', created: 2 });
    await store.setWebhookSecret('alice', { secret: 's3', created: 3 }, false);
    expect(await store.getWebhookSecret('alice')).toEqual({ secret: 's2', created: 2 });
    expect(await store.getWebhookSecret('bob')).toBeUndefined();
  });
});

describe.runIf(BACKEND === 'sqlite')('migration (SQLite)', () => {
  it('upgrades a database of the first schema: counters, priorities and completion carried over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synroute-migration-'));
    const old = join(dir, 'old.db');
    const db = new Database(old);
    // The first schema, as version 1 left it, with one finished and one running batch.
    const { MIGRATIONS } = await import('../../src/store/sqlite/schema.js');
    db.exec(MIGRATIONS[0]);
    db.pragma('user_version = 1');
    db.exec(`
      INSERT INTO lanes (id, key, owner, queued, created) VALUES (1, 'batch:1', 'alice', 0, 0),
        (2, 'batch:2', 'alice', 1, 0);
      INSERT INTO batches (seq, id, owner, parameters, lane, created, updated, total_jobs,
        completed_jobs, submitted_jobs) VALUES
        (1, 'bat_0000000000100000000', 'alice', '{}', 1, 0, 5, 1, 1, 0),
        (2, 'bat_0000000000200000000', 'alice', '{}', 2, 0, 5, 1, 0, 1);`);
    db.close();
    const upgraded = openSqliteStore(old);
    const rows = upgraded.db
      .prepare('SELECT seq, completed_at, priority, canceled_jobs FROM batches ORDER BY seq')
      .all();
    expect(rows).toEqual([
      { seq: 1, completed_at: 5, priority: 5, canceled_jobs: 0 },
      { seq: 2, completed_at: null, priority: 5, canceled_jobs: 0 },
    ]);
    expect(upgraded.db.prepare('SELECT DISTINCT priority FROM lanes').pluck().all()).toEqual([5]);
    // The ids of the first schema became UUIDs that they still lead to.
    expect(await upgraded.getBatch('alice', 'bat_0000000000100000000')).toMatchObject({
      id: parseUuid('bat', 'bat_0000000000100000000')!.id,
      completedAt: 5,
    });
    await upgraded.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
