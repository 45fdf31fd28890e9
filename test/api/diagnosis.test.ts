/**
 * Route-quality extensions of the job resource with the real engine, planning
 * in this process with `processing_time` capped at a few seconds: a job
 * without a route carries its `diagnosis` (stored with the result), a job with
 * routes does not, and `exclude_target_from_stock` is validated and gives a
 * purchasable target real routes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPlanJob } from '../../src/engine/plan-job.js';
import type { PlanRunner } from '../../src/queue/runner.js';
import { LibraryRegistry } from '../../src/stock/registry.js';
import {
  Body,
  expectResponse,
  expectSchema,
  params,
  startTestApp,
  TestApp,
} from '../helpers/api.js';
import { acetanilideInStock } from '../helpers/datasets.js';
import { seedLibraries } from '../helpers/server.js';
import { untilValue } from '../helpers/wait.js';

const CAP_SECONDS = 3;
const libraryDir = mkdtempSync(join(tmpdir(), 'synroute-diagnosis-'));
let t: TestApp;
let amide: { smiles: string; amine: string };

beforeAll(async () => {
  amide = acetanilideInStock();
  await seedLibraries(libraryDir);
  const libraries = new LibraryRegistry(libraryDir);
  // A library holding only the amine: the amide has no route from it alone.
  const amineFile = join(libraryDir, 'amine.smi');
  writeFileSync(amineFile, `${amide.amine}\n`);
  await libraries.import(amineFile, { id: 'amine_only' });
  const runner: PlanRunner = {
    slots: 1,
    run: (input) => runPlanJob(input, { dataDir: libraryDir }),
    close: async () => undefined,
  };
  t = await startTestApp({
    runner,
    engines: undefined, // the real engines
    libraries,
    maxProcessingTime: CAP_SECONDS,
    dispatcher: { pollMs: 50, graceMs: 60_000 },
  });
}, 120_000);

afterAll(async () => {
  await t?.close();
  rmSync(libraryDir, { recursive: true, force: true });
});

const post = (query: string, parameters: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/jobs', headers: t.auth, payload: { query, parameters } });

async function plan(query: string, parameters: Record<string, unknown>): Promise<Body> {
  const created = expectResponse(await post(query, parameters), '/jobs', 'post', 200) as Body;
  const read = async () => {
    const res = await t.app.inject({ method: 'GET', url: `/jobs/${created.id}`, headers: t.auth });
    return expectResponse(res, '/jobs/{job_id}', 'get', 200) as Body;
  };
  return untilValue(
    `job ${created.id} to finish`,
    read,
    (job) => job.status === 'completed' || job.status === 'failed',
    { timeoutMs: 90_000, intervalMs: 50 },
  );
}

describe('diagnosis of a job without a route', () => {
  it('shows the partial route and the missing molecules, and no diagnosis with a route', async () => {
    const job = await plan(amide.smiles, params({ building_block_libraries: ['amine_only'] }));
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(job.routes).toEqual([]);
    expectSchema(job, 'JobResource');
    const { partialRoute, missingMolecules } = job.diagnosis;
    expect(partialRoute.reactionSmiles.split('>>')[1]).toBe(amide.smiles);
    expect(partialRoute.steps.length).toBeGreaterThan(0);
    const leaves = partialRoute.buildingBlocks as Body[];
    expect(missingMolecules.length).toBeGreaterThan(0);
    expect(leaves.filter((b) => !b.inStock).map((b) => b.smiles)).toEqual(
      missingMolecules.map((m: Body) => m.smiles),
    );
    // The only building block there is: the amine, with its library's metadata.
    for (const b of leaves.filter((leaf) => leaf.inStock)) {
      expect(b.smiles).toBe(amide.amine);
      expect(b.buildingBlockMetadata.length).toBeGreaterThan(0);
    }

    const solved = await plan(amide.smiles, params({ number_of_routes: 1 }));
    expect(solved.routes).toHaveLength(1);
    expect(solved).not.toHaveProperty('diagnosis');
  });
});

describe('exclude_target_from_stock', () => {
  it('gives a purchasable target real routes, and the target itself without it', async () => {
    const bought = await plan(amide.smiles, params({ number_of_routes: 1 }));
    expect(bought.routes[0].steps).toEqual([]);
    const made = await plan(
      amide.smiles,
      params({ number_of_routes: 1, exclude_target_from_stock: true }),
    );
    expect(made.status).toBe('completed');
    expect(made.parameters.exclude_target_from_stock).toBe(true);
    expect(made.routes).toHaveLength(1);
    expect(made.routes[0].steps.length).toBeGreaterThan(0);
    const blocks = made.routes[0].buildingBlocks.map((b: Body) => b.smiles);
    expect(blocks).not.toContain(amide.smiles);
  });

  it('refuses a value that is not a boolean', async () => {
    for (const value of ['yes', 2, { on: true }]) {
      const res = await post(amide.smiles, params({ exclude_target_from_stock: value }));
      const body = expectResponse(res, '/jobs', 'post', 422) as Body;
      expect(body.error.details.map((d: Body) => d.location)).toContainEqual([
        'body',
        'parameters',
        'exclude_target_from_stock',
      ]);
    }
  });
});

describe('the served OpenAPI document', () => {
  it('documents the extensions', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    const schemas = (JSON.parse(res.body) as Body).components.schemas;
    expect(schemas.RouteStep.properties.concerns).toMatchObject({
      type: 'array',
      items: { type: 'string' },
    });
    expect(schemas.RouteStep.required).not.toContain('concerns');
    expect(schemas.Parameters.properties.exclude_target_from_stock.type).toBe('boolean');
    expect(schemas.Parameters.required).not.toContain('exclude_target_from_stock');
    expect(schemas.JobResource.properties.diagnosis.$ref).toBe('#/components/schemas/Diagnosis');
    expect(schemas.MissingMolecule.properties.reason.enum).toEqual([
      'time_limit',
      'iteration_limit',
      'not_explored',
      'no_reaction',
      'depth_limit',
    ]);
  });
});
