/**
 * Service settings from the environment (flags of `synroute serve` win):
 *
 * | variable | meaning | default |
 * | --- | --- | --- |
 * | HOST, PORT | listen address | 127.0.0.1, 8080 |
 * | SYNROUTE_DATA_DIR | database, libraries, uploads | ./.synroute |
 * | SYNROUTE_AUTH | `off`: single-user mode, loopback only | on |
 * | SYNROUTE_WORKERS | planning threads | one per core |
 * | SYNROUTE_MAX_PROCESSING_TIME | cap on a job's processing_time, seconds | none |
 * | SYNROUTE_MAX_ATTEMPTS | attempts before a crashing job fails | 3 |
 * | SYNROUTE_WATCHDOG_GRACE | seconds past processing_time before a worker is stopped | 30 |
 * | SYNROUTE_MAX_SMILES_LENGTH | longest accepted SMILES | 1000 |
 * | SYNROUTE_BODY_LIMIT_MB | largest JSON request | 64 |
 * | SYNROUTE_UPLOAD_LIMIT_MB | largest library upload | 512 |
 * | SYNROUTE_PLAN_WORKER | alternative planning worker module (tests) | the engine's |
 * | SYNROUTE_LOG_LEVEL | pino level | info |
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import type { AppConfig } from './app.js';

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

export function serviceConfig(
  flags: ServeFlags,
  env: NodeJS.ProcessEnv = process.env,
): ServiceConfig {
  const num = (name: string, min: number): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new ConfigError(`${name} must be a number >= ${min}`);
    return n;
  };
  const auth = (env.SYNROUTE_AUTH ?? 'on').toLowerCase();
  if (!['on', 'off', 'true', 'false', '1', '0'].includes(auth))
    throw new ConfigError('SYNROUTE_AUTH must be on or off');
  const mb = (name: string) => {
    const n = num(name, 1);
    return n === undefined ? undefined : n * 1024 * 1024;
  };
  const grace = num('SYNROUTE_WATCHDOG_GRACE', 0);
  const worker = env.SYNROUTE_PLAN_WORKER;
  return {
    host: flags.host ?? env.HOST ?? '127.0.0.1',
    port: flags.port ?? num('PORT', 0) ?? 8080,
    dataDir: flags.dataDir ?? env.SYNROUTE_DATA_DIR ?? './.synroute',
    auth: !['off', 'false', '0'].includes(auth),
    threads: num('SYNROUTE_WORKERS', 1),
    maxProcessingTime: num('SYNROUTE_MAX_PROCESSING_TIME', 1),
    maxSmilesLength: num('SYNROUTE_MAX_SMILES_LENGTH', 1),
    bodyLimitBytes: mb('SYNROUTE_BODY_LIMIT_MB'),
    uploadLimitBytes: mb('SYNROUTE_UPLOAD_LIMIT_MB'),
    dispatcher: {
      ...(num('SYNROUTE_MAX_ATTEMPTS', 1) !== undefined
        ? { maxAttempts: num('SYNROUTE_MAX_ATTEMPTS', 1) }
        : {}),
      ...(grace !== undefined ? { graceMs: grace * 1000 } : {}),
    },
    workerFile: worker ? workerUrl(worker) : undefined,
    logLevel: env.SYNROUTE_LOG_LEVEL ?? 'info',
  };
}

function workerUrl(pathOrUrl: string): string {
  return pathOrUrl.startsWith('file:') ? pathOrUrl : pathToFileURL(resolve(pathOrUrl)).href;
}
