/**
 * The service as one Fastify instance: the Retro v2 API, engines and
 * libraries, docs and metrics, over a store, with the queue dispatcher and
 * its worker threads started when the app is ready and stopped when it closes.
 * Tests use `app.inject`; `synroute serve` calls `listen`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { FastifyInstance, FastifyServerOptions } from 'fastify';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { DEFAULT_ENGINE_ID, getEngine, listEngines } from '../engine/index.js';
import type { Dispatcher, DispatcherOptions } from '../queue/dispatcher.js';
import type { MaintenanceOptions } from '../queue/maintenance.js';
import { queueWorker } from '../queue/queue-worker.js';
import type { PlanRunner } from '../queue/runner.js';
import { IMPORT_LIMIT_DEFAULTS, ImportLimits, threadImporter } from '../stock/import-thread.js';
import { BUNDLED_LIBRARIES, LibraryRegistry } from '../stock/registry.js';
import { API_BUSY_TIMEOUT_MS, openStore } from '../store/index.js';
import { timeId } from '../store/ids.js';
import type { Store } from '../store/types.js';
import { ensurePrivateDir } from '../util/files.js';
import { packageRoot } from '../util/paths.js';
import { authenticate, isLoopback, localOnly } from './auth.js';
import { redactTokens } from './log-redaction.js';
import { refuseNulCharacters } from './nul-characters.js';
import {
  QUOTA_DEFAULTS,
  QuotaOptions,
  rateLimitError,
  rateLimitKey,
  StreamCounter,
} from './quotas.js';
import { consoleRoutes } from './console.js';
import type { ApiContext } from './context.js';
import { errorHandler, errorBody, frameworkError } from './errors.js';
import { securityHeaders } from './security-headers.js';
import { createMetrics, ServiceMetrics } from './metrics.js';
import { tolerateEmptyBodies } from './no-body.js';
import { servedDocument, validationSchemas } from './openapi.js';
import type { EngineCatalog, LibraryCatalog } from './params.js';
import { batchLifecycleRoutes } from './routes/batch-lifecycle.js';
import { batchRoutes } from './routes/batches.js';
import { lifecycleV2Routes } from './routes/lifecycle-v2.js';
import { scoringRoutes } from './routes/scoring-v1.js';
import { WEBHOOK_DEFAULTS, WebhookOptions, WebhookSender } from './webhooks/sender.js';
import { loadSecretKey, SecretBox, WebhookSecrets } from './webhooks/secret-box.js';
import { engineRoutes } from './routes/engines.js';
import { jobRoutes } from './routes/jobs.js';
import { libraryRoutes } from './routes/libraries.js';
import { systemRoutes } from './routes/system.js';
import { tokenRoutes } from './routes/tokens.js';

export interface AppConfig {
  dataDir: string;
  /** postgres://… : store and queue in PostgreSQL, shared with other API and worker processes. */
  databaseUrl?: string;
  /** At shutdown, how long running jobs may finish before they go back to the queue (default 0). */
  drainMs?: number;
  /** Upkeep of a shared queue (lease expiry, stranded jobs); PostgreSQL only. */
  maintenance?: Partial<MaintenanceOptions>;
  /** Address the server will listen on; single-user mode is refused unless it is loopback. */
  host?: string;
  /** Identical jobs of different owners may share one result (default: only within an owner). */
  shareResults?: boolean;
  /** Bearer tokens required (default). `false` is the single-user mode. */
  auth?: boolean;
  /**
   * Single-user mode: Host names served besides loopback addresses and
   * localhost (and `host`), e.g. a name of this machine in /etc/hosts.
   */
  allowedHosts?: string[];
  /** Planning threads (default: one per core). */
  threads?: number;
  /** Operator cap on processing_time, seconds. */
  maxProcessingTime?: number;
  maxSmilesLength?: number;
  maxBatchJobs?: number;
  bodyLimitBytes?: number;
  uploadLimitBytes?: number;
  /** Drawing time of one /depict picture before it is refused, ms (default 5 s). */
  depictTimeoutMs?: number;
  /** SQLite: how long a request waits for another process's lock before 503, ms. */
  sqliteBusyMs?: number;
  /** Limits on importing an upload (size once inflated, rows, memory, time). */
  libraryImport?: Partial<ImportLimits>;
  dispatcher?: Partial<Omit<DispatcherOptions, 'workerId'>>;
  /** Run planning in this process (default true). */
  runWorkers?: boolean;
  /** Planning runner (default: worker threads over `workerFile`, or the engine's worker). */
  runner?: PlanRunner;
  workerFile?: string;
  engines?: EngineCatalog;
  libraries?: LibraryCatalog;
  /** Build the bundled libraries on start (default true). */
  bundledLibraries?: boolean;
  logger?: FastifyServerOptions['logger'];
  webhooks?: Partial<WebhookOptions>;
  /** How often batch event streams look for changes (default 500 ms). */
  eventsPollMs?: number;
  /**
   * Proxies whose X-Forwarded-For/-Proto/-Host are believed (Fastify's
   * trustProxy: addresses or CIDRs, a hop count, or true for any).
   */
  trustProxy?: boolean | number | string[];
  /** Key of webhook secrets at rest, base64 (default: `secret.key` in the data directory). */
  secretKey?: string;
  /** Per-owner quotas and the per-token rate limit (QUOTA_DEFAULTS otherwise). */
  quotas?: Partial<QuotaOptions>;
}

export const LIMIT_DEFAULTS = {
  maxSmilesLength: 1_000,
  maxBatchJobs: 100_000,
  bodyLimitBytes: 64 * 1024 * 1024,
  uploadLimitBytes: 512 * 1024 * 1024,
};

declare module 'fastify' {
  interface FastifyInstance {
    synroute: { store: Store; dispatcher?: Dispatcher; context: ApiContext };
  }
}

export async function buildApp(config: AppConfig): Promise<FastifyInstance> {
  const auth = config.auth ?? true;
  if (!auth && config.host !== undefined && !isLoopback(config.host))
    throw new Error(
      `single-user mode (SYNROUTE_AUTH=off) listens on loopback only, not ${config.host}`,
    );
  const limits = { ...LIMIT_DEFAULTS, ...definedOnly(config) };
  const quotas = { ...QUOTA_DEFAULTS, ...config.quotas };
  ensurePrivateDir(config.dataDir);
  const store = await openStore({
    dataDir: config.dataDir,
    maxBatchJobs: limits.maxBatchJobs,
    databaseUrl: config.databaseUrl,
    applicationName: 'synroute-api',
    busyTimeoutMs: config.sqliteBusyMs ?? API_BUSY_TIMEOUT_MS,
    shareResults: config.shareResults,
  });
  const app = Fastify({
    logger: redactTokens(config.logger ?? false),
    bodyLimit: limits.bodyLimitBytes,
    genReqId: () => timeId('req'),
    // A union here confuses Fastify's server-type overloads; every member is a valid value.
    trustProxy: (config.trustProxy ?? false) as never,
    requestIdHeader: false,
    ajv: {
      customOptions: {
        allErrors: true,
        // The spec's patterns use escapes (`\:`) that Unicode-mode regular expressions reject.
        unicodeRegExp: false,
        strict: false,
        coerceTypes: 'array',
        useDefaults: true,
        removeAdditional: false,
      },
    },
    schemaErrorFormatter: (errors) => new Error(`${errors.length} validation error(s)`),
    frameworkErrors: frameworkError,
    // Path parameters of any length reach the routes' schemas (ids: at most 255 characters,
    // answered 422 past that); the request line's own limit (16 KB) bounds them anyway.
    routerOptions: { maxParamLength: 16 * 1024 },
  });
  app.addHook('onClose', () => store.close());
  try {
    const libraries = config.libraries ?? (await bundledRegistry(config, app));
    const metrics = createMetrics(store);
    const secretKey = loadSecretKey(config.dataDir, config.secretKey);
    const webhookSecrets = new WebhookSecrets(store, new SecretBox(secretKey));
    const webhooks = new WebhookSender(
      store,
      { ...WEBHOOK_DEFAULTS, ...config.webhooks },
      webhookSecrets,
      app.log,
    );
    const engines = config.engines ?? engineCatalog();
    const worker = queueWorker({
      store,
      catalogs: { engines, libraries },
      log: app.log,
      runWorkers: config.runWorkers,
      runner: config.runner,
      dataDir: config.dataDir,
      threads: config.threads,
      workerFile: config.workerFile,
      dispatcher: config.dispatcher,
      maintenance: config.maintenance,
      hooks: {
        onFinished: (outcome, output) => {
          metrics.onFinished(outcome, output);
          // A finished job may have completed its batch and queued a webhook event.
          webhooks.kick();
        },
      },
    });
    const { dispatcher } = worker;
    const ctx: ApiContext = {
      store,
      engines,
      libraries,
      maxProcessingTime: config.maxProcessingTime,
      dataDir: config.dataDir,
      notifyQueued: () => dispatcher?.kick(),
      maxBatchJobs: limits.maxBatchJobs,
      maxSmilesLength: limits.maxSmilesLength,
      uploadLimitBytes: limits.uploadLimitBytes,
      workerSlots: worker.slots,
      notifyStopped: () => void dispatcher?.checkClaims(),
      notifyEvents: () => webhooks.kick(),
      webhookPolicy: webhooks.policy,
      webhookSecrets,
      quotas,
      streams: new StreamCounter(quotas.maxStreams),
      eventsPollMs: config.eventsPollMs ?? 500,
    };
    app.decorate('synroute', { store, dispatcher, context: ctx });
    const allowedHosts = [...(config.allowedHosts ?? []), ...(config.host ? [config.host] : [])];
    await registerAll(app, ctx, {
      limits,
      metrics,
      auth,
      allowedHosts,
      depictTimeoutMs: config.depictTimeoutMs,
    });
    app.addHook('onReady', () => worker.start());
    app.addHook('preClose', () => worker.stop(config.drainMs));
    app.addHook('onReady', async () => webhooks.start());
    app.addHook('preClose', () => webhooks.stop());
    return app;
  } catch (e) {
    await app.close();
    throw e;
  }
}

async function registerAll(
  app: FastifyInstance,
  ctx: ApiContext,
  opts: {
    limits: typeof LIMIT_DEFAULTS;
    metrics: ServiceMetrics;
    auth: boolean;
    depictTimeoutMs?: number;
    allowedHosts: string[];
  },
): Promise<void> {
  const { limits, metrics } = opts;
  const document = servedDocument({ maxSmilesLength: limits.maxSmilesLength });
  app.addSchema(validationSchemas({ maxSmilesLength: limits.maxSmilesLength }));
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) =>
    reply
      .code(404)
      .send(errorBody(req, 404, 'not_found', `No route ${req.method} ${req.url.split('?')[0]}.`)),
  );
  // Without tokens, what keeps other sites out is that only local names are served.
  if (!opts.auth) app.addHook('onRequest', localOnly(opts.allowedHosts));
  app.addHook('onRequest', authenticate(ctx.store, opts.auth));
  app.addHook('preValidation', refuseNulCharacters);
  tolerateEmptyBodies(app);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    securityHeaders(reply);
  });
  // Counted per token after authentication (so before any route work); routes come after.
  if (ctx.quotas.rateLimitPerMinute > 0)
    await app.register(rateLimit, {
      hook: 'preHandler',
      max: ctx.quotas.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: rateLimitKey,
      errorResponseBuilder: rateLimitError,
    });
  await app.register(multipart, {
    limits: { fileSize: limits.uploadLimitBytes, files: 1, fields: 10 },
  });
  await app.register(swagger, { mode: 'static', specification: { document: document as never } });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // No calls to the public validator service: everything is served from here.
    uiConfig: { validatorUrl: null, persistAuthorization: true } as never,
    staticCSP: DOCS_CSP,
  });
  systemRoutes(app, ctx, metrics, document, packageVersion());
  jobRoutes(app, ctx);
  batchRoutes(app, ctx);
  batchLifecycleRoutes(app, ctx);
  scoringRoutes(app, ctx);
  await lifecycleV2Routes(app, ctx);
  engineRoutes(app, ctx);
  libraryRoutes(app, ctx);
  tokenRoutes(app, ctx);
  await consoleRoutes(app, ctx, document, { depictTimeoutMs: opts.depictTimeoutMs });
}

/** The docs page loads its scripts and styles from here only, and is never framed. */
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Swagger UI sets style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

async function bundledRegistry(config: AppConfig, app: FastifyInstance): Promise<LibraryCatalog> {
  // Uploads are untrusted: each is imported in a thread with memory and time limits.
  const registry = new LibraryRegistry(
    config.dataDir,
    BUNDLED_LIBRARIES,
    threadImporter({ ...IMPORT_LIMIT_DEFAULTS, ...config.libraryImport }),
  );
  registry.sweepPartialFiles();
  if (config.bundledLibraries !== false)
    await registry.ensureBundled((msg) => app.log.info(`${msg} (first start only)`));
  return registry;
}

function engineCatalog(): EngineCatalog {
  return { list: listEngines, get: getEngine, defaultId: DEFAULT_ENGINE_ID };
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function definedOnly(config: AppConfig): Partial<typeof LIMIT_DEFAULTS> {
  const out: Partial<typeof LIMIT_DEFAULTS> = {};
  for (const k of Object.keys(LIMIT_DEFAULTS) as (keyof typeof LIMIT_DEFAULTS)[])
    if (config[k] !== undefined) out[k] = config[k];
  return out;
}
