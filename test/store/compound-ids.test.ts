/**
 * Compound identifiers in the store (each backend): kept verbatim with batch
 * jobs, (SMILES, id) pairs deduplicated on create and append, returned in the
 * batch result only where given; and the migration that adds them to a
 * database written by the previous schema.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { newUuid } from '../../src/store/ids.js';
import { PG_MIGRATIONS } from '../../src/store/pg/schema.js';
import { openPgStore } from '../../src/store/pg/store.js';
import { MIGRATIONS } from '../../src/store/sqlite/schema.js';
import { openSqliteStore } from '../../src/store/sqlite/store.js';
import type { Store } from '../../src/store/types.js';
import { BACKEND, openTestStore, TestStore } from '../helpers/backend.js';
import {
  expectCountersConsistent,
  resultItems,
  TEST_PARAM_SET,
  testBatch,
} from '../helpers/store.js';
import { withDatabase } from '../setup/postgres.js';

const paramSet = TEST_PARAM_SET;

const batch = (smiles: string[], compoundIds?: (string | null)[]) =>
  testBatch(smiles, { compoundIds });

const result = (store: Store, id: string) => resultItems(store, 'alice', id);

describe('compound ids', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore();
  });
  afterEach(() => t.close());

  it('keeps each id verbatim with its job; one job per (SMILES, id) pair', async () => {
    const store = t.store;
    const b = await store.createBatch(
      batch(
        ['CCN', 'CCO', 'CCN', 'CCN', 'CC'],
        ['EN-001/β', 'cpd 2, "salt"', 'EN-002', 'EN-001/β', null],
      ),
    );
    expect(b.counts.total).toBe(4);
    const items = await result(store, b.id);
    expect(items.map((i) => [i.smiles, i.compound_id])).toEqual([
      ['CCN', 'EN-001/β'],
      ['CCO', 'cpd 2, "salt"'],
      ['CCN', 'EN-002'],
      ['CC', undefined],
    ]);
    // A target without an id gets no field at all: the spec's result item, unchanged.
    expect(Object.keys(items[3])).not.toContain('compound_id');
    expect((await store.getJob('alice', items[1].job_id))!.compoundId).toBe('cpd 2, "salt"');
    expect((await store.getJob('alice', items[3].job_id))!.compoundId).toBeNull();

    // Appends drop pairs the batch holds and keep new ids of known structures.
    const appended = await store.appendToBatch(
      'alice',
      b.id,
      ['CCN', 'CCN', 'CC', 'CCCN'],
      paramSet,
      ['EN-001/β', 'EN-003', null, 'EN-004'],
    );
    expect(appended!.counts.total).toBe(6);
    expect((await result(store, b.id)).slice(4).map((i) => i.compound_id)).toEqual([
      'EN-003',
      'EN-004',
    ]);
    await expectCountersConsistent(t);
  });

  it('deduplicates by SMILES alone when no ids are given (the spec rule)', async () => {
    const b = await t.store.createBatch(batch(['CCN', 'CCO', 'CCN']));
    expect(b.counts.total).toBe(2);
    const again = await t.store.appendToBatch('alice', b.id, ['CCO', 'CCC'], paramSet);
    expect(again!.counts.total).toBe(3);
  });
});

/** The jobs of a database at the schema before compound ids, and what the store makes of them. */
const OLD_BATCH = newUuid(1);
const OLD_JOB = newUuid(1);
const OLD_ROWS = `
  INSERT INTO lanes (id, key, owner, queued, created) VALUES (1, 'batch:1', 'alice', 1, 0);
  INSERT INTO batches (seq, id, owner, parameters, lane, created, updated, total_jobs,
    submitted_jobs) VALUES (1, '${OLD_BATCH}', 'alice', '{}', 1, 0, 0, 1, 1);
  INSERT INTO param_sets (id, cache_key, run_parameters, engine_version, library_versions)
    VALUES (1, 'k', '{}', 'e-1', '{}');
  INSERT INTO jobs (seq, id, owner, batch, lane, query, param_set, status, created, updated)
    VALUES (1, '${OLD_JOB}', 'alice', 1, 1, 'CCN', 1, 'submitted', 0, 0);`;

async function expectUpgraded(store: Store): Promise<void> {
  expect(await result(store, OLD_BATCH)).toEqual([
    expect.not.objectContaining({ compound_id: expect.anything() }),
  ]);
  expect((await store.getJob('alice', OLD_JOB))!.compoundId).toBeNull();
  const b = await store.appendToBatch('alice', OLD_BATCH, ['CCN'], paramSet, ['A-1']);
  expect(b!.counts.total).toBe(2);
}

describe.runIf(BACKEND === 'sqlite')('migration (SQLite)', () => {
  it('adds compound ids to a database of the previous schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synroute-migration-'));
    const path = join(dir, 'old.db');
    const db = new Database(path);
    const version = MIGRATIONS.findIndex((m) => m.includes('compound_id'));
    for (const sql of MIGRATIONS.slice(0, version)) db.exec(sql);
    db.pragma(`user_version = ${version}`);
    db.exec(OLD_ROWS);
    db.close();
    const store = openSqliteStore(path);
    try {
      await expectUpgraded(store);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(BACKEND === 'postgres')('migration (PostgreSQL)', () => {
  it('adds compound ids to a database of the previous schema', async () => {
    const adminUrl = inject('postgresAdminUrl');
    const name = `synroute_m_${Date.now()}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = withDatabase(adminUrl, name);
    try {
      const old = new pg.Client({ connectionString: url });
      await old.connect();
      const version = PG_MIGRATIONS.findIndex((m) => m.includes('compound_id'));
      for (const sql of PG_MIGRATIONS.slice(0, version)) await old.query(sql);
      await old.query('CREATE TABLE schema_version (version INTEGER NOT NULL)');
      await old.query('INSERT INTO schema_version (version) VALUES ($1)', [version]);
      await old.query(OLD_ROWS);
      // Keys the rows above took by hand, as the sequences would have handed them out.
      for (const seq of ['job_seq', 'batch_seq', 'param_sets_id_seq', 'lanes_id_seq'])
        await old.query(`SELECT setval('${seq}', 1)`);
      await old.end();
      const store = await openPgStore(url, { max: 2 });
      try {
        await expectUpgraded(store);
      } finally {
        await store.close();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
