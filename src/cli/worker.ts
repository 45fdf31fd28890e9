/**
 * `synroute worker`: planning workers without the HTTP server, on any machine
 * that reaches the PostgreSQL database. It claims jobs whose engine and
 * library versions it holds, keeps their leases alive, takes part in the
 * queue's upkeep (expired leases, stranded jobs), and on SIGTERM stops
 * claiming, lets running jobs finish for SYNROUTE_DRAIN_SECONDS (default 60)
 * and gives the rest back to the queue; a second SIGTERM gives them back at once.
 */
import { availableParallelism } from 'node:os';
import { pino } from 'pino';
import { queueSettings, workerUrl } from '../queue/settings.js';
import { ConfigError } from '../util/env.js';
import { listEngines } from '../engine/index.js';
import type { Logger } from '../queue/dispatcher.js';
import { capabilitiesOf } from '../queue/capabilities.js';
import { QueueWorker, queueWorker } from '../queue/queue-worker.js';
import { LibraryRegistry } from '../stock/registry.js';
import { openStore } from '../store/index.js';
import { UserError } from './errors.js';

export interface WorkerFlags {
  databaseUrl?: string;
  dataDir?: string;
  threads?: number;
}

const DEFAULT_DRAIN_MS = 60_000;

export async function workerCommand(flags: WorkerFlags): Promise<void> {
  const env = process.env;
  let settings;
  try {
    settings = queueSettings({ ...env, DATABASE_URL: flags.databaseUrl ?? env.DATABASE_URL });
  } catch (e) {
    if (e instanceof ConfigError) throw new UserError(e.message);
    throw e;
  }
  if (!settings.databaseUrl)
    throw new UserError(
      'synroute worker needs the PostgreSQL database the API uses: --database-url or DATABASE_URL',
    );
  const dataDir = flags.dataDir ?? env.SYNROUTE_DATA_DIR ?? './.synroute';
  const threads = flags.threads ?? (Number(env.SYNROUTE_WORKERS) || availableParallelism());
  // JSON lines on stderr, as the server's (Fastify's pino) log.
  const log = pino({ level: env.SYNROUTE_LOG_LEVEL ?? 'info' }, pino.destination(2));

  const libraries = new LibraryRegistry(dataDir);
  await libraries.ensureBundled((msg) => log.info({}, `${msg} (first start only)`));
  const store = await openStore({
    dataDir,
    databaseUrl: settings.databaseUrl,
    // A claim, a completion and a heartbeat may be in flight per thread.
    poolSize: threads + 3,
    applicationName: 'synroute-worker',
    shareResults: settings.shareResults,
  });
  const planWorker = env.SYNROUTE_PLAN_WORKER;
  const catalogs = { engines: { list: listEngines }, libraries };
  const worker = queueWorker({
    store,
    catalogs,
    log,
    dataDir,
    threads,
    workerFile: planWorker ? workerUrl(planWorker) : undefined,
    dispatcher: settings.dispatcher,
    maintenance: settings.maintenance,
  });
  await worker.start();
  log.info({ worker: worker.id, threads, ...capabilitiesOf(catalogs)() }, 'worker started');
  stopOnSignals(worker, store, log, settings.drainMs ?? DEFAULT_DRAIN_MS);
}

function stopOnSignals(
  worker: QueueWorker,
  store: { close(): Promise<void> },
  log: Logger,
  drainMs: number,
): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      log.info({ signal }, 'giving running jobs back to the queue now');
      worker.dispatcher?.stopDraining();
      return;
    }
    stopping = true;
    log.info({ signal, drainMs }, 'stopping: no new jobs; running ones may finish');
    void (async () => {
      try {
        await worker.stop(drainMs);
        await store.close();
        process.exit(0);
      } catch (e) {
        log.error({ err: e }, 'worker shutdown failed');
        process.exit(1);
      }
    })();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
