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
import type { AppConfig } from './app.js';
import type { ImportLimits } from '../stock/import-thread.js';
import { queueSettings, workerUrl } from '../queue/settings.js';
import { ConfigError, flag, list, NumberOf, numbers } from '../util/env.js';
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
