/**
 * Shared pieces of the scale-out scenarios: installations (a data directory
 * with the bundled libraries, as on each machine of a deployment), API calls
 * that tolerate a database outage when asked to, polling, and checks made
 * directly on the PostgreSQL tables.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { expect } from 'vitest';
import type { Body } from '../helpers/api.js';
import { runCli } from '../helpers/cli.js';
import { seedLibraries } from '../helpers/server.js';
import { until as waitUntil } from '../helpers/wait.js';

/** The stand-in planner: answers after FAKE_PLAN_MS and signs answers with its process id. */
export const PLAN_WORKER = pathToFileURL(
  join(import.meta.dirname, 'fixtures', 'plan-worker.mjs'),
).href;

export const PARAMETERS = {
  retrosynthesis_engine: 'synroute_default',
  building_block_libraries: ['default'],
};

const dirs: string[] = [];

/** A data directory with the bundled libraries (what every API and worker machine has). */
export async function installation(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'synroute-scale-'));
  dirs.push(dir);
  await seedLibraries(dir);
  return dir;
}

export function removeInstallations(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** An API token in the database at `databaseUrl`, made with `synroute tokens create`. */
export async function createToken(dataDir: string, databaseUrl: string): Promise<string> {
  const created = await runCli(['tokens', 'create', '--name', 'ci', '--data-dir', dataDir], {
    env: { DATABASE_URL: databaseUrl },
  });
  expect(created.code, created.stderr).toBe(0);
  return created.stdout.trim();
}

export interface Reply {
  status: number;
  body: Body;
}

/** One request to an API process (throws when the process cannot be reached). */
export async function call(
  base: string,
  token: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<Reply> {
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Polls until `done` says so, failing with `context()` (process output) after `ms`. */
export async function until(
  what: string,
  done: () => Promise<boolean>,
  context: () => string,
  ms = 90_000,
): Promise<void> {
  await waitUntil(what, done, { timeoutMs: ms, intervalMs: 50, context });
}

/** Plain SQL on the deployment's database, for checks. */
export async function database(url: string): Promise<{
  count(sql: string, params?: unknown[]): Promise<number>;
  rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    count: async (sql, params = []) =>
      Number(
        (await client.query({ text: sql, values: params, rowMode: 'array' })).rows[0]?.[0] ?? 0,
      ),
    rows: async <T>(sql: string, params: unknown[] = []) =>
      (await client.query(sql, params)).rows as T[],
    close: () => client.end(),
  };
}

/**
 * Every job of the batch is completed with a result of its own: as many result
 * rows as jobs, none shared, none orphaned, each computed for its job's SMILES.
 */
export async function expectOneResultPerJob(
  url: string,
  batchId: string,
  jobs: number,
): Promise<void> {
  const db = await database(url);
  try {
    const batch = '(SELECT seq FROM batches WHERE id = $1)';
    expect(await db.count(`SELECT count(*) FROM jobs WHERE batch = ${batch}`, [batchId])).toBe(
      jobs,
    );
    expect(
      await db.count(
        `SELECT count(*) FROM jobs WHERE batch = ${batch}
         AND status = 'completed' AND result IS NOT NULL`,
        [batchId],
      ),
    ).toBe(jobs);
    expect(
      await db.count(`SELECT count(DISTINCT result) FROM jobs WHERE batch = ${batch}`, [batchId]),
    ).toBe(jobs);
    expect(
      await db.count(
        `SELECT count(*) FROM jobs j JOIN results r ON r.id = j.result
         WHERE j.batch = ${batch} AND r.query = j.query`,
        [batchId],
      ),
    ).toBe(jobs);
    // No other result rows: nothing computed twice was kept.
    expect(await db.count('SELECT count(*) FROM results')).toBe(jobs);
    const counters = await db.rows<Record<string, number>>(
      `SELECT total_jobs, submitted_jobs, processing_jobs, completed_jobs, failed_jobs
       FROM batches WHERE id = $1`,
      [batchId],
    );
    expect(
      counters.map((c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Number(v)]))),
    ).toEqual([
      {
        total_jobs: jobs,
        submitted_jobs: 0,
        processing_jobs: 0,
        completed_jobs: jobs,
        failed_jobs: 0,
      },
    ]);
  } finally {
    await db.close();
  }
}

/** Distinct SMILES with an N (the stand-in planner finds a route for them). */
export function targets(n: number, tag = ''): string[] {
  return Array.from({ length: n }, (_, i) => `C${'C'.repeat(i % 5)}N${tag}${i}`);
}
