/**
 * Batch and job ids: UUIDs embedding the row's sequence number, accepted in
 * either form, and (each backend) the migration that turns the ids of earlier
 * versions into UUIDs without losing a row or the old ids' meaning.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { hyphenated, newUuid, newUuids, parseUuid, seqOf } from '../../src/store/ids.js';
import { PG_MIGRATIONS } from '../../src/store/pg/schema.js';
import { openPgStore } from '../../src/store/pg/store.js';
import { MIGRATIONS } from '../../src/store/sqlite/schema.js';
import { openSqliteStore } from '../../src/store/sqlite/store.js';
import type { NewBatch, Store } from '../../src/store/types.js';
import { BACKEND, createTestDatabase } from '../helpers/backend.js';
import { resultItems } from '../helpers/store.js';

const RFC_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ids', () => {
  it('are version-8 UUIDs that embed the sequence number and sort by it', () => {
    const ids = [1, 2, 31, 32, 2 ** 40 + 7].map(newUuid);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(hyphenated(id)).toMatch(RFC_UUID);
    }
    expect([...ids].reverse().sort()).toEqual(ids);
    expect(ids.map((id) => seqOf('job', id))).toEqual([1, 2, 31, 32, 2 ** 40 + 7]);
    expect(() => newUuid(2 ** 48)).toThrow(RangeError);
  });

  it('are random beyond the sequence number, also when made in bulk', () => {
    const seqs = Array.from({ length: 100_000 }, (_, i) => i + 1);
    const ids = newUuids(seqs);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.slice(12))).size).toBe(ids.length);
    expect(ids.every((id) => RFC_UUID.test(hyphenated(id)))).toBe(true);
    expect(newUuid(5)).not.toBe(newUuid(5));
  });

  it('are found from the hyphenated form, 32 hex digits in any case, or an old id', () => {
    const id = newUuid(77);
    for (const text of [id, hyphenated(id), id.toUpperCase(), hyphenated(id).toUpperCase()])
      expect(parseUuid('bat', text)).toEqual({ seq: 77, id });
    // An old id: `bat_`, 11 base32 digits of sequence, an 8-digit tag.
    expect(parseUuid('bat', 'bat_00000000015zzzzzzzz')).toEqual({
      seq: 37,
      id: '0000000000258000800000ffffffffff',
    });
    expect(parseUuid('job', 'bat_00000000015zzzzzzzz')).toBeUndefined();
    for (const bad of ['', 'bat_1', 'x'.repeat(32), `${id}0`, hyphenated(id).replace(/-/g, '_')])
      expect(parseUuid('bat', bad), bad).toBeUndefined();
    // Sequence number 0 is never a row.
    expect(parseUuid('job', '0'.repeat(32))).toBeUndefined();
  });
});

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** An id as versions before UUIDs wrote it: prefix, 11 base32 digits of sequence, 8-digit tag. */
function oldId(kind: 'bat' | 'job', seq: number, tag: string): string {
  let digits = '';
  for (let n = seq, i = 0; i < 11; i++, n = Math.floor(n / 32)) digits = ALPHABET[n % 32] + digits;
  return `${kind}_${digits}${tag}`;
}

const TAGS = ['0123abcd', 'ehjkmnpq', 'rstvwxyz', 'zzzzzzzz'];
const OLD = {
  batch: oldId('bat', 1, TAGS[0]),
  jobs: [oldId('job', 1, TAGS[1]), oldId('job', 2, TAGS[2]), oldId('job', 3, TAGS[3])],
};
const PARAMETERS = JSON.stringify({ retrosynthesis_engine: 'e', building_block_libraries: ['x'] });

/** A batch with a finished and a queued job and one single job, as the previous schema held them. */
const OLD_ROWS = `
  INSERT INTO param_sets (id, cache_key, run_parameters, engine_version, library_versions)
    VALUES (1, 'k', '${PARAMETERS}', 'e-1', '{}');
  INSERT INTO lanes (id, key, owner, priority, queued, created)
    VALUES (1, 'batch:1', 'alice', 5, 1, 0), (2, 'owner:alice', 'alice', 5, 0, 0);
  INSERT INTO batches (seq, id, owner, parameters, lane, created, updated, total_jobs,
      submitted_jobs, completed_jobs)
    VALUES (1, '${OLD.batch}', 'alice', '${PARAMETERS}', 1, 0, 0, 2, 1, 1);
  INSERT INTO jobs (seq, id, owner, batch, lane, query, parameters, param_set, status,
      synthesizable, created, updated) VALUES
    (1, '${OLD.jobs[0]}', 'alice', 1, 1, 'CCN', NULL, 1, 'completed', 1, 0, 0),
    (2, '${OLD.jobs[1]}', 'alice', 1, 1, 'CCO', NULL, 1, 'submitted', NULL, 0, 0),
    (3, '${OLD.jobs[2]}', 'alice', NULL, 2, 'CCC', '${PARAMETERS}', 1, 'completed', 0, 0, 0);`;

/** The number of migrations before the one that introduced UUIDs. */
function versionBefore(migrations: string[]): number {
  const i = migrations.findIndex((m) => m.includes('80008000'));
  expect(i).toBeGreaterThan(0);
  return i;
}

/** A database of the schema just before UUIDs holding OLD_ROWS; `open` upgrades it. */
async function previousSchemaDatabase(): Promise<{
  open(): Promise<Store>;
  drop(): Promise<void>;
}> {
  if (BACKEND === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'synroute-ids-'));
    const db = new Database(join(dir, 'synroute.db'));
    const version = versionBefore(MIGRATIONS);
    for (const m of MIGRATIONS.slice(0, version)) db.exec(m);
    db.pragma(`user_version = ${version}`);
    db.exec(OLD_ROWS);
    db.close();
    return {
      open: async () => openSqliteStore(join(dir, 'synroute.db')),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const database = await createTestDatabase({ empty: true });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const version = versionBefore(PG_MIGRATIONS);
  for (const m of PG_MIGRATIONS.slice(0, version)) await client.query(m);
  await client.query('CREATE TABLE schema_version (version INTEGER NOT NULL)');
  await client.query(`INSERT INTO schema_version (version) VALUES (${version})`);
  await client.query(OLD_ROWS);
  // Rows written with their keys, as the sequences would have handed them out.
  await client.query(
    `SELECT setval('batch_seq', 1), setval('job_seq', 3), setval('param_sets_id_seq', 1),
       setval('lanes_id_seq', 2)`,
  );
  await client.end();
  return { open: () => openPgStore(database.url!, { max: 2 }), drop: () => database.drop() };
}

describe(`migration to UUIDs (${BACKEND})`, () => {
  it('gives every batch and job a UUID that its old id still finds, losing nothing', async () => {
    const old = await previousSchemaDatabase();
    const store = await old.open();
    try {
      const batch = (await store.getBatch('alice', OLD.batch))!;
      expect(batch.id).toBe(parseUuid('bat', OLD.batch)!.id);
      expect(hyphenated(batch.id)).toMatch(RFC_UUID);
      expect(batch).toMatchObject({ counts: { total: 2, submitted: 1, completed: 1 } });
      for (const form of [batch.id, hyphenated(batch.id), batch.id.toUpperCase()])
        expect((await store.getBatch('alice', form))?.id).toBe(batch.id);
      expect(await store.getBatch('bob', OLD.batch)).toBeUndefined();

      const jobIds = OLD.jobs.map((id) => parseUuid('job', id)!.id);
      expect(await resultItems(store, 'alice', hyphenated(batch.id))).toEqual([
        {
          job_id: jobIds[0],
          smiles: 'CCN',
          completed: true,
          synthesizable: true,
          status: 'completed',
        },
        {
          job_id: jobIds[1],
          smiles: 'CCO',
          completed: false,
          synthesizable: false,
          status: 'submitted',
        },
      ]);
      for (const [i, id] of OLD.jobs.entries()) {
        expect((await store.getJob('alice', id))?.id).toBe(jobIds[i]);
        expect((await store.getJob('alice', hyphenated(jobIds[i])))?.query).toBe(
          ['CCN', 'CCO', 'CCC'][i],
        );
      }
      // New rows continue the sequences with random UUIDs.
      const next = await store.createBatch(newBatch(['CCCN']));
      expect(seqOf('bat', next.id)).toBe(2);
      expect(next.id.slice(12, 20)).not.toBe('80008000');
      const [item] = await resultItems(store, 'alice', next.id);
      expect(seqOf('job', item.job_id)).toBe(4);
    } finally {
      await store.close();
      await old.drop();
    }
  });
});

function newBatch(smiles: string[]): NewBatch {
  return {
    owner: 'alice',
    name: null,
    description: null,
    filename: null,
    parameters: JSON.parse(PARAMETERS),
    paramSet: { runParameters: JSON.parse(PARAMETERS), engineVersion: 'e-1', libraryVersions: {} },
    smiles,
  };
}
