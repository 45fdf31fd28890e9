/**
 * Global setup of the PostgreSQL test project: one throwaway cluster for the
 * whole run (or the server at SYNROUTE_TEST_DATABASE_URL), and a template
 * database with the current schema that every test database is copied from.
 * Missing PostgreSQL fails the run with instructions: these suites never skip.
 */
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { openPgStore } from '../../src/store/pg/store.js';
import { Cluster, startCluster } from '../helpers/postgres.js';

export const TEMPLATE = 'synroute_template';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

let cluster: Cluster | undefined;

export async function setup(project: TestProject): Promise<void> {
  let adminUrl = process.env.SYNROUTE_TEST_DATABASE_URL;
  if (!adminUrl) {
    cluster = await startCluster();
    adminUrl = cluster.url;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  } finally {
    await admin.end();
  }
  const store = await openPgStore(withDatabase(adminUrl, TEMPLATE), { max: 1 });
  await store.close();
  project.provide('postgresAdminUrl', adminUrl);
}

export async function teardown(): Promise<void> {
  cluster?.stop();
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
