/**
 * The service's API under load (issue 5): `synroute serve` in a child process
 * with two planning threads, driven over loopback.
 *
 * - POST /batches with 100,000 SMILES (request to answer, upload included);
 * - GET /batches/{id}/status at 100,000 jobs: latency percentiles of
 *   sequential requests while both cores plan;
 * - GET /batches/{id}/result for 100,000 jobs (plain and gzip/base64);
 * - status requests per second sustained under autocannon (10 connections,
 *   10 s) while both cores plan.
 *
 * Planning uses the real engine when its data is installed, otherwise a
 * stand-in worker that keeps each thread busy 200 ms per job.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { createToken } from '../src/api/auth.js';
import { ENGINES } from '../src/engine/engine.js';
import { LibraryRegistry } from '../src/stock/registry.js';
import { openStore } from '../src/store/index.js';
import { quantile, record, repoRoot } from './shared.js';

const JOBS = 100_000;

export async function apiBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'synroute-bench-api-'));
  const server = await startServer(dataDir);
  try {
    const results = await measure(server);
    record('api', { planning: server.planning, ...results });
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Server {
  url: string;
  headers: Record<string, string>;
  child: ChildProcess;
  planning: string;
}

async function measure(server: Server): Promise<Record<string, unknown>> {
  const smiles = (round: number) =>
    Array.from({ length: JOBS }, (_, i) => `CC(=O)Nc1ccc(O${'C'.repeat(i % 5)})cc1C${round}N${i}`);
  const create: number[] = [];
  let batchId = '';
  for (let round = 0; round < 3; round++) {
    const body = JSON.stringify({
      smiles: smiles(round),
      parameters: { retrosynthesis_engine: ENGINES[0].id, building_block_libraries: ['default'] },
    });
    const t = performance.now();
    const res = await fetch(`${server.url}/batches`, {
      method: 'POST',
      headers: server.headers,
      body,
    });
    const batch = (await res.json()) as { id: string; number_of_jobs: number };
    create.push(performance.now() - t);
    if (batch.number_of_jobs !== JOBS) throw new Error(`batch has ${batch.number_of_jobs} jobs`);
    batchId ||= batch.id;
  }
  await busyWorkers(server);

  const statusUrl = `${server.url}/batches/${batchId}/status`;
  const status: number[] = [];
  for (let i = 0; i < 2_000; i++) {
    const t = performance.now();
    await (await fetch(statusUrl, { headers: server.headers })).json();
    status.push(performance.now() - t);
  }
  status.sort((a, b) => a - b);

  const result = await timeResult(server, batchId, {});
  const resultGzip = await timeResult(server, batchId, { 'accept-encoding': 'gzip' });

  const load = await autocannon({
    url: statusUrl,
    headers: server.headers,
    connections: 10,
    duration: 10,
  });
  const processing = await processingJobs(server);
  const median = (xs: number[]) =>
    quantile(
      [...xs].sort((a, b) => a - b),
      0.5,
    );
  return {
    createBatchMs: { median: round1(median(create)), runs: create.map(round1) },
    statusMs: {
      p50: round2(quantile(status, 0.5)),
      p95: round2(quantile(status, 0.95)),
      p99: round2(quantile(status, 0.99)),
      requests: status.length,
    },
    resultMs: result,
    resultGzipMs: resultGzip,
    statusLoad: {
      requestsPerSecond: Math.round(load.requests.average),
      latencyP50Ms: load.latency.p50,
      latencyP97_5Ms: load.latency.p97_5,
      latencyP99Ms: load.latency.p99,
      errors: load.errors,
      non2xx: load.non2xx,
      connections: 10,
      seconds: 10,
      processingJobsAfter: processing,
    },
  };
}

async function timeResult(
  server: Server,
  batchId: string,
  extra: Record<string, string>,
): Promise<Record<string, number>> {
  const runs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const res = await fetch(`${server.url}/batches/${batchId}/result`, {
      headers: { ...server.headers, ...extra },
    });
    bytes = (await res.arrayBuffer()).byteLength;
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  return { median: round1(quantile(runs, 0.5)), max: round1(runs[runs.length - 1]), bytes };
}

/** Waits until both planning threads are busy. */
async function busyWorkers(server: Server): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await processingJobs(server)) >= 2) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('planning threads never got busy');
}

async function processingJobs(server: Server): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const m = /synroute_jobs\{status="processing"\} (\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

async function startServer(dataDir: string): Promise<Server> {
  const cache = join(repoRoot, 'test-artifacts', 'bundled-libraries');
  await new LibraryRegistry(cache).ensureBundled();
  mkdirSync(dataDir, { recursive: true });
  cpSync(join(cache, 'libraries'), join(dataDir, 'libraries'), { recursive: true });
  const store = await openStore({ dataDir });
  const { token } = await createToken(store, { name: 'bench' });
  await store.close();

  const engineData = ENGINES.every(
    (e) => existsSync(join(repoRoot, e.templateLibrary)) && existsSync(join(repoRoot, e.policy)),
  );
  const env: Record<string, string> = { SYNROUTE_WORKERS: '2', SYNROUTE_LOG_LEVEL: 'warn' };
  if (!engineData)
    env.SYNROUTE_PLAN_WORKER = pathToFileURL(
      join(repoRoot, 'dist', 'bench', 'api-busy-worker.js'),
    ).href;
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, 'dist', 'src', 'cli', 'main.js'),
      'serve',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      if (i > 600) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    child,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    planning: engineData ? 'real engine' : 'stand-in worker, 200 ms of CPU per job',
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;
