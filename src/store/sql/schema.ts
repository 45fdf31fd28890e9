/**
 * Tables both databases create alike, but for the integer type of keys and
 * epoch milliseconds (SQLite's INTEGER is PostgreSQL's BIGINT). Each schema's
 * migrations (sqlite/schema.ts, pg/schema.ts) call these where they created
 * the tables; the text they give is what those migrations always ran.
 */
export type IntegerType = 'INTEGER' | 'BIGINT';

/** API tokens (their hashes), as the first schema of each database had them. */
export function tokensTable(int: IntegerType): string {
  return `
  CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    owner TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created ${int} NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
  );
  `;
}

/** The columns of `param_sets` after its key, as the first schema of each database had them. */
export function paramSetColumns(): string {
  return `
    cache_key TEXT NOT NULL UNIQUE,
    run_parameters TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    library_versions TEXT NOT NULL`;
}

/** The columns of `batches` after its key (`seq`), as the first schema of each database had them. */
export function batchColumns(int: IntegerType): string {
  return `
    id TEXT NOT NULL,
    owner TEXT NOT NULL,
    name TEXT,
    description TEXT,
    filename TEXT,
    parameters TEXT NOT NULL,
    lane ${int} NOT NULL,
    created ${int} NOT NULL,
    updated ${int} NOT NULL,
    total_jobs ${int} NOT NULL DEFAULT 0,
    submitted_jobs ${int} NOT NULL DEFAULT 0,
    processing_jobs ${int} NOT NULL DEFAULT 0,
    completed_jobs ${int} NOT NULL DEFAULT 0,
    failed_jobs ${int} NOT NULL DEFAULT 0`;
}

/** The columns of `results` after its key, as the first schema of each database had them. */
export function resultColumns(int: IntegerType): string {
  return `
    param_set ${int} NOT NULL,
    query TEXT NOT NULL,
    canonical TEXT,
    status TEXT NOT NULL,
    routes TEXT NOT NULL,
    summary TEXT,
    stats TEXT,
    error TEXT,
    reusable INTEGER NOT NULL,
    created ${int} NOT NULL`;
}

/** The columns of `jobs` after its key (`seq`), as the first schema of each database had them. */
export function jobColumns(int: IntegerType): string {
  return `
    id TEXT NOT NULL,
    owner TEXT NOT NULL,
    batch ${int},
    lane ${int} NOT NULL,
    query TEXT NOT NULL,
    parameters TEXT,
    param_set ${int} NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    claim TEXT,
    worker TEXT,
    lease_until ${int},
    result ${int},
    synthesizable INTEGER,
    error TEXT,
    created ${int} NOT NULL,
    updated ${int} NOT NULL`;
}

/** Tags and ad-hoc starting materials of batches. */
export function batchTagTables(int: IntegerType): string {
  return `
  -- Tags are shown from batches.tags; this table finds batches by tag.
  CREATE TABLE batch_tags (
    batch ${int} NOT NULL,
    owner TEXT NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (batch, tag)
  );
  CREATE INDEX batch_tags_owner ON batch_tags(owner, tag, batch);

  -- A batch's ad-hoc starting materials (JSON array), apart from the row read on every status.
  CREATE TABLE batch_materials (
    batch ${int} PRIMARY KEY,
    smiles TEXT NOT NULL
  );
  `;
}

/** Owners' webhook secrets and the outbox of webhook events. */
export function webhookTables(int: IntegerType): string {
  return `
  CREATE TABLE webhook_secrets (
    owner TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    created ${int} NOT NULL
  );

  -- Outbox of webhook events, written in the transaction that completes or cancels a batch.
  CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    batch ${int} NOT NULL,
    owner TEXT NOT NULL,
    url TEXT NOT NULL,
    event TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts TEXT NOT NULL,
    next_attempt ${int},
    created ${int} NOT NULL,
    updated ${int} NOT NULL
  );
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt) WHERE state = 'pending';
  CREATE INDEX webhook_deliveries_batch ON webhook_deliveries(batch);
  `;
}
