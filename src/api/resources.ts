/** Store records as the spec's resources. */
import type { EngineInfo, Route } from '../contract/index.js';
import type { LibraryInfo } from '../stock/library.js';
import type { BatchRecord, BatchStatus, JobDetail, Page, WebhookDelivery } from '../store/types.js';
import { countsPerStatus } from '../store/webhook-event.js';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export interface JobResource {
  id: string;
  query: string;
  status: string;
  routes: Route[];
  compound_id?: string;
}

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
    // Not in the spec either: what a completed job without a route still found.
    ...(job.status === 'completed' && job.diagnosis ? { diagnosis: job.diagnosis } : {}),
    ...(job.compoundId !== null ? { compound_id: job.compoundId } : {}),
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

/** The spec's fields, then SynRoute's lifecycle fields. */
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
    status: batchState(batch),
    open: batch.closedAt === null,
    auto_complete: batch.autoComplete,
    paused: batch.paused,
    priority: batch.priority,
    tags: batch.tags,
    webhook: batch.webhook,
    jobs_count_per_status: countsPerStatus(batch.counts),
    completed_at: isoOrNull(batch.completedAt),
    canceled_at: isoOrNull(batch.canceledAt),
  };
}

/** A single batch, with its webhook deliveries. */
export function batchDetailResource(batch: BatchRecord, deliveries: WebhookDelivery[]): object {
  return { ...batchResource(batch), webhook_deliveries: deliveries.map(deliveryResource) };
}

function deliveryResource(d: WebhookDelivery): object {
  return {
    id: d.id,
    event: d.event,
    url: d.url,
    state: d.state,
    attempts: d.attempts.map((a) => ({
      time: iso(a.time),
      status_code: a.statusCode,
      error: a.error,
      duration_ms: a.durationMs,
    })),
    created: iso(d.created),
    next_attempt: isoOrNull(d.nextAttempt),
  };
}

export type BatchState = 'submitted' | 'processing' | 'paused' | 'completed' | 'canceled';

/** Jobs that will not change any more. */
export function doneJobs(batch: BatchRecord): number {
  const c = batch.counts;
  return c.completed + c.failed + c.canceled;
}

/** Where the batch is in its lifecycle; the store decides when it is completed. */
export function batchState(batch: BatchRecord): BatchState {
  if (batch.canceledAt !== null) return 'canceled';
  if (batch.completedAt !== null) return 'completed';
  if (batch.paused) return 'paused';
  return doneJobs(batch) > 0 || batch.counts.processing > 0 ? 'processing' : 'submitted';
}

/**
 * The Retro v2 status. A canceled batch reads `completed` (nothing more will
 * happen to it, so polling clients stop) with its canceled jobs counted done;
 * the batch resource's `status` tells the two apart.
 */
export function batchStatus(batch: BatchRecord): BatchStatus {
  const state = batchState(batch);
  if (state === 'canceled' || state === 'completed') return 'completed';
  return doneJobs(batch) > 0 || batch.counts.processing > 0 ? 'processing' : 'submitted';
}

/** Exactly the spec's three fields (the lifecycle is on the batch resource and its events). */
export function batchStatusResource(batch: BatchRecord): object {
  return {
    status: batchStatus(batch),
    number_of_jobs: batch.counts.total,
    completed_jobs: doneJobs(batch),
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
