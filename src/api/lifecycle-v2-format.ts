/**
 * SynRoute batches and jobs as the batch lifecycle API (v2) shows them
 * (`ProducedBatchWithPartialJobsResponse`). The mapping is in README's table:
 * statuses, priority to queue priority, engine to `device_type`, parameters
 * to `configuration`. Written as JSON text a page of jobs at a time, as a
 * batch may hold 100,000 of them.
 */
import { createHash } from 'node:crypto';
import { hyphenated } from '../store/ids.js';
import type { BatchJob, BatchRecord, JobStatus } from '../store/types.js';
import type { BatchStatusV2, JobStatusV2, QueuePriority } from './openapi-lifecycle-v2.js';
import { JOB_STATUSES } from './openapi-lifecycle-v2.js';
import { batchState } from './resources.js';

const iso = (ms: number) => new Date(ms).toISOString();

const JOB_STATUS: Record<JobStatus, JobStatusV2> = {
  submitted: 'PENDING',
  processing: 'RUNNING',
  completed: 'DONE',
  failed: 'ERROR',
  canceled: 'CANCELED',
};

const FINAL: JobStatus[] = ['completed', 'failed', 'canceled'];

/** A finished batch none of whose jobs completed (every one failed) is ERROR, otherwise DONE. */
export function batchStatusV2(batch: BatchRecord): BatchStatusV2 {
  const c = batch.counts;
  switch (batchState(batch)) {
    case 'submitted':
      return 'PENDING';
    case 'processing':
      return 'RUNNING';
    case 'paused':
      return 'PAUSED';
    case 'canceled':
      return 'CANCELED';
    case 'completed':
      return c.failed > 0 && c.completed === 0 ? 'ERROR' : 'DONE';
  }
}

/** Batch priority 1-10 in the five queues: 9-10 CRITICAL, 7-8 HIGH, 5-6 MEDIUM, 3-4 LOW, 1-2 FREE. */
export function queuePriority(priority: number): QueuePriority {
  if (priority >= 9) return 'CRITICAL';
  if (priority >= 7) return 'HIGH';
  if (priority >= 5) return 'MEDIUM';
  if (priority >= 3) return 'LOW';
  return 'FREE';
}

/** Namespace of the name-based (version 5) UUIDs that stand for owners as projects. */
const PROJECT_NAMESPACE = Buffer.from('4f0c8a3e5b7d4e1a9c2f6d8b0e1a3c5f', 'hex');

/** The owner's project: a version-5 UUID of the owner's name (RFC 9562), the same every time. */
export function projectId(owner: string): string {
  const hash = createHash('sha1').update(PROJECT_NAMESPACE).update(owner, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  return hyphenated(hash.subarray(0, 16).toString('hex'));
}

/** The batch without its jobs; `jobs` is spliced in by `batchJson`. */
function batchFields(batch: BatchRecord): object {
  const c = batch.counts;
  const perStatus = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<
    JobStatusV2,
    number
  >;
  for (const s of Object.keys(JOB_STATUS) as JobStatus[]) perStatus[JOB_STATUS[s]] += c[s];
  const end = batch.canceledAt ?? batch.completedAt;
  return {
    id: hyphenated(batch.id),
    status: batchStatusV2(batch),
    complete: batch.closedAt !== null,
    open: batch.closedAt === null,
    priority: batch.priority,
    queue_priority: queuePriority(batch.priority),
    device_type: batch.parameters.retrosynthesis_engine,
    user_id: batch.owner,
    project_id: projectId(batch.owner),
    created_at: iso(batch.created),
    updated_at: iso(batch.updated),
    sequence_builder: JSON.stringify(batch.parameters),
    jobs_count: c.total,
    jobs_count_per_status: perStatus,
    tags: batch.tags,
    configuration: batch.parameters,
    ...(batch.webhook ? { webhook: batch.webhook } : {}),
    ...(end !== null ? { end_datetime: iso(end) } : {}),
  };
}

interface JobContext {
  batchId: string;
  projectId: string;
  queuePriority: QueuePriority;
}

function jobFields(job: BatchJob, order: number, ctx: JobContext): object {
  const done = FINAL.includes(job.status);
  return {
    id: hyphenated(job.id),
    status: JOB_STATUS[job.status],
    runs: job.attempts,
    batch_id: ctx.batchId,
    project_id: ctx.projectId,
    created_at: iso(job.created),
    updated_at: iso(job.updated),
    ...(done ? { end_timestamp: iso(job.updated) } : {}),
    variables: { smiles: job.query },
    errors: job.error ? [job.error.message] : [],
    progress: done ? 100 : 0,
    creation_order: order,
    queue_priority: ctx.queuePriority,
  };
}

/** `{"data": <batch>}` as JSON text; `pages` yields the batch's jobs in submission order. */
export async function batchJson(
  batch: BatchRecord,
  pages: AsyncIterable<BatchJob[]>,
): Promise<string> {
  const ctx: JobContext = {
    batchId: hyphenated(batch.id),
    projectId: projectId(batch.owner),
    queuePriority: queuePriority(batch.priority),
  };
  const parts: string[] = [];
  let order = 0;
  for await (const jobs of pages) {
    if (jobs.length)
      parts.push(JSON.stringify(jobs.map((j) => jobFields(j, ++order, ctx))).slice(1, -1));
  }
  const fields = JSON.stringify(batchFields(batch));
  return `{"data":${fields.slice(0, -1)},"jobs":[${parts.join(',')}]}}`;
}
