/**
 * Service settings from the environment (flags of `synroute serve` win):
 *
 * | variable | meaning | default |
 * | --- | --- | --- |
 * | HOST, PORT | listen address | 127.0.0.1, 8080 |
 * | SYNROUTE_DATA_DIR | database, libraries, uploads | ./.synroute |
 * | SYNROUTE_AUTH | `off`: single-user mode, loopback only | on |
 * | SYNROUTE_ALLOWED_HOSTS | single-user mode: Host names served besides loopback and localhost | none |
 * | DATABASE_URL | postgres://… : store and queue in PostgreSQL (shared by API and worker processes) | embedded SQLite |
 * | SYNROUTE_WORKERS | planning threads; 0 (PostgreSQL only): a stateless API, `synroute worker` plans | one per core |
 * | SYNROUTE_LEASE_SECONDS | how long a claimed job stays with a silent worker before it is re-queued | 120 |
 * | SYNROUTE_STRANDED_TIMEOUT | seconds a job waits for a worker with its engine and library versions | 900 |
 * | SYNROUTE_DRAIN_SECONDS | on SIGTERM, how long running jobs may finish before they are given back | 0 (serve), 60 (worker) |
 * | SYNROUTE_SHARE_RESULTS | `1`: identical jobs of different owners share results (serve and worker) | off |
 * | SYNROUTE_WEBHOOK_ALLOW_PRIVATE | `1`: webhooks may reach loopback, private and CGNAT addresses | off |
 * | SYNROUTE_WEBHOOK_ALLOW_CIDRS | comma-separated ranges webhooks may reach whatever their kind | none |
 * | SYNROUTE_WEBHOOK_CONCURRENCY | webhook deliveries attempted at once (per API process) | 8 |
 * | SYNROUTE_WEBHOOK_PER_OWNER | of those, at most this many for one owner | 2 |
 * | SYNROUTE_RATE_LIMIT | requests per token per minute (0: no limit) | 60000 |
 * | SYNROUTE_MAX_QUEUED_JOBS | jobs one owner may have waiting in the queue | 1000000 |
 * | SYNROUTE_MAX_STREAMS | event streams one owner may keep open (per API process) | 50 |
 * | SYNROUTE_MAX_LIBRARIES | building-block libraries one owner may upload | 100 |
 * | SYNROUTE_SECRET_KEY | base64 32-byte key sealing webhook secrets (same on every API server) | `secret.key` in the data dir |
 * | SYNROUTE_TRUST_PROXY | reverse proxy (TLS) in front: its addresses/CIDRs, a hop count, or `true`; X-Forwarded-* are then believed | none (a warning on non-loopback hosts) |
 * | SYNROUTE_MAX_PROCESSING_TIME | cap on a job's processing_time, seconds | none |
 * | SYNROUTE_MAX_ATTEMPTS | attempts before a crashing job fails | 3 |
 * | SYNROUTE_WATCHDOG_GRACE | seconds past processing_time before a worker is stopped | 30 |
 * | SYNROUTE_MAX_SMILES_LENGTH | longest accepted SMILES | 1000 |
 * | SYNROUTE_BODY_LIMIT_MB | largest JSON request | 64 |
 * | SYNROUTE_UPLOAD_LIMIT_MB | largest library upload | 512 |
 * | SYNROUTE_SQLITE_BUSY_MS | how long a request waits for another process's SQLite lock before 503 | 250 |
 * | SYNROUTE_LIBRARY_MAX_INFLATED_MB | largest upload once decompressed | 256 |
 * | SYNROUTE_LIBRARY_MAX_ROWS | most rows in an upload | 5000000 |
 * | SYNROUTE_IMPORT_MEMORY_MB | heap of the thread importing an upload | 4096 |
 * | SYNROUTE_IMPORT_TIMEOUT | seconds an upload's import may take | 3600 |
 * | SYNROUTE_PLAN_WORKER | alternative planning worker module (tests) | the engine's |
 * | SYNROUTE_LOG_LEVEL | pino level | info |
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import type { AppConfig } from './app.js';
import type { ImportLimits } from '../stock/import-thread.js';
import type { DispatcherOptions } from '../queue/dispatcher.js';
import type { MaintenanceOptions } from '../queue/maintenance.js';
import type { QuotaOptions } from './quotas.js';
import { WebhookPolicy } from './webhooks/policy.js';
import type { WebhookOptions } from './webhooks/sender.js';

export interface ServeFlags {
  host?: string;
  port?: number;
  dataDir?: string;
}

export interface ServiceConfig extends AppConfig {
  host: string;
  port: number;
  logLevel: string;
}

export class ConfigError extends Error {}

type NumberOf = (name: string, min: number) => number | undefined;

function numbers(env: NodeJS.ProcessEnv): NumberOf {
  return (name, min) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new ConfigError(`${name} must be a number >= ${min}`);
    return n;
  };
}

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

/** A comma-separated setting. */
function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
}

/** A yes/no setting: 1/on/true/yes or 0/off/false/no (unset: no). */
export function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (['', '0', 'off', 'false', 'no'].includes(raw)) return false;
  if (['1', 'on', 'true', 'yes'].includes(raw)) return true;
  throw new ConfigError(`${name} must be 1 or 0 (on/off)`);
}

export function serviceConfig(
  flags: ServeFlags,
  env: NodeJS.ProcessEnv = process.env,
): ServiceConfig {
  const num = numbers(env);
  const auth = (env.SYNROUTE_AUTH ?? 'on').toLowerCase();
  if (!['on', 'off', 'true', 'false', '1', '0'].includes(auth))
    throw new ConfigError('SYNROUTE_AUTH must be on or off');
  const mb = (name: string) => {
    const n = num(name, 1);
    return n === undefined ? undefined : n * 1024 * 1024;
  };
  const queue = queueSettings(env);
  const threads = num('SYNROUTE_WORKERS', 0);
  if (threads === 0 && !queue.databaseUrl)
    throw new ConfigError(
      'SYNROUTE_WORKERS=0 needs DATABASE_URL (PostgreSQL): planning then runs in `synroute worker` processes',
    );
  const worker = env.SYNROUTE_PLAN_WORKER;
  return {
    host: flags.host ?? env.HOST ?? '127.0.0.1',
    port: flags.port ?? num('PORT', 0) ?? 8080,
    dataDir: flags.dataDir ?? env.SYNROUTE_DATA_DIR ?? './.synroute',
    auth: !['off', 'false', '0'].includes(auth),
    allowedHosts: list(env.SYNROUTE_ALLOWED_HOSTS),
    threads: threads || undefined,
    runWorkers: threads !== 0,
    databaseUrl: queue.databaseUrl,
    maintenance: queue.maintenance,
    drainMs: queue.drainMs,
    shareResults: queue.shareResults,
    maxProcessingTime: num('SYNROUTE_MAX_PROCESSING_TIME', 1),
    maxSmilesLength: num('SYNROUTE_MAX_SMILES_LENGTH', 1),
    bodyLimitBytes: mb('SYNROUTE_BODY_LIMIT_MB'),
    uploadLimitBytes: mb('SYNROUTE_UPLOAD_LIMIT_MB'),
    libraryImport: importLimits(num, mb),
    sqliteBusyMs: num('SYNROUTE_SQLITE_BUSY_MS', 0),
    dispatcher: queue.dispatcher,
    webhooks: webhookSettings(env),
    quotas: quotaSettings(env),
    secretKey: secretKey(env.SYNROUTE_SECRET_KEY),
    trustProxy: trustProxy(env.SYNROUTE_TRUST_PROXY),
    workerFile: worker ? workerUrl(worker) : undefined,
    logLevel: env.SYNROUTE_LOG_LEVEL ?? 'info',
  };
}

function importLimits(
  num: NumberOf,
  mb: (name: string) => number | undefined,
): Partial<ImportLimits> {
  const rows = num('SYNROUTE_LIBRARY_MAX_ROWS', 1);
  const memory = num('SYNROUTE_IMPORT_MEMORY_MB', 16);
  const timeout = num('SYNROUTE_IMPORT_TIMEOUT', 1);
  const inflated = mb('SYNROUTE_LIBRARY_MAX_INFLATED_MB');
  return {
    ...(inflated !== undefined ? { maxInflatedBytes: inflated } : {}),
    ...(rows !== undefined ? { maxRows: rows } : {}),
    ...(memory !== undefined ? { memoryMb: memory } : {}),
    ...(timeout !== undefined ? { timeoutMs: timeout * 1000 } : {}),
  };
}

/** SYNROUTE_TRUST_PROXY: `true`, a hop count, or addresses/CIDRs separated by commas. */
export function trustProxy(raw: string | undefined): boolean | number | string[] | undefined {
  const text = raw?.trim();
  if (!text) return undefined;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  return list(text);
}

function secretKey(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (Buffer.from(raw.trim(), 'base64').length !== 32)
    throw new ConfigError(
      'SYNROUTE_SECRET_KEY must be 32 bytes in base64 (`openssl rand -base64 32`)',
    );
  return raw;
}

function quotaSettings(env: NodeJS.ProcessEnv): Partial<QuotaOptions> {
  const num = numbers(env);
  const settings: Partial<QuotaOptions> = {
    rateLimitPerMinute: num('SYNROUTE_RATE_LIMIT', 0),
    maxQueuedJobs: num('SYNROUTE_MAX_QUEUED_JOBS', 1),
    maxStreams: num('SYNROUTE_MAX_STREAMS', 1),
    maxLibraries: num('SYNROUTE_MAX_LIBRARIES', 0),
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}

function webhookSettings(env: NodeJS.ProcessEnv): Partial<WebhookOptions> {
  const num = numbers(env);
  const concurrency = num('SYNROUTE_WEBHOOK_CONCURRENCY', 1);
  const perOwner = num('SYNROUTE_WEBHOOK_PER_OWNER', 1);
  const allowCidrs = list(env.SYNROUTE_WEBHOOK_ALLOW_CIDRS);
  const options = { allowPrivate: flag(env, 'SYNROUTE_WEBHOOK_ALLOW_PRIVATE'), allowCidrs };
  try {
    new WebhookPolicy(options);
  } catch (e) {
    throw new ConfigError(`SYNROUTE_WEBHOOK_ALLOW_CIDRS: ${(e as Error).message}`);
  }
  return {
    ...options,
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(perOwner !== undefined ? { perOwner } : {}),
  };
}

/** SYNROUTE_PLAN_WORKER as a module URL (a path or a file: URL). */
export function workerUrl(pathOrUrl: string): string {
  return pathOrUrl.startsWith('file:') ? pathOrUrl : pathToFileURL(resolve(pathOrUrl)).href;
}
