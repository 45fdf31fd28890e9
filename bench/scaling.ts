/**
 * Scale-out on PostgreSQL (issue 6), on a throwaway PostgreSQL cluster with
 * its default durability (fsync and synchronous commit on), or the server at
 * SYNROUTE_BENCH_DATABASE_URL (a superuser URL; databases are created in it):
 *
 * - throughput of `synroute worker` processes with the real default engine:
 *   the first SCALING_TARGETS (default 40) targets of dev-throughput-100.smi
 *   against the bundled `default` library, one route wanted, processing_time
 *   capped at SCALING_SECONDS (default 5), submitted through the API (in this
 *   process, no planning threads) to a fresh database per configuration:
 *   1 and 2 worker processes of 1 thread, and of 2 threads (the default on
 *   this 2-core machine: 4 threads then share 2 cores). Workers are warmed up
 *   first (engine data loaded in every thread);
 * - claim latency with 1,000,000 queued jobs (SCALING_QUEUED; batches of
 *   100,000 from two owners, created through the store), against the same
 *   claims at 10,000 queued: sequential claims and completions, eight
 *   concurrent claimers then completers, and batch status (store and HTTP)
 *   and queue counts at that size.
 *
 * The machine is shared: each throughput run records the load average and
 * how much a second thread adds to one (twoThreadSpeedupProbe: 2 when both
 * cores are free).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker as Thread } from 'node:worker_threads';
import pg from 'pg';
import { buildApp } from '../src/api/app.js';
import { createToken } from '../src/api/auth.js';
import { LibraryRegistry } from '../src/stock/registry.js';
import { openPgStore } from '../src/store/pg/store.js';
import type { ClaimedJob, ParamSetInput } from '../src/store/types.js';
import { NO_ROUTE, Parameters, PlanJobOutput } from '../src/contract/index.js';
import { startCluster } from '../test/helpers/postgres.js';
import { quantile, readSmilesFile, record, repoRoot, sharedDir } from './shared.js';

const cliPath = join(repoRoot, 'dist', 'src', 'cli', 'main.js');
const TARGETS = Number(process.env.SCALING_TARGETS ?? 40);
const SECONDS = Number(process.env.SCALING_SECONDS ?? 5);
const QUEUED = Number(process.env.SCALING_QUEUED ?? 1_000_000);
const BATCH = 100_000;

const PARAMETERS: Parameters = {
  retrosynthesis_engine: 'synroute_default',
  building_block_libraries: ['default'],
  number_of_routes: 1,
  processing_time: 60,
  building_block_limit: 3,
  reaction_limit: 3,
};

export async function scalingBench(): Promise<void> {
  const loadBefore = loadavg().map((x) => Math.round(x * 100) / 100);
  const server = await postgresServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'synroute-bench-scaling-'));
  try {
    await seedLibraries(dataDir);
    const all = readSmilesFile(join(sharedDir(), 'bench', 'dev-throughput-100.smi'));
    const targets = all.slice(0, TARGETS);
    const warmUp = all.slice(-4);
    const throughput: Record<string, unknown>[] = [];
    for (const [processes, threads] of [
      [1, 1],
      [2, 1],
      [1, 2],
      [2, 2],
    ]) {
      const url = await server.database(`scaling_${processes}x${threads}`);
      // How much of a second core other work left free just before this run (the machine is shared).
      const cpu = await cpuProbe();
      const load = loadavg()[0];
      const run = await measureThroughput(url, dataDir, { processes, threads, targets, warmUp });
      const row = {
        processes,
        threadsPerProcess: threads,
        ...run,
        twoThreadSpeedupProbe: cpu,
        loadavg1mBeforeAfter: [round(load), round(loadavg()[0])],
      };
      process.stdout.write(`  ${processes} × ${threads}: ${JSON.stringify(row)}\n`);
      throughput.push(row);
    }
    const rate = (p: number, t: number) =>
      throughput.find((r) => r.processes === p && r.threadsPerProcess === t)!.jobsPerHour as number;
    const claims = await measureClaims(await server.database('scaling_claims'), dataDir);
    record('scaling', {
      postgres: server.description,
      loadavgBefore: loadBefore,
      throughput: {
        targets: `first ${targets.length} of dev-throughput-100.smi`,
        library: 'default (bundled)',
        settings: `number_of_routes 1, processing_time capped at ${SECONDS} s (SYNROUTE_MAX_PROCESSING_TIME)`,
        runs: throughput,
        ratioTwoProcessesOneThread: round(rate(2, 1) / rate(1, 1)),
        ratioTwoProcessesTwoThreads: round(rate(2, 2) / rate(1, 2)),
      },
      claims,
    });
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Server {
  description: string;
  /** A fresh database; its URL. */
  database(name: string): Promise<string>;
  stop(): Promise<void>;
}

async function postgresServer(): Promise<Server> {
  const given = process.env.SYNROUTE_BENCH_DATABASE_URL;
  const cluster = given ? undefined : await startCluster({ durable: true });
  const adminUrl = given ?? cluster!.url;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const version = (await admin.query('SHOW server_version')).rows[0].server_version as string;
  const created: string[] = [];
  return {
    description: given
      ? `PostgreSQL ${version} at SYNROUTE_BENCH_DATABASE_URL`
      : `PostgreSQL ${version}, throwaway cluster on this machine (default durability, shared_buffers 128MB)`,
    async database(name) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      created.push(name);
      const u = new URL(adminUrl);
      u.pathname = `/${name}`;
      return u.toString();
    },
    async stop() {
      for (const name of created)
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await admin.end();
      cluster?.stop();
    },
  };
}

/** The bundled libraries, built once into test-artifacts/ (as the tests and other benches do). */
async function seedLibraries(dataDir: string): Promise<void> {
  const cache = join(repoRoot, 'test-artifacts', 'bundled-libraries');
  await new LibraryRegistry(cache).ensureBundled();
  mkdirSync(dataDir, { recursive: true });
  cpSync(join(cache, 'libraries'), join(dataDir, 'libraries'), { recursive: true });
}

async function measureThroughput(
  url: string,
  dataDir: string,
  o: { processes: number; threads: number; targets: string[]; warmUp: string[] },
): Promise<Record<string, unknown>> {
  const app = await buildApp({
    dataDir,
    databaseUrl: url,
    runWorkers: false,
    maxProcessingTime: SECONDS,
  });
  const workers: Worker[] = [];
  try {
    await app.ready();
    const { token } = await createToken(app.synroute.store, { name: 'bench' });
    const submit = async (smiles: string[]) => {
      const res = await app.inject({
        method: 'POST',
        url: '/batches',
        headers: { authorization: `Bearer ${token}` },
        payload: { smiles, parameters: PARAMETERS },
      });
      if (res.statusCode !== 200) throw new Error(`POST /batches: ${res.statusCode} ${res.body}`);
      return (res.json() as { id: string }).id;
    };
    const done = async (id: string) => {
      for (;;) {
        const batch = await app.synroute.store.getBatch('bench', id);
        if (batch?.completedAt) return;
        if (workers.some((w) => w.child.exitCode !== null)) throw new Error('a worker exited');
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    for (let i = 0; i < o.processes; i++) workers.push(await startWorker(url, dataDir, o.threads));
    // One job per thread loads the engine data everywhere before the clock starts.
    await done(await submit(o.warmUp.slice(0, o.processes * o.threads)));

    const t = performance.now();
    const id = await submit(o.targets);
    await done(id);
    const seconds = (performance.now() - t) / 1000;

    const rss = workers.map((w) => residentMb(w.child.pid!));
    const stats = await jobStats(url, id);
    return {
      jobs: o.targets.length,
      seconds: round(seconds),
      jobsPerHour: Math.round((o.targets.length / seconds) * 3600),
      ...stats,
      searchIterationsPerSecond: Math.round(stats.iterations / seconds),
      workerResidentMb: rss,
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await app.close();
  }
}

async function jobStats(
  url: string,
  batchId: string,
): Promise<{ solved: number; stoppedByTime: number; iterations: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = (
      await client.query(
        `SELECT r.summary, r.stats FROM jobs j JOIN results r ON r.id = j.result
         WHERE j.batch = (SELECT seq FROM batches WHERE id = $1)`,
        [batchId],
      )
    ).rows as { summary: string; stats: string }[];
    let solved = 0;
    let stoppedByTime = 0;
    let iterations = 0;
    for (const r of rows) {
      const summary = JSON.parse(r.summary) as PlanJobOutput['summary'];
      const stats = JSON.parse(r.stats) as PlanJobOutput['stats'];
      if (summary.synthesizable) solved++;
      if (stats.stopReason === 'time') stoppedByTime++;
      iterations += stats.iterations;
    }
    return { solved, stoppedByTime, iterations };
  } finally {
    await client.end();
  }
}

/**
 * Work done by two threads spinning for a second together, relative to one
 * alone: 2 on an idle 2-core machine, less when other processes hold a core.
 */
async function cpuProbe(): Promise<number> {
  const spin = (threads: number) =>
    Promise.all(
      Array.from(
        { length: threads },
        () =>
          new Promise<number>((resolve, reject) => {
            const w = new Thread(SPIN, { eval: true, workerData: 1_000 });
            w.once('message', resolve);
            w.once('error', reject);
          }),
      ),
    ).then((counts) => counts.reduce((a, b) => a + b, 0));
  const one = await spin(1);
  const two = await spin(2);
  return round(two / one);
}

const SPIN = `
const { parentPort, workerData } = require('node:worker_threads');
const end = Date.now() + workerData;
let n = 0, x = 1;
while (Date.now() < end) { for (let i = 0; i < 10000; i++) x = (x * 48271) % 2147483647; n++; }
parentPort.postMessage(n);
`;

/** Resident memory of a process (Linux /proc), in MB. */
function residentMb(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

interface Worker {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `synroute worker` from dist/, once it logged "worker started". */
async function startWorker(url: string, dataDir: string, threads: number): Promise<Worker> {
  const child = spawn(
    process.execPath,
    [cliPath, 'worker', '--database-url', url, '--data-dir', dataDir, '--threads', String(threads)],
    { env: { ...process.env, SYNROUTE_LOG_LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadline = Date.now() + 120_000;
  while (!output.includes('"worker started"')) {
    if (child.exitCode !== null) throw new Error(`worker exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`worker did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function measureClaims(url: string, dataDir: string): Promise<Record<string, unknown>> {
  const store = await openPgStore(url, { max: 12 });
  const paramSet: ParamSetInput = {
    runParameters: PARAMETERS,
    engineVersion: 'bench-engine',
    libraryVersions: { default: 'bench-library' },
  };
  const capabilities = { engines: ['bench-engine'], libraries: { default: 'bench-library' } };
  const batches: { owner: string; id: string }[] = [];
  /** Creates batches (of at most 100,000, two owners in turn) until `total` jobs are queued. */
  const fill = async (total: number) => {
    for (;;) {
      const queued = (await store.queueStats()).queued;
      if (queued >= total) return;
      const b = batches.length;
      const owner = `owner${b % 2}`;
      const size = Math.min(BATCH, total - queued);
      const smiles = Array.from({ length: size }, (_, i) => `CC(=O)Nc1ccc(O)cc1C${b}x${i}`);
      const batch = await store.createBatch({
        owner,
        name: null,
        description: null,
        filename: null,
        parameters: PARAMETERS,
        paramSet,
        smiles,
      });
      batches.push({ owner, id: batch.id });
    }
  };
  /** One worker claiming one job at a time, as a dispatcher fills a free slot. */
  const claimSequentially = async (n: number, claimed: ClaimedJob[]) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      const job = await store.claimNext('bench-worker', 120_000, capabilities);
      ms.push(performance.now() - t);
      if (!job) throw new Error('queue ran dry');
      claimed.push(job);
    }
    return latency(ms);
  };
  try {
    // Reference: the same claims with a small queue.
    await fill(10_000);
    const claimMsAt10k = await claimSequentially(1_000, []);

    let t = performance.now();
    await fill(QUEUED);
    const insertSeconds = (performance.now() - t) / 1000;
    await store.db.pool.query('ANALYZE');
    const queued = (await store.queueStats()).queued;
    if (queued !== QUEUED) throw new Error(`expected ${QUEUED} queued jobs, found ${queued}`);

    const claimed: ClaimedJob[] = [];
    const claimMs = await claimSequentially(2_000, claimed);
    const completeMs: number[] = [];
    for (const job of claimed.splice(0, 1_000)) {
      t = performance.now();
      await store.completeJob(job, output(job.smiles));
      completeMs.push(performance.now() - t);
    }

    // Eight claimers at once (eight worker threads across machines), then eight completers.
    const concurrentClaims = await concurrently(8, 250, async (w) => {
      const job = await store.claimNext(`bench-worker-${w}`, 120_000, capabilities);
      if (job) claimed.push(job);
    });
    const concurrentCompletions = await concurrently(8, claimed.length / 8, async () => {
      const job = claimed.pop()!;
      await store.completeJob(job, output(job.smiles));
    });

    const status = await statusLatency(url, dataDir, batches[1]);
    const queueStatsMs: number[] = [];
    for (let i = 0; i < 200; i++) {
      t = performance.now();
      await store.queueStats();
      queueStatsMs.push(performance.now() - t);
    }
    return {
      queuedJobs: QUEUED,
      batches: batches.length,
      insertSeconds: round(insertSeconds),
      claimMsAt10k,
      claimMs,
      completeMs: latency(completeMs),
      concurrentClaims,
      concurrentCompletions,
      statusMs: status,
      queueStatsMs: latency(queueStatsMs),
    };
  } finally {
    await store.close();
  }
}

/** `workers` loops of `each` calls at once: per-call latency and calls per second overall. */
async function concurrently(
  workers: number,
  each: number,
  call: (worker: number) => Promise<void>,
): Promise<Record<string, unknown>> {
  const ms: number[] = [];
  const t = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; i < each; i++) {
        const s = performance.now();
        await call(w);
        ms.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t) / 1000;
  return { workers, ms: latency(ms), perSecond: Math.round(ms.length / seconds) };
}

/** GET /batches/{id}/status (auth included) and the store read under it, at 1,000,000 jobs. */
async function statusLatency(
  url: string,
  dataDir: string,
  batch: { owner: string; id: string },
): Promise<Record<string, unknown>> {
  const app = await buildApp({ dataDir, databaseUrl: url, runWorkers: false });
  try {
    await app.ready();
    const { token } = await createToken(app.synroute.store, { name: batch.owner });
    const http: number[] = [];
    for (let i = 0; i < 1_000; i++) {
      const t = performance.now();
      const res = await app.inject({
        method: 'GET',
        url: `/batches/${batch.id}/status`,
        headers: { authorization: `Bearer ${token}` },
      });
      http.push(performance.now() - t);
      if (res.statusCode !== 200) throw new Error(`status: ${res.statusCode}`);
    }
    const store: number[] = [];
    for (let i = 0; i < 1_000; i++) {
      const t = performance.now();
      await app.synroute.store.getBatch(batch.owner, batch.id);
      store.push(performance.now() - t);
    }
    return { http: latency(http), storeRead: latency(store) };
  } finally {
    await app.close();
  }
}

function output(smiles: string): PlanJobOutput {
  return {
    status: 'completed',
    canonicalSmiles: smiles,
    routes: [],
    summary: NO_ROUTE,
    stats: {
      stopReason: 'exhausted',
      iterations: 1,
      elapsedMs: 1,
      firstRouteMs: null,
      engineVersion: 'bench-engine',
    },
  };
}

function latency(ms: number[]): Record<string, number> {
  const s = [...ms].sort((a, b) => a - b);
  return {
    p50: round(quantile(s, 0.5)),
    p95: round(quantile(s, 0.95)),
    p99: round(quantile(s, 0.99)),
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
