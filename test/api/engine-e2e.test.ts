/**
 * The whole service with the real engine: `synroute serve` in a child process,
 * a token from the CLI, a job and a small batch planned by the engine's
 * worker threads, answers checked against the spec's schemas.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Body, expectSchema } from '../helpers/api.js';
import { runCli } from '../helpers/cli.js';
import { seedLibraries, ServerProcess, startServer } from '../helpers/server.js';
import { untilValue } from '../helpers/wait.js';

/** Aborted RDKit 2026.9 inside get_mol, breaking chemistry for every later request. */
const ABORTING_CHAIN = 'C'.repeat(900);
const dataDir = mkdtempSync(join(tmpdir(), 'synroute-e2e-'));
let server: ServerProcess | undefined;

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('service with the real engine', () => {
  it('plans a job and a batch end to end', { timeout: 240_000 }, async () => {
    await seedLibraries(dataDir);
    const created = await runCli(['tokens', 'create', '--name', 'e2e', '--data-dir', dataDir]);
    const headers = {
      authorization: `Bearer ${created.stdout.trim()}`,
      'content-type': 'application/json',
    };
    server = await startServer(dataDir, { SYNROUTE_MAX_PROCESSING_TIME: '60' });
    const call = async (path: string, init: RequestInit = {}): Promise<Body> => {
      const res = await fetch(`${server!.url}${path}`, { ...init, headers });
      expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
      return res.json();
    };
    const engines = await call('/engines');
    const parameters = {
      retrosynthesis_engine: engines.data[0].id,
      building_block_libraries: ['default'],
      number_of_routes: 1,
    };
    const job = await call('/jobs', {
      method: 'POST',
      body: JSON.stringify({ query: 'CC(=O)Nc1ccc(O)cc1', parameters }),
    });
    const batch = await call('/batches', {
      method: 'POST',
      body: JSON.stringify({
        smiles: ['CC(=O)Nc1ccc(O)cc1', 'CCOC(=O)c1ccccc1', 'C1CC', ABORTING_CHAIN],
        parameters,
      }),
    });
    const done = await untilValue(
      `job ${job.id} to finish`,
      () => call(`/jobs/${job.id}`),
      (j: Body) => j.status === 'completed' || j.status === 'failed',
      { timeoutMs: 180_000, intervalMs: 200, context: () => server!.output() },
    );
    expectSchema(done, 'JobResource');
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(done.routes.length).toBeGreaterThanOrEqual(1);
    expect(done.routes[0].reactionSmiles).toContain('>>');

    await untilValue(
      `batch ${batch.id} to complete`,
      () => call(`/batches/${batch.id}/status`),
      (status: Body) => status.status === 'completed',
      { timeoutMs: 180_000, intervalMs: 200, context: () => server!.output() },
    );
    const result = await call(`/batches/${batch.id}/result`);
    expect(result.map((r: Body) => [r.smiles, r.completed])).toEqual([
      ['CC(=O)Nc1ccc(O)cc1', true],
      ['CCOC(=O)c1ccccc1', true],
      ['C1CC', true],
      [ABORTING_CHAIN, true],
    ]);
    expect(result[0].synthesizable).toBe(true);
    // An unreadable molecule completes the batch as a failed job without routes.
    const bad = await call(`/jobs/${result[2].job_id}`);
    expect(bad).toMatchObject({ status: 'failed', routes: [] });
    // A chain RDKit cannot survive is refused before RDKit sees it: that job fails with
    // the reason, the others in its batch and the service's pictures are unaffected.
    const chain = await call(`/jobs/${result[3].job_id}`);
    expect(chain).toMatchObject({ status: 'failed', error: { code: 'invalid_smiles' } });
    expect(chain.error.message).toMatch(/too_large/);
    const picture = (smiles: string) =>
      fetch(`${server!.url}/depict/molecule?smiles=${smiles}`, { headers });
    expect((await picture(ABORTING_CHAIN)).status).toBe(422);
    expect((await picture('CCO')).status).toBe(200);
    expect((await call('/health')).status).toBe('ok');
  });
});
