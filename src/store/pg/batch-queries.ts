/** Batch reads beyond the basic ones on PostgreSQL: listing (by tag), results, scoring rows. */
import type { TargetSummary } from '../../contract/index.js';
import type { BatchJobs, JobError, JobStatus, ScoringPage, ScoringRows } from '../types.js';
import type { BatchRow } from '../sqlite/rows.js';
import type { PgDb } from './db.js';

/**
 * A page of the owner's batches between two sequence numbers, oldest first
 * (`after`) or nearest the upper bound first (`before`); with tags, only
 * batches carrying every one of them.
 */
export async function batchPage(
  db: PgDb,
  owner: string,
  tags: string[],
  range: { after: number; before: number; limit: number; direction: 'after' | 'before' },
): Promise<BatchRow[]> {
  const tagged = tags.length
    ? `AND seq IN (SELECT batch FROM batch_tags WHERE owner = $1 AND tag = ANY($5::text[])
         GROUP BY batch HAVING count(*) = $6)`
    : '';
  const params: unknown[] = [owner, range.after, range.before, range.limit];
  if (tags.length) params.push(tags, tags.length);
  return db.query<BatchRow>(
    `SELECT * FROM batches WHERE owner = $1 AND seq > $2 AND seq < $3 ${tagged}
     ORDER BY seq ${range.direction === 'after' ? 'ASC' : 'DESC'} LIMIT $4`,
    params,
  );
}

/** The Retro v2 batch result, built as JSON text by the database in submission order. */
export async function batchResultJson(db: PgDb, batch: number): Promise<string> {
  const row = await db.one<{ json: string }>(
    `SELECT coalesce(json_agg(CASE WHEN compound_id IS NULL THEN item
        ELSE (item::jsonb || jsonb_build_object('compound_id', compound_id))::json END
        ORDER BY seq)::text, '[]') AS json
     FROM (SELECT seq, compound_id, json_build_object(
        'job_id', id,
        'smiles', query,
        'completed', status IN ('completed', 'failed', 'canceled'),
        'synthesizable', coalesce(synthesizable = 1, false),
        'status', status) AS item
       FROM jobs WHERE batch = $1) AS j`,
    [batch],
  );
  return row!.json;
}

/** Batch-scoring rows: jobs no longer queued, with their answers, by job sequence. */
export async function scoringPage(
  db: PgDb,
  batch: number,
  page: ScoringPage,
): Promise<ScoringRows> {
  const raw = await db.query<{
    seq: number;
    query: string;
    status: JobStatus;
    summary: string | null;
    synthesis: string | null;
    decomposition: string | null;
  }>(
    `SELECT j.seq, j.query, j.status, r.summary, r.synthesis, r.decomposition
     FROM jobs j LEFT JOIN results r ON r.id = j.result
     WHERE j.batch = $1 AND j.seq > $2 AND j.status <> 'submitted' ORDER BY j.seq LIMIT $3`,
    [batch, page.after, page.limit],
  );
  const rows = raw.map((r) => ({
    query: r.query,
    status: r.status,
    summary: r.summary ? (JSON.parse(r.summary) as TargetSummary) : null,
    synthesis: r.synthesis,
    decomposition: r.decomposition,
  }));
  const next = raw.length === page.limit ? raw[raw.length - 1].seq : null;
  return { rows, next };
}

/** A batch's jobs without their answers, by job sequence (the batch lifecycle API lists them). */
export async function batchJobsPage(
  db: PgDb,
  batch: number,
  page: ScoringPage,
): Promise<BatchJobs> {
  const raw = await db.query<{
    seq: number;
    id: string;
    query: string;
    status: JobStatus;
    attempts: number;
    created: number;
    updated: number;
    error: string | null;
  }>(
    `SELECT seq, id, query, status, attempts, created, updated, error FROM jobs
     WHERE batch = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [batch, page.after, page.limit],
  );
  const jobs = raw.map(({ seq: _seq, error, ...job }) => ({
    ...job,
    error: error ? (JSON.parse(error) as JobError) : null,
  }));
  return { jobs, next: raw.length === page.limit ? raw[raw.length - 1].seq : null };
}
