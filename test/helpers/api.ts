/**
 * Test doubles and checks for the service: a deterministic planning runner, an
 * in-memory engine and library catalog, an app factory on a temporary data
 * directory, and response validation against the Retro v2 spec's schemas.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { expect } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { AppConfig, buildApp } from '../../src/api/app.js';
import { createToken } from '../../src/api/auth.js';
import { servedDocument } from '../../src/api/openapi.js';
import type { EngineCatalog, LibraryCatalog } from '../../src/api/params.js';
import { EngineInfo, NO_ROUTE, PlanJobInput, PlanJobOutput } from '../../src/contract/index.js';
import type { PlanRunner } from '../../src/queue/runner.js';
import type { LibraryInfo } from '../../src/stock/library.js';
import { createTestDatabase } from './backend.js';

export const ENGINE_ID = 'synroute_default';

/** A parsed response body, read freely in assertions (its shape is checked by expectResponse). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Body = any;

export const fakeEngines: EngineCatalog = {
  defaultId: ENGINE_ID,
  list: () => [engineInfo],
  get: (id) => (id === ENGINE_ID ? engineInfo : undefined),
};

const engineInfo: EngineInfo = {
  id: ENGINE_ID,
  name: 'Fake engine',
  description: 'deterministic test engine',
  version: 'fake-1',
  templates: 0,
  maxDepthDefault: 6,
};

/** Libraries held in memory: `default` is public; imports add entries. */
export function fakeLibraries(): LibraryCatalog {
  const libs = new Map<string, LibraryInfo>([['default', libraryInfo('default')]]);
  return {
    list: () => [...libs.values()],
    get: (id) => libs.get(id),
    async import(_path, options) {
      libs.set(options.id, libraryInfo(options.id, options.name));
      return {
        id: options.id,
        rows: 2,
        size: 2,
        invalid: 0,
        duplicates: 0,
        invalidExamples: [],
        trustedCanonicalInput: false,
        seconds: 0,
      };
    },
    remove: (id) => libs.delete(id),
  };
}

function libraryInfo(id: string, name = id): LibraryInfo {
  return {
    id,
    name,
    provider: 'test',
    size: 2,
    createdAt: '2026-01-01T00:00:00.000Z',
    keys: 'rdkit-canonical',
    version: `${id}@1`,
  };
}

/**
 * Plans nothing, answers predictably: targets containing `N` are synthesizable
 * with one route; `Xx` fails like an unreadable molecule; `[Crash]` crashes the
 * worker; `[Hang]` never answers (until the watchdog aborts it).
 */
export class FakeRunner implements PlanRunner {
  readonly calls: string[] = [];
  constructor(
    readonly slots = 2,
    private readonly delayMs = 5,
  ) {}

  run(input: PlanJobInput, signal: AbortSignal): Promise<PlanJobOutput> {
    this.calls.push(input.smiles);
    return new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new Error('aborted')));
      if (input.smiles.includes('[Hang]')) return;
      // The job's simulated planning time (behaviour of the fake, not a wait in a test).
      setTimeout(() => {
        if (input.smiles.includes('[Crash]')) reject(new Error('worker exited with code 1'));
        else resolve(fakeOutput(input.smiles));
      }, this.delayMs);
    });
  }

  async close(): Promise<void> {}
}

export function fakeOutput(smiles: string): PlanJobOutput {
  const stats = {
    stopReason: 'routes' as const,
    iterations: 1,
    elapsedMs: 1,
    firstRouteMs: 1,
    engineVersion: 'fake-1',
  };
  if (smiles.includes('Xx'))
    return {
      status: 'failed',
      routes: [],
      summary: NO_ROUTE,
      error: { code: 'invalid_smiles', message: 'cannot read' },
      stats,
    };
  const synthesizable = smiles.includes('N');
  return {
    status: 'completed',
    canonicalSmiles: smiles,
    routes: synthesizable
      ? [
          {
            reactionSmiles: `CC(=O)O.Nc1ccccc1>>${smiles}`,
            buildingBlocks: [
              {
                smiles: 'CC(=O)O',
                buildingBlockMetadata: [
                  {
                    price: 1,
                    datasetProvider: 'test',
                    identifier: 'bb1',
                    availability: 'in_stock',
                  },
                ],
              },
              { smiles: 'Nc1ccccc1', buildingBlockMetadata: [{ price: 0, priceKnown: true }] },
            ],
            steps: [{ number: 1, reactionSmiles: `CC(=O)O.Nc1ccccc1>>${smiles}` }],
          },
        ]
      : [],
    summary: synthesizable
      ? {
          synthesizable: true,
          score: 2,
          certainty: 0.9,
          price: 1,
          reactionCount: 1,
          timedOut: false,
        }
      : NO_ROUTE,
    stats,
  };
}

export interface TestApp {
  app: FastifyInstance;
  dataDir: string;
  token: string;
  auth: Record<string, string>;
  /** A second owner's credentials. */
  otherAuth: Record<string, string>;
  close(): Promise<void>;
}

/** An app on a fresh data directory and, on the PostgreSQL run, a fresh database. */
export async function startTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'synroute-api-'));
  const database = await createTestDatabase();
  const app = await buildApp({
    dataDir,
    databaseUrl: database.url,
    runner: new FakeRunner(),
    engines: fakeEngines,
    libraries: fakeLibraries(),
    dispatcher: { pollMs: 50, graceMs: 200 },
    ...overrides,
  });
  await app.ready();
  const store = app.synroute.store;
  const { token } = await createToken(store, { name: 'alice' });
  const other = await createToken(store, { name: 'bob' });
  return {
    app,
    dataDir,
    token,
    auth: { authorization: `Bearer ${token}` },
    otherAuth: { authorization: `Bearer ${other.token}` },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
      await database.drop();
    },
  };
}

export function params(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { retrosynthesis_engine: ENGINE_ID, building_block_libraries: ['default'], ...extra };
}

// ---- response validation against the spec ----

const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
// ajv-formats is CommonJS: its plugin is the module itself, typed as `default`.
const addFormats = formats as unknown as typeof formats.default;
addFormats(ajv);
ajv.addSchema(servedDocument({ maxSmilesLength: 1000 }), 'spec');

/** Asserts that a response body matches a component schema of the served document. */
export function expectSchema(body: unknown, schema: string): void {
  const validate = ajv.getSchema(`spec#/components/schemas/${schema}`);
  if (!validate) throw new Error(`no schema ${schema}`);
  const ok = validate(body);
  expect(ok, `${schema}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

/** Asserts status and body against the spec's response schema for that operation and status. */
export function expectResponse(
  res: LightMyRequestResponse,
  path: string,
  method: string,
  status: number,
): unknown {
  expect(res.statusCode, res.body.slice(0, 500)).toBe(status);
  const validate = ajv.getSchema(
    `spec#/paths/${pointer(path)}/${method}/responses/${status}/content/application~1json/schema`,
  );
  if (!validate) throw new Error(`no ${status} response schema for ${method} ${path}`);
  const body = JSON.parse(res.body) as unknown;
  expect(validate(body), `${method} ${path} ${status}: ${ajv.errorsText(validate.errors)}`).toBe(
    true,
  );
  return body;
}

function pointer(path: string): string {
  return path.replace(/~/g, '~0').replace(/\//g, '~1');
}
