/**
 * SQLite schema, applied as numbered migrations tracked in `PRAGMA user_version`.
 *
 * Layout choices: jobs and batches are keyed by an integer sequence (the id's
 * sortable part), so secondary indexes stay small and id lookups need no text
 * index. Counters per batch (`batches.*_jobs`), per queue lane (`lanes.queued`)
 * and overall (`job_counts`) are updated in the same transaction as every job
 * transition, so status and queue depth never need a scan. The same
 * transaction marks a batch completed and queues its webhook event.
 */
import type Database from 'better-sqlite3';
import { legacyRowsSql, legacyUuidSql } from '../legacy-ids.js';
import * as tables from '../sql/schema.js';

export const MIGRATIONS: string[] = [
  `
  ${tables.tokensTable('INTEGER')}

  CREATE TABLE param_sets (
    id INTEGER PRIMARY KEY,${tables.paramSetColumns()}
  );

  -- A lane is what the queue is fair between: one per batch, one per owner for single jobs.
  CREATE TABLE lanes (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    owner TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    paused INTEGER NOT NULL DEFAULT 0,
    queued INTEGER NOT NULL DEFAULT 0,
    last_claim INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL
  );
  CREATE INDEX lanes_ready ON lanes(priority) WHERE queued > 0;

  CREATE TABLE owners (
    owner TEXT PRIMARY KEY,
    last_claim INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE batches (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,${tables.batchColumns('INTEGER')}
  );
  CREATE INDEX batches_owner ON batches(owner);

  CREATE TABLE results (
    id INTEGER PRIMARY KEY,${tables.resultColumns('INTEGER')}
  );
  CREATE INDEX results_reuse ON results(param_set, query) WHERE reusable = 1;

  CREATE TABLE jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,${tables.jobColumns('INTEGER')}
  );
  -- GET /jobs lists the jobs submitted one by one; batch jobs are reached through their batch
  -- (and so cost no entries here: a 100,000-job batch insert stays fast).
  CREATE INDEX jobs_owner ON jobs(owner) WHERE batch IS NULL;
  CREATE INDEX jobs_owner_status ON jobs(owner, status) WHERE batch IS NULL;
  CREATE INDEX jobs_batch ON jobs(batch) WHERE batch IS NOT NULL;
  CREATE INDEX jobs_queue ON jobs(lane) WHERE status = 'submitted';
  CREATE INDEX jobs_leases ON jobs(lease_until) WHERE status = 'processing';
  CREATE INDEX jobs_result ON jobs(result) WHERE result IS NOT NULL;

  CREATE TABLE job_counts (
    status TEXT PRIMARY KEY,
    n INTEGER NOT NULL
  );
  INSERT INTO job_counts (status, n) VALUES
    ('submitted', 0), ('processing', 0), ('completed', 0), ('failed', 0);

  -- Libraries uploaded through the API; libraries without a row here are public.
  CREATE TABLE libraries (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    created INTEGER NOT NULL
  );
  `,
  // 2: batch lifecycle (close, cancel, pause, priority, tags, webhooks), job status
  // 'canceled', batch-scoring options and detail. Plain SQL that PostgreSQL also accepts,
  // except the autoincrement keys of migration 1.
  `
  ALTER TABLE batches ADD COLUMN canceled_jobs INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE batches ADD COLUMN priority INTEGER NOT NULL DEFAULT 5;
  ALTER TABLE batches ADD COLUMN auto_complete INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE batches ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE batches ADD COLUMN webhook TEXT;
  ALTER TABLE batches ADD COLUMN tags TEXT;
  ALTER TABLE batches ADD COLUMN run_options TEXT;
  ALTER TABLE batches ADD COLUMN closed_at INTEGER;
  ALTER TABLE batches ADD COLUMN canceled_at INTEGER;
  ALTER TABLE batches ADD COLUMN completed_at INTEGER;
  UPDATE batches SET completed_at = updated
    WHERE total_jobs > 0 AND submitted_jobs = 0 AND processing_jobs = 0;

  -- Single jobs and existing batches run at the default priority (5 of 1-10).
  UPDATE lanes SET priority = 5 WHERE priority = 0;
  INSERT INTO job_counts (status, n) VALUES ('canceled', 0);

  ${tables.batchTagTables('INTEGER')}
  -- Engine options of a parameter set; a set with starting materials belongs to one batch.
  ALTER TABLE param_sets ADD COLUMN run_options TEXT;
  ALTER TABLE param_sets ADD COLUMN batch INTEGER;
  CREATE INDEX param_sets_batch ON param_sets(batch) WHERE batch IS NOT NULL;

  -- detailLevel 'synthesis': the best route's mapped synthesis and decomposition (JSON).
  ALTER TABLE results ADD COLUMN synthesis TEXT;
  ALTER TABLE results ADD COLUMN decomposition TEXT;

  ${tables.webhookTables('INTEGER')}
  `,
  // 3: batch and job ids become UUIDs (see ids.ts); old ids map to ones embedding the same
  // sequence number and tag, so they still find their row (legacy-ids.ts).
  `
  UPDATE batches SET id = ${legacyUuidSql('sqlite')} WHERE ${legacyRowsSql('bat')};
  UPDATE jobs SET id = ${legacyUuidSql('sqlite')} WHERE ${legacyRowsSql('job')};
  `,
  // 4: results remember whose job computed them (reuse stays within an owner unless the
  // operator shares results); tokens may expire and may be admin tokens.
  `
  ALTER TABLE results ADD COLUMN owner TEXT;
  UPDATE results SET owner = (SELECT j.owner FROM jobs j WHERE j.result = results.id LIMIT 1);
  ALTER TABLE tokens ADD COLUMN expires INTEGER;
  ALTER TABLE tokens ADD COLUMN admin INTEGER NOT NULL DEFAULT 0;
  `,
  // 5: a completed job without a route: its partial route and missing molecules (JSON).
  `
  ALTER TABLE results ADD COLUMN diagnosis TEXT;
  `,
  // 6: the submitter's identifier of each batch target (a .smi name, a CSV id column, an SDF
  // title), shown in every export next to the SMILES.
  `
  ALTER TABLE jobs ADD COLUMN compound_id TEXT;
  `,
  // 7: the overall job counts take the stripe column PostgreSQL's have (one stripe here),
  // so that both databases run the same statements.
  `
  ALTER TABLE job_counts ADD COLUMN stripe INTEGER NOT NULL DEFAULT 0;
  `,
];

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length)
    throw new Error(
      `database schema version ${current} is newer than this SynRoute (${MIGRATIONS.length})`,
    );
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
