/** The store over either database: each role written once, composed into one `Store`. */
import type { Store, WorkerRegistry } from '../types.js';
import { sqlBatchStore } from './batches.js';
import { SqlContext, sqlContext, SqlStoreOptions } from './context.js';
import type { Dialect, Executor } from './dialect.js';
import { sqlJobStore } from './jobs.js';
import { sqlQueueStore } from './queue.js';
import { sqlLibraryStore, sqlTokenStore } from './tokens.js';
import { sqlWebhookStore } from './webhooks.js';

export function sqlStore(
  exec: Executor,
  d: Dialect,
  options: SqlStoreOptions,
  workers: (ctx: SqlContext) => WorkerRegistry,
): Store {
  const ctx = sqlContext(exec, d, options);
  return {
    ...sqlTokenStore(ctx),
    ...sqlJobStore(ctx),
    ...sqlBatchStore(ctx),
    ...sqlWebhookStore(ctx),
    ...sqlQueueStore(ctx, workers(ctx)),
    ...sqlLibraryStore(ctx),
    close: () => exec.close(),
  };
}
