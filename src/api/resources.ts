/** Store records as the spec's resources. */
import type { EngineInfo } from '../engine/types.js';
import type { LibraryInfo } from '../stock/library.js';
import type { BatchRecord, BatchStatus, JobDetail, Page } from '../store/types.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function jobResource(job: JobDetail): object {
  return {
    id: job.id,
    object: 'job',
    query: job.query,
    status: job.status,
    created: iso(job.created),
    updated: iso(job.updated),
    routes: job.routes,
    parameters: job.parameters,
    // Not in the spec: why a job failed (invalid SMILES, crashed worker, time limit).
    ...(job.error ? { error: job.error } : {}),
  };
}

/**
 * The spec accepts any text as batch name, description and filename but
 * describes the resource's fields with narrower patterns (its own example
 * filename is `experiment_042_smi`): characters outside them become `_`.
 */
function fit(value: string | null, disallowed: RegExp, max: number): string | null {
  return value === null ? null : value.replace(disallowed, '_').slice(0, max);
}

export function batchResource(batch: BatchRecord): object {
  return {
    id: batch.id,
    object: 'batch',
    name: fit(batch.name, /[^\w\s\-:]/g, 256),
    description: fit(batch.description, /[^\w\s\-:]/g, 2048),
    filename: fit(batch.filename, /[^\w\-:]/g, 2048),
    number_of_jobs: batch.counts.total,
    parameters: batch.parameters,
    created: iso(batch.created),
    updated: iso(batch.updated),
  };
}

export function batchStatus(batch: BatchRecord): BatchStatus {
  const c = batch.counts;
  const done = c.completed + c.failed;
  if (done >= c.total) return 'completed';
  return done > 0 || c.processing > 0 ? 'processing' : 'submitted';
}

export function batchStatusResource(batch: BatchRecord): object {
  return {
    status: batchStatus(batch),
    number_of_jobs: batch.counts.total,
    completed_jobs: batch.counts.completed + batch.counts.failed,
  };
}

export function listResource<T>(page: Page<T>, render: (item: T) => object): object {
  return { object: 'list', data: page.items.map(render), has_more: page.hasMore };
}

export function engineResource(engine: EngineInfo, defaultId?: string): object {
  return {
    id: engine.id,
    object: 'engine',
    name: engine.name,
    description: engine.description,
    version: engine.version,
    default: engine.id === defaultId,
  };
}

export function libraryResource(lib: LibraryInfo, visibility: 'public' | 'private'): object {
  return {
    id: lib.id,
    object: 'library',
    name: lib.name,
    provider: lib.provider,
    description: lib.description ?? null,
    size: lib.size,
    created: lib.createdAt,
    version: lib.version,
    visibility,
  };
}
