/** Rows most operations start from: a job or batch by id, and the keys jobs are filed under. */
import { parseUuid } from '../ids.js';
import { cacheKey, runOptionsOf } from '../param-sets.js';
import type { ParamSetInput } from '../types.js';
import type { Dialect } from './dialect.js';
import { Op, row, value } from './op.js';
import type { BatchRow, JobDetailRow } from './rows.js';

const JOB_SELECT = `
  SELECT j.*, b.id AS batch_id, b.parameters AS batch_parameters, r.routes, r.summary,
    r.diagnosis
  FROM jobs j
  LEFT JOIN batches b ON b.seq = j.batch
  LEFT JOIN results r ON r.id = j.result`;

export function jobSelect(where: string): string {
  return `${JOB_SELECT} WHERE ${where}`;
}

/** The owner's job with this id; `lock`ed for a change in the running transaction. */
export function ownedJob(
  d: Dialect,
  owner: string,
  id: string,
  lock = false,
): Op<JobDetailRow | undefined> {
  return owned('job', owner, id, (seq) =>
    row<JobDetailRow>(`${jobSelect('j.seq = ?')}${lock ? d.lock({ of: 'j' }) : ''}`, [seq]),
  );
}

export function batchRow(d: Dialect, seq: number, lock = false): Op<BatchRow | undefined> {
  return row<BatchRow>(`SELECT * FROM batches WHERE seq = ?${lock ? d.lock() : ''}`, [seq]);
}

/** The owner's batch with this id. */
export function ownedBatch(
  d: Dialect,
  owner: string,
  id: string,
  lock = false,
): Op<BatchRow | undefined> {
  return owned('bat', owner, id, (seq) => batchRow(d, seq, lock));
}

/** The row `read` finds by the id's sequence number, if it is that id's and the owner's. */
function* owned<T extends { id: string; owner: string }>(
  kind: 'job' | 'bat',
  owner: string,
  id: string,
  read: (seq: number) => Op<T | undefined>,
): Op<T | undefined> {
  const key = parseUuid(kind, id);
  if (!key) return undefined;
  const found = yield* read(key.seq);
  return found && found.id === key.id && found.owner === owner ? found : undefined;
}

/** The parameter set's row; one with starting materials belongs to batch `batch` alone. */
export function* paramSetId(p: ParamSetInput, batch?: number): Op<number> {
  const options = runOptionsOf(p);
  const scope = options?.startingMaterials ? batch : undefined;
  const key = cacheKey(p, scope);
  const inserted = yield* value<number>(
    `INSERT INTO param_sets (cache_key, run_parameters, engine_version, library_versions,
       run_options, batch) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (cache_key) DO NOTHING RETURNING id`,
    [
      key,
      JSON.stringify(p.runParameters),
      p.engineVersion,
      JSON.stringify(p.libraryVersions),
      options ? JSON.stringify(options) : null,
      scope ?? null,
    ],
  );
  return (
    inserted ?? (yield* value<number>('SELECT id FROM param_sets WHERE cache_key = ?', [key]))!
  );
}

/** The queue lane with this key (one per batch, one per owner for single jobs). */
export function* laneId(key: string, owner: string, priority: number, now: number): Op<number> {
  const inserted = yield* value<number>(
    `INSERT INTO lanes (key, owner, priority, created) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO NOTHING RETURNING id`,
    [key, owner, priority, now],
  );
  return inserted ?? (yield* value<number>('SELECT id FROM lanes WHERE key = ?', [key]))!;
}
