/** What route handlers share: the store, the catalogs, limits, and a way to wake the queue. */
import type { ParamContext } from './params.js';
import type { QuotaOptions, StreamCounter } from './quotas.js';
import type { WebhookPolicy } from './webhooks/policy.js';
import type { WebhookSecrets } from './webhooks/secret-box.js';

export interface ApiContext extends ParamContext {
  dataDir: string;
  /** Wakes the dispatcher after new jobs were queued. */
  notifyQueued(): void;
  maxBatchJobs: number;
  /** Longest accepted SMILES. */
  maxSmilesLength: number;
  uploadLimitBytes: number;
  /** Engine slots (worker threads) in this process, for /health. */
  workerSlots: number;
  /** Jobs were canceled or deleted: running ones whose claim is gone are stopped. */
  notifyStopped(): void;
  /** Owners' webhook secrets (encrypted in the store). */
  webhookSecrets: WebhookSecrets;
  /** Which webhook URLs are accepted at submission. */
  webhookPolicy: WebhookPolicy;
  /** Webhook events may have been queued. */
  notifyEvents(): void;
  /** How often a batch event stream looks for changes. */
  eventsPollMs: number;
  /** Per-owner limits (queued jobs, streams, libraries) and the rate limit. */
  quotas: QuotaOptions;
  /** Open event streams per owner. */
  streams: StreamCounter;
}
