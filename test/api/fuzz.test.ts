/**
 * Fuzzing the whole API (issue 17's "done when"): thousands of random and
 * adversarial requests to every operation of the served OpenAPI document,
 * from two owners, an admin and clients without a valid token, on each
 * backend. No answer may be a 5xx (but the documented 503s), none a 2xx on
 * another owner's resource, every error in its API's shape, nothing may
 * crash, and afterwards the service still plans jobs and batches.
 *
 * The requests follow from the seed (printed; SYNROUTE_FUZZ_SEED replays a
 * run, `random` draws a new one) and SYNROUTE_FUZZ_REQUESTS sets how many.
 * Requests go in rounds of a few at a time, so resources made in a round are
 * named by later ones in the same order on every run.
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/api/auth.js';
import { importLibraryFile } from '../../src/stock/import.js';
import { IMPORT_LIMIT_DEFAULTS, threadImporter } from '../../src/stock/import-thread.js';
import { LibraryRegistry } from '../../src/stock/registry.js';
import { Body, params, startTestApp, TestApp } from '../helpers/api.js';
import { BACKEND } from '../helpers/backend.js';
import { Answer, Contract } from '../helpers/fuzz/contract.js';
import { fuzzSeed, Rng } from '../helpers/fuzz/random.js';
import { Failure, failureSummary, logLine, RunStats } from '../helpers/fuzz/report.js';
import {
  FuzzRequest,
  Generator,
  Identity,
  nextRequest,
  operationsOf,
} from '../helpers/fuzz/requests.js';
import { Resources } from '../helpers/fuzz/resources.js';
import { untilValue } from '../helpers/wait.js';

const SEED = fuzzSeed();
const REQUESTS = Number(process.env.SYNROUTE_FUZZ_REQUESTS ?? 6000);
/** Requests in flight at once (one round). */
const ROUND = 8;
/**
 * Uploads that reach the import (a thread loading RDKit, most of a second
 * each): four, then one per 300 requests. By position, not by the run's
 * length, so a shorter run sends the same first requests.
 */
const importsAllowed = (sent: number) => 4 + Math.floor(sent / 300);
/** A file to write every request and its answer to (SYNROUTE_FUZZ_LOG), to study a run. */
const LOG = process.env.SYNROUTE_FUZZ_LOG;
/** No request may take longer (a hung request is a failure too). */
const ANSWER_DEADLINE_MS = 60_000;

/** Small limits, so that requests over them are cheap to make. */
const LIMITS = {
  bodyLimitBytes: 1024 * 1024,
  uploadLimitBytes: 128 * 1024,
  maxBatchJobs: 500,
  maxInflatedBytes: 512 * 1024,
};

let t: TestApp;
let dataDir: string;
let doc: Body;
const errorLogs: string[] = [];
const crashes: string[] = [];
const onCrash = (e: unknown) => crashes.push(String((e as Error)?.stack ?? e));

beforeAll(async () => {
  process.on('unhandledRejection', onCrash);
  process.on('uncaughtException', onCrash);
  dataDir = mkdtempSync(join(tmpdir(), 'synroute-fuzz-'));
  const libraries = await registryWithDefault(dataDir);
  t = await startTestApp({
    dataDir,
    libraries,
    bodyLimitBytes: LIMITS.bodyLimitBytes,
    uploadLimitBytes: LIMITS.uploadLimitBytes,
    maxBatchJobs: LIMITS.maxBatchJobs,
    depictTimeoutMs: 2_000,
    eventsPollMs: 250,
    // Low quotas, so that requests over them are made too.
    quotas: { maxLibraries: 8, maxStreams: 5, maxQueuedJobs: 3_000 },
    // Every webhook host "resolves" to loopback, which the policy refuses: nothing is ever reached.
    webhooks: { resolve: async () => [{ address: '127.0.0.1', family: 4 }], pollMs: 200 },
    logger: { level: 'error', stream: lines(errorLogs) },
  });
  doc = JSON.parse((await t.app.inject({ url: '/openapi.json' })).body);
});

afterAll(async () => {
  await t?.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.off('unhandledRejection', onCrash);
  process.off('uncaughtException', onCrash);
});

/** The real registry (uploads import in a limited thread) with a small `default` library. */
async function registryWithDefault(dir: string): Promise<LibraryRegistry> {
  const registry = new LibraryRegistry(
    dir,
    [],
    threadImporter({
      ...IMPORT_LIMIT_DEFAULTS,
      maxInflatedBytes: LIMITS.maxInflatedBytes,
      maxRows: 10_000,
      memoryMb: 256,
      timeoutMs: 30_000,
    }),
  );
  const source = join(dir, 'default-source.smi');
  writeFileSync(source, 'CCO\nCC(=O)O\nNc1ccccc1\nCCN\nO=C(O)c1ccccc1\n');
  mkdirSync(join(dir, 'libraries'), { recursive: true });
  await importLibraryFile(source, registry.pathOf('default'), {
    id: 'default',
    name: 'fuzz default',
    provider: 'test',
    format: 'smi',
  });
  return registry;
}

function lines(into: string[]): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      into.push(String(chunk));
      done();
    },
  });
}

describe(`API fuzz (${BACKEND})`, () => {
  it(
    'answers thousands of random and adversarial requests without a 5xx, a leak or a wrong error shape',
    async () => {
      const started = Date.now();
      const resources = new Resources();
      const admin = await createToken(t.app.synroute.store, {
        name: 'alice-admin',
        owner: 'alice',
        admin: true,
      });
      const identities = {
        alice: { name: 'alice', owner: 'alice', token: t.token },
        bob: {
          name: 'bob',
          owner: 'bob',
          token: t.otherAuth.authorization.slice('Bearer '.length),
        },
        admin: { name: 'alice (admin)', owner: 'alice', token: admin.token, admin: true },
      } satisfies Record<string, Identity>;
      let imports = 0;
      let sent = 0;
      const gen: Generator = {
        rng: new Rng(SEED),
        doc,
        operations: operationsOf(doc),
        pools: resources.pools,
        identities,
        limits: LIMITS,
        importsLeft: () => imports < importsAllowed(sent),
      };
      const contract = new Contract(doc);
      const stats = new RunStats();
      const failures: Failure[] = [];
      console.log(
        `API fuzz on ${BACKEND}: seed ${SEED} (SYNROUTE_FUZZ_SEED=${SEED} replays it), ${REQUESTS} requests`,
      );

      for (let start = 0; start < REQUESTS; start += ROUND) {
        const round = Array.from({ length: Math.min(ROUND, REQUESTS - start) }, () => {
          const req = nextRequest(gen);
          sent++;
          if (req.upload === 'imports') imports++;
          return req;
        });
        const answers = await Promise.all(round.map(send));
        // In request order, so that later requests name the same resources on every run.
        round.forEach((req, k) => {
          const answer = answers[k];
          stats.record(req, answer);
          if (LOG) appendFileSync(LOG, `${logLine(start + k, req, answer)}\n`);
          const problem = contract.problem(req, answer) ?? resources.leak(req, answer);
          if (problem) failures.push({ index: start + k, problem, request: req, answer });
          resources.harvest(req, answer);
        });
      }

      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `API fuzz on ${BACKEND}: ${REQUESTS} requests in ${seconds} s (${imports} imports); ${stats.statusLine()}`,
      );
      if (process.env.SYNROUTE_FUZZ_VERBOSE) console.log(stats.details().join('\n'));
      if (errorLogs.length) console.log(`errors logged:\n${errorLogs.slice(0, 5).join('\n')}`);
      expect(failureSummary(failures), `seed ${SEED}`).toBe('');
      // A route added to the document is fuzzed as soon as it is there.
      expect(stats.unreached(gen.operations), 'operations no request reached').toEqual([]);
      expect(crashes, 'unhandled rejections or exceptions').toEqual([]);
      // A request that failed with a 500 logs at error level; so would a background task that broke.
      expect(
        errorLogs.map((l) => l.slice(0, 2000)),
        'errors logged',
      ).toEqual([]);
    },
    15 * 60_000,
  );

  it('still plans a job and a batch afterwards, and keeps them from the other owner', async () => {
    const job = await post('/jobs', { query: 'CC(=O)Nc1ccc(O)cc1', parameters: params() });
    const batch = await post('/batches', { smiles: ['CCN', 'c1ccccc1N'], parameters: params() });
    await untilValue(
      'the job and the batch to complete',
      async () =>
        (await Promise.all([get(`/jobs/${job.id}`), get(`/batches/${batch.id}`)])).map(
          (x) => x.status,
        ),
      (statuses) => statuses.every((s) => s === 'completed'),
      { timeoutMs: 60_000, intervalMs: 50 },
    );
    const result = await get(`/batches/${batch.id}/result`);
    expect(result.map((r: Body) => r.smiles).sort()).toEqual(['CCN', 'c1ccccc1N']);
    for (const url of [`/jobs/${job.id}`, `/batches/${batch.id}`]) {
      const res = await t.app.inject({ url, headers: t.otherAuth });
      expect([res.statusCode, res.body]).toEqual([404, 'null']);
    }
    const health = JSON.parse((await t.app.inject({ url: '/health' })).body);
    expect(health).toMatchObject({ status: 'ok', data_dir: 'writable' });
  });
});

async function post(url: string, payload: object): Promise<Body> {
  const res = await t.app.inject({ method: 'POST', url, headers: t.auth, payload });
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body);
}

async function get(url: string): Promise<Body> {
  const res = await t.app.inject({ url, headers: t.auth });
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body);
}

/** Sends one request; an event stream's body is not waited for (it lasts as long as its batch). */
async function send(req: FuzzRequest): Promise<Answer> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Answer>((resolve) => {
    timer = setTimeout(
      () => resolve({ statusCode: 0, headers: {}, body: `no answer in ${ANSWER_DEADLINE_MS} ms` }),
      ANSWER_DEADLINE_MS,
    );
  });
  const started = performance.now();
  try {
    const res = await Promise.race([deadline, answer(req)]);
    return { ...res, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

async function answer(req: FuzzRequest): Promise<Answer> {
  const res = await t.app.inject({
    method: req.method as 'GET',
    url: req.url,
    headers: req.headers,
    payload: req.payload,
    payloadAsStream: req.stream,
  });
  if (!req.stream) return res;
  const stream = res.stream();
  if (res.statusCode === 200) {
    stream.destroy();
    return { statusCode: 200, headers: res.headers, body: '' };
  }
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return {
    statusCode: res.statusCode,
    headers: res.headers,
    body: Buffer.concat(chunks).toString(),
  };
}
