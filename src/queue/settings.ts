/**
 * Queue settings from the environment: leases, attempts, stranded jobs,
 * draining, shared results and the planning worker module (the variables are
 * listed with the others in src/api/config.ts).
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { ConfigError, flag, numbers } from '../util/env.js';
import type { DispatcherOptions } from './dispatcher.js';
import type { MaintenanceOptions } from './maintenance.js';

/** Queue settings shared by `synroute serve` and `synroute worker`. */
export interface QueueSettings {
  databaseUrl?: string;
  dispatcher: Partial<Omit<DispatcherOptions, 'workerId'>>;
  maintenance: Partial<MaintenanceOptions>;
  drainMs?: number;
  /** Identical jobs of different owners may share one result. */
  shareResults: boolean;
}

export function queueSettings(env: NodeJS.ProcessEnv = process.env): QueueSettings {
  const num = numbers(env);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  const grace = num('SYNROUTE_WATCHDOG_GRACE', 0);
  const lease = num('SYNROUTE_LEASE_SECONDS', 1);
  const attempts = num('SYNROUTE_MAX_ATTEMPTS', 1);
  const stranded = num('SYNROUTE_STRANDED_TIMEOUT', 1);
  const drain = num('SYNROUTE_DRAIN_SECONDS', 0);
  return {
    databaseUrl,
    dispatcher: {
      ...(attempts !== undefined ? { maxAttempts: attempts } : {}),
      ...(grace !== undefined ? { graceMs: grace * 1000 } : {}),
      // A lease outlives several missed heartbeats.
      ...(lease !== undefined ? { leaseMs: lease * 1000, heartbeatMs: (lease * 1000) / 4 } : {}),
    },
    maintenance: {
      ...(attempts !== undefined ? { maxAttempts: attempts } : {}),
      ...(stranded !== undefined ? { strandedTimeoutMs: stranded * 1000 } : {}),
      ...(lease !== undefined ? { intervalMs: Math.min(5_000, (lease * 1000) / 2) } : {}),
    },
    drainMs: drain === undefined ? undefined : drain * 1000,
    shareResults: flag(env, 'SYNROUTE_SHARE_RESULTS'),
  };
}

/** SYNROUTE_PLAN_WORKER as a module URL (a path or a file: URL). */
export function workerUrl(pathOrUrl: string): string {
  return pathOrUrl.startsWith('file:') ? pathOrUrl : pathToFileURL(resolve(pathOrUrl)).href;
}
