/**
 * PostgreSQL schema, applied as numbered migrations tracked in
 * `schema_version`. Version 1 is the SQLite schema at its version 2 (same
 * tables and columns, so row conversion is shared), with these differences:
 *
 * - epoch-millisecond and counter columns are BIGINT; keys come from
 *   sequences (the id's sortable part is the key, as on SQLite);
 * - overall job counts are striped (see sql/counters.ts) and the claim tick that
 *   orders fairness lanes is a sequence shared by all processes;
 * - `workers` lists live planning workers with the engine and library
 *   versions they hold, and `param_sets.unrunnable_since` records since when
 *   no live worker could run a parameter set (jobs then fail after a timeout);
 * - hot rows (batches, lanes) leave room on their pages for HOT updates.
 *
 * Several processes may start at once: migrations run under an advisory lock.
 */
import type pg from 'pg';
import { legacyRowsSql, legacyUuidSql } from '../legacy-ids.js';
import * as tables from '../sql/schema.js';
import { JOB_STATUSES } from '../types.js';

/** Rows per status of the overall job counts (see sql/counters.ts). */
export const STRIPES = 16;

/** Advisory lock keys (one namespace per purpose). */
export const LOCKS = { migrate: 727_100_1, sweep: 727_100_2, stranded: 727_100_3 } as const;

const counts = JOB_STATUSES.flatMap((s) =>
  Array.from({ length: STRIPES }, (_, i) => `('${s}', ${i})`),
).join(', ');

export const PG_MIGRATIONS: string[] = [
  `
  ${tables.tokensTable('BIGINT')}

  CREATE TABLE param_sets (
    id BIGSERIAL PRIMARY KEY,${tables.paramSetColumns()},
    run_options TEXT,
    batch BIGINT,
    unrunnable_since BIGINT
  );
  CREATE INDEX param_sets_batch ON param_sets(batch) WHERE batch IS NOT NULL;

  CREATE TABLE lanes (
    id BIGSERIAL PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    owner TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 5,
    paused INTEGER NOT NULL DEFAULT 0,
    queued BIGINT NOT NULL DEFAULT 0,
    last_claim BIGINT NOT NULL DEFAULT 0,
    created BIGINT NOT NULL
  ) WITH (fillfactor = 70);
  CREATE INDEX lanes_ready ON lanes(priority) WHERE queued > 0;

  CREATE TABLE owners (
    owner TEXT PRIMARY KEY,
    last_claim BIGINT NOT NULL DEFAULT 0
  ) WITH (fillfactor = 70);
  CREATE SEQUENCE claim_ticks;

  CREATE SEQUENCE batch_seq;
  CREATE TABLE batches (
    seq BIGINT PRIMARY KEY,${tables.batchColumns('BIGINT')},
    canceled_jobs BIGINT NOT NULL DEFAULT 0,
    priority INTEGER NOT NULL DEFAULT 5,
    auto_complete INTEGER NOT NULL DEFAULT 1,
    paused INTEGER NOT NULL DEFAULT 0,
    webhook TEXT,
    tags TEXT,
    run_options TEXT,
    closed_at BIGINT,
    canceled_at BIGINT,
    completed_at BIGINT
  ) WITH (fillfactor = 70);
  CREATE INDEX batches_owner ON batches(owner, seq);

  CREATE TABLE results (
    id BIGSERIAL PRIMARY KEY,${tables.resultColumns('BIGINT')},
    synthesis TEXT,
    decomposition TEXT
  );
  CREATE INDEX results_reuse ON results(param_set, query) WHERE reusable = 1;

  CREATE SEQUENCE job_seq;
  CREATE TABLE jobs (
    seq BIGINT PRIMARY KEY,${tables.jobColumns('BIGINT')}
  );
  CREATE INDEX jobs_owner ON jobs(owner, seq) WHERE batch IS NULL;
  CREATE INDEX jobs_owner_status ON jobs(owner, status, seq) WHERE batch IS NULL;
  CREATE INDEX jobs_batch ON jobs(batch, seq) WHERE batch IS NOT NULL;
  CREATE INDEX jobs_queue ON jobs(lane, seq) WHERE status = 'submitted';
  CREATE INDEX jobs_leases ON jobs(lease_until) WHERE status = 'processing';
  CREATE INDEX jobs_result ON jobs(result) WHERE result IS NOT NULL;

  CREATE TABLE job_counts (
    status TEXT NOT NULL,
    stripe INTEGER NOT NULL,
    n BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (status, stripe)
  ) WITH (fillfactor = 50);
  INSERT INTO job_counts (status, stripe) VALUES ${counts};

  CREATE TABLE libraries (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    created BIGINT NOT NULL
  );

  ${tables.batchTagTables('BIGINT')}
  ${tables.webhookTables('BIGINT')}

  -- Planning workers: engines (JSON array of versions) and libraries ({id: version}) they hold.
  CREATE TABLE workers (
    id TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    threads INTEGER NOT NULL,
    engines TEXT NOT NULL,
    libraries TEXT NOT NULL,
    started BIGINT NOT NULL,
    seen BIGINT NOT NULL
  );
  `,
  // 2: batch and job ids become UUIDs (see ids.ts); old ids map to ones embedding the same
  // sequence number and tag, so they still find their row (legacy-ids.ts).
  `
  UPDATE batches SET id = ${legacyUuidSql('pg')} WHERE ${legacyRowsSql('bat')};
  UPDATE jobs SET id = ${legacyUuidSql('pg')} WHERE ${legacyRowsSql('job')};
  `,
  // 3: results remember whose job computed them (reuse stays within an owner unless the
  // operator shares results); tokens may expire and may be admin tokens.
  `
  ALTER TABLE results ADD COLUMN owner TEXT;
  UPDATE results r SET owner = j.owner FROM jobs j WHERE j.result = r.id;
  ALTER TABLE tokens ADD COLUMN expires BIGINT;
  ALTER TABLE tokens ADD COLUMN admin INTEGER NOT NULL DEFAULT 0;
  `,
  // 4: a completed job without a route: its partial route and missing molecules (JSON).
  `
  ALTER TABLE results ADD COLUMN diagnosis TEXT;
  `,
  // 5: the submitter's identifier of each batch target (as SQLite's migration 6).
  `
  ALTER TABLE jobs ADD COLUMN compound_id TEXT;
  `,
];

export async function migratePg(client: pg.PoolClient): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.migrate]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = (await client.query('SELECT version FROM schema_version')).rows[0] as
      { version: number } | undefined;
    const current = row?.version ?? 0;
    if (current > PG_MIGRATIONS.length)
      throw new Error(
        `database schema version ${current} is newer than this SynRoute (${PG_MIGRATIONS.length})`,
      );
    for (let v = current; v < PG_MIGRATIONS.length; v++) await client.query(PG_MIGRATIONS[v]);
    if (!row)
      await client.query('INSERT INTO schema_version (version) VALUES ($1)', [
        PG_MIGRATIONS.length,
      ]);
    else await client.query('UPDATE schema_version SET version = $1', [PG_MIGRATIONS.length]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
