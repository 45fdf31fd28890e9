/**
 * The JSON a batch's webhook receives. Built once, when the event is queued
 * (in the transaction that completes or cancels the batch), and stored as
 * text: every retry sends, and signs, exactly the same bytes.
 */
import type {
  BatchCounts,
  BatchRecord,
  JobStatus,
  WebhookEventType,
  WebhookFairness,
} from './types.js';

/** Claims without a per-owner cap (still in turns between owners). */
export const UNCAPPED: WebhookFairness = { perOwner: 1_000_000, inFlight: {} };

export function countsPerStatus(counts: BatchCounts): Record<JobStatus, number> {
  return {
    submitted: counts.submitted,
    processing: counts.processing,
    completed: counts.completed,
    failed: counts.failed,
    canceled: counts.canceled,
  };
}

export function webhookEventBody(
  deliveryId: string,
  type: WebhookEventType,
  batch: BatchRecord,
  now: number,
): string {
  return JSON.stringify({
    id: deliveryId,
    type,
    created: new Date(now).toISOString(),
    data: {
      batch: {
        id: batch.id,
        object: 'batch',
        name: batch.name,
        status: type === 'batch.canceled' ? 'canceled' : 'completed',
        number_of_jobs: batch.counts.total,
        jobs_count_per_status: countsPerStatus(batch.counts),
        tags: batch.tags,
      },
    },
  });
}
