/** Longer reads of a batch: listing (by tag), result rows, batch-scoring rows, its jobs. */
import type { TargetSummary } from '../../contract/index.js';
import type {
  BatchJobs,
  BatchResultPage,
  BatchResultRow,
  JobError,
  JobStatus,
  ScoringPage,
  ScoringRows,
} from '../types.js';
import { seqOf } from '../ids.js';
import type { Dialect } from './dialect.js';
import { arrays, Op, rows } from './op.js';
import type { BatchRow } from './rows.js';

/**
 * A page of the owner's batches between two sequence numbers, oldest first,
 * or nearest the upper bound first (`backwards`); with tags, only batches
 * carrying every one of them.
 */
export function batchPage(
  d: Dialect,
  owner: string,
  tags: string[],
  range: { after: number; before: number; limit: number; backwards: boolean },
): Op<BatchRow[]> {
  let filter = '';
  const filterParams: unknown[] = [];
  if (tags.length) {
    const tagged = d.anyOf('tag', tags);
    filter = `AND seq IN (SELECT batch FROM batch_tags WHERE owner = ? AND ${tagged.sql}
      GROUP BY batch HAVING count(*) = ?)`;
    filterParams.push(owner, ...tagged.params, tags.length);
  }
  return rows<BatchRow>(
    `SELECT * FROM batches WHERE owner = ? AND seq > ? AND seq < ? ${filter}
     ORDER BY seq ${range.backwards ? 'DESC' : 'ASC'} LIMIT ?`,
    [owner, range.after, range.before, ...filterParams, range.limit],
  );
}

/** Every job of the batch with its outcome, in submission order. */
export function* batchResultPage(batch: number, page: ScoringPage): Op<BatchResultPage> {
  const rows = yield* arrays<BatchResultRow>(
    `SELECT id, query, status, synthesizable, compound_id FROM jobs
     WHERE batch = ? AND seq > ? ORDER BY seq LIMIT ?`,
    [batch, page.after, page.limit],
  );
  // A job id embeds its sequence number: the cursor needs no column of its own.
  const last = rows.length === page.limit ? rows[rows.length - 1][0] : undefined;
  return { rows, next: last === undefined ? null : seqOf('job', last)! };
}

/** Batch-scoring rows: jobs no longer queued, with their answers, by job sequence. */
export function* scoringPage(batch: number, page: ScoringPage): Op<ScoringRows> {
  const found = yield* arrays<
    [number, string, JobStatus, string | null, string | null, string | null]
  >(
    `SELECT j.seq, j.query, j.status, r.summary, r.synthesis, r.decomposition
     FROM jobs j LEFT JOIN results r ON r.id = j.result
     WHERE j.batch = ? AND j.seq > ? AND j.status <> 'submitted' ORDER BY j.seq LIMIT ?`,
    [batch, page.after, page.limit],
  );
  const scored = found.map(([, query, status, summary, synthesis, decomposition]) => ({
    query,
    status,
    summary: summary ? (JSON.parse(summary) as TargetSummary) : null,
    synthesis,
    decomposition,
  }));
  return { rows: scored, next: lastSeq(found, page.limit) };
}

/** A batch's jobs without their answers, by job sequence (the batch lifecycle API lists them). */
export function* batchJobsPage(batch: number, page: ScoringPage): Op<BatchJobs> {
  const found = yield* arrays<
    [number, string, string, JobStatus, number, number, number, string | null]
  >(
    `SELECT seq, id, query, status, attempts, created, updated, error FROM jobs
     WHERE batch = ? AND seq > ? ORDER BY seq LIMIT ?`,
    [batch, page.after, page.limit],
  );
  const jobs = found.map(([, id, query, status, attempts, created, updated, error]) => ({
    id,
    query,
    status,
    attempts,
    created,
    updated,
    error: error ? (JSON.parse(error) as JobError) : null,
  }));
  return { jobs, next: lastSeq(found, page.limit) };
}

/** The cursor after a full page: its last job's sequence number. */
function lastSeq(page: [number, ...unknown[]][], limit: number): number | null {
  return page.length === limit ? page[page.length - 1][0] : null;
}
