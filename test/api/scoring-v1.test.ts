/**
 * The batch-scoring API v1 with a deterministic engine: request mapping
 * (starting materials, exploratory search, detail level, priority), status,
 * partial and complete results, `only` and `precision`, removal, auth forms
 * and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanJobInput, PlanJobOutput } from '../../src/contract/index.js';
import { significant } from '../../src/api/scoring-format.js';
import { countRows } from '../helpers/backend.js';
import { Body, expectResponse, FakeRunner, startTestApp, TestApp } from '../helpers/api.js';
import { until, untilValue } from '../helpers/wait.js';

/** FakeRunner's answers, plus a synthesis and decomposition when asked for; remembers inputs. */
class ScoringRunner extends FakeRunner {
  readonly inputs: PlanJobInput[] = [];
  override async run(input: PlanJobInput, signal: AbortSignal): Promise<PlanJobOutput> {
    this.inputs.push(input);
    const out = await super.run(input, signal);
    if (input.detailLevel !== 'synthesis' || !out.summary.synthesizable) return out;
    return {
      ...out,
      synthesis: {
        targetId: 'c1',
        compounds: {
          c1: {
            id: 'c1',
            type: 'compound',
            smiles: input.smiles,
            productOf: 'r1',
            substrateOf: null,
          },
        },
        reactions: {
          r1: {
            id: 'r1',
            type: 'reaction',
            smiles: `x>>${input.smiles}`,
            productId: 'c1',
            substratesIds: [],
          },
        },
      },
      decomposition: {
        atoms: ['1'],
        atomsPurchased: ['1'],
        atomsNotPurchased: [],
        bonds: [],
        bondsBroken: [],
        bondsNotBroken: [],
        mappedSmiles: '[CH4:1]',
      },
    };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let t: TestApp;
let runner: ScoringRunner;
let v1: Record<string, string>;
beforeAll(async () => {
  runner = new ScoringRunner(1, 5);
  t = await startTestApp({ runner, maxProcessingTime: 120 });
  v1 = { authorization: `ApiToken-v1 ${t.token}` };
});
afterAll(() => t.close());

async function call(method: string, url: string, payload?: object, headers = v1) {
  return t.app.inject({ method: method as 'GET', url, headers, payload });
}

async function submit(body: object): Promise<Body> {
  const res = await call('POST', '/api/v1/batch-search', body);
  return expectResponse(res, '/api/v1/batch-search', 'post', 200);
}

async function status(id: string): Promise<Body> {
  return expectResponse(
    await call('GET', `/api/v1/batch-search/${id}`),
    '/api/v1/batch-search/{id}',
    'get',
    200,
  );
}

function finished(id: string): Promise<Body> {
  return untilValue(
    `batch search ${id} to finish`,
    () => status(id),
    (s) => s.queued === 0 && s.running === 0,
  );
}

async function results(id: string, query = ''): Promise<Body[]> {
  const res = await call('GET', `/api/v1/batch-search-result/${id}${query}`);
  return expectResponse(res, '/api/v1/batch-search-result/{id}', 'get', 200) as Body[];
}

describe('batch scoring v1', () => {
  it('scores targets with starting materials, exploratory search and synthesis detail', async () => {
    const created = await submit({
      targets: ['CCN', 'CCO', 'CXx', 'CCN'],
      startingMaterials: ['CC(=O)O', 'NCC', 'CC(=O)O'],
      priority: 7,
      params: { exploratorySearch: true, detailLevel: 'synthesis' },
    });
    expect(created).toMatchObject({ size: 3, id: expect.stringMatching(UUID) });
    // One batch: Retro v2 shows the same UUID as 32 hex digits, and either form finds it.
    const compact = created.id.replace(/-/g, '');
    const retro = await call('GET', `/batches/${created.id}`, undefined, t.auth);
    expect(JSON.parse(retro.body)).toMatchObject({ id: compact, number_of_jobs: 3 });
    expect((await call('GET', `/api/v1/batch-search/${compact}`)).statusCode).toBe(200);
    expect(Date.parse(created.createdAt)).toBeGreaterThan(0);
    expect(await finished(created.id)).toEqual({ queued: 0, running: 0, finished: 2, error: 1 });

    const input = runner.inputs.find((i) => i.smiles === 'CCN')!;
    expect(input).toMatchObject({
      startingMaterials: ['CC(=O)O', 'NCC'],
      exploratory: true,
      detailLevel: 'synthesis',
      // 300 s for exploratory search, capped by the operator's 120 s.
      parameters: {
        number_of_routes: 1,
        processing_time: 120,
        building_block_libraries: ['default'],
      },
    });

    const items = await results(created.id);
    expect(items).toEqual([
      {
        targetSmiles: 'CCN',
        status: 'ok',
        result: 2,
        certainty: 0.9,
        price: 1,
        reactionCount: 1,
        timedOut: false,
        synthesis: expect.objectContaining({ targetId: 'c1' }),
        decomposition: expect.objectContaining({ mappedSmiles: '[CH4:1]' }),
      },
      {
        targetSmiles: 'CCO',
        status: 'ok',
        result: 10,
        certainty: null,
        price: null,
        reactionCount: null,
        timedOut: false,
        synthesis: null,
        decomposition: null,
      },
      {
        targetSmiles: 'CXx',
        status: 'error',
        result: -1,
        certainty: null,
        price: null,
        reactionCount: null,
        timedOut: false,
        synthesis: null,
        decomposition: null,
      },
    ]);

    // The request is a batch like any other, with its priority; appends keep its options.
    const batch = JSON.parse((await call('GET', `/batches/${created.id}`)).body) as Body;
    expect(batch).toMatchObject({ priority: 7, number_of_jobs: 3 });
    await call('PUT', `/batches/${created.id}`, { smiles: ['NCCC'] });
    await finished(created.id);
    expect(runner.inputs.find((i) => i.smiles === 'NCCC')).toMatchObject({
      startingMaterials: ['CC(=O)O', 'NCC'],
      exploratory: true,
      detailLevel: 'synthesis',
    });
  });

  it('selects fields with only= and formats scores with precision=', async () => {
    const { id } = await submit({ targets: ['NC(C)C', 'CXxC'] });
    await finished(id);
    expect(await results(id, '?only=targetSmiles&only=result')).toEqual([
      { targetSmiles: 'NC(C)C', result: 2 },
      { targetSmiles: 'CXxC', result: -1 },
    ]);
    expect(await results(id, '?only=certainty')).toEqual([{ certainty: 0.9 }, { certainty: null }]);
    const precise = await results(id, '?precision=3');
    expect(precise[0]).toEqual({
      targetSmiles: 'NC(C)C',
      status: 'ok',
      result: '2.00',
      certainty: '0.900',
      price: '1.00',
      reactionCount: 1,
      timedOut: false,
    });
    // -1 is an error code, not a score: it stays the integer.
    expect(precise[1]).toMatchObject({ status: 'error', result: -1, certainty: null });
    // detailLevel "score": no synthesis fields unless asked for.
    expect(await results(id, '?only=synthesis&only=targetSmiles')).toEqual([
      { targetSmiles: 'NC(C)C', synthesis: null },
      { targetSmiles: 'CXxC', synthesis: null },
    ]);
    expect(runner.inputs.find((i) => i.smiles === 'NC(C)C')).toMatchObject({
      parameters: { processing_time: 60 },
    });
    expect(runner.inputs.find((i) => i.smiles === 'NC(C)C')!.exploratory).toBeUndefined();
  });

  it('lists running targets, leaves queued ones out, and DELETE stops and removes everything', async () => {
    const { id } = await submit({
      targets: ['C[Hang]N', 'CCCCN'],
      startingMaterials: ['CCCl'],
      params: { detailLevel: 'synthesis' },
    });
    for (const end = Date.now() + 5_000; (await status(id)).running === 0;)
      if (Date.now() > end) throw new Error('not running');
    expect(await status(id)).toEqual({ queued: 1, running: 1, finished: 0, error: 0 });
    expect(await results(id)).toEqual([
      {
        targetSmiles: 'C[Hang]N',
        status: 'running',
        result: null,
        certainty: null,
        price: null,
        reactionCount: null,
        timedOut: null,
        synthesis: null,
        decomposition: null,
      },
    ]);
    const deleted = await call('DELETE', `/api/v1/batch-search/${id}`);
    expect(expectResponse(deleted, '/api/v1/batch-search/{id}', 'delete', 200)).toMatchObject({
      id,
      size: 2,
    });
    await until(
      'the deleted batch to stop running',
      () => t.app.synroute.dispatcher!.inFlight === 0,
      {
        timeoutMs: 5_000,
      },
    );
    for (const url of [
      `/api/v1/batch-search/${id}`,
      `/api/v1/batch-search-result/${id}`,
      `/batches/${id}`,
    ])
      expect((await call('GET', url)).statusCode).toBe(404);
    const count = (sql: string) => countRows(t.app.synroute.store, sql);
    expect(await count('SELECT count(*) FROM batch_materials')).toBe(1); // the first test's batch
    expect(await count("SELECT count(*) FROM jobs WHERE query IN ('C[Hang]N', 'CCCCN')")).toBe(0);
    expect(await count("SELECT count(*) FROM param_sets WHERE run_options LIKE '%CCCl%'")).toBe(0);
  });

  it('accepts bearer tokens too, and answers 401 without one and 404 for others', async () => {
    const res = await call('POST', '/api/v1/batch-search', { targets: ['CC'] }, t.auth);
    const { id } = JSON.parse(res.body) as Body;
    expect(res.statusCode).toBe(200);
    expect((await call('GET', `/api/v1/batch-search/${id}`, undefined, {})).statusCode).toBe(401);
    expect(
      (await call('GET', `/api/v1/batch-search/${id}`, undefined, t.otherAuth)).statusCode,
    ).toBe(404);
    expect(
      (await call('DELETE', `/api/v1/batch-search/${id}`, undefined, t.otherAuth)).statusCode,
    ).toBe(404);
    expect((await call('GET', '/api/v1/batch-search-result/bat_unknown')).statusCode).toBe(404);
  });
});

describe('batch scoring v1: bad input', () => {
  const cases: [string, object, (string | number)[], string][] = [
    ['no targets', {}, ['body', 'targets'], 'missing'],
    ['an empty target list', { targets: [] }, ['body', 'targets'], 'too_short'],
    [
      'a target with a space',
      { targets: ['C C'] },
      ['body', 'targets', 0],
      'string_pattern_mismatch',
    ],
    [
      'a bad starting material',
      { targets: ['C'], startingMaterials: ['C C'] },
      ['body', 'startingMaterials', 0],
      'string_pattern_mismatch',
    ],
    ['priority 11', { targets: ['C'], priority: 11 }, ['body', 'priority'], 'less_than_equal'],
    [
      'an unknown detail level',
      { targets: ['C'], params: { detailLevel: 'full' } },
      ['body', 'params', 'detailLevel'],
      'enum',
    ],
    [
      'a misspelt parameter',
      { targets: ['C'], params: { exploratory: true } },
      ['body', 'params'],
      'extra_forbidden',
    ],
    ['an unknown field', { targets: ['C'], target: 'C' }, ['body'], 'extra_forbidden'],
    [
      'exploratorySearch that is not boolean',
      { targets: ['C'], params: { exploratorySearch: 'yes' } },
      ['body', 'params', 'exploratorySearch'],
      'bool_type',
    ],
  ];
  for (const [what, body, location, type] of cases)
    it(`refuses ${what} with 422`, async () => {
      const res = await call('POST', '/api/v1/batch-search', body);
      const err = expectResponse(res, '/api/v1/batch-search', 'post', 422) as Body;
      expect(err.error.details).toContainEqual(
        expect.objectContaining({ location, error_type: type }),
      );
    });

  it('refuses unknown fields in only= and a precision out of range', async () => {
    const { id } = await submit({ targets: ['CN'] });
    for (const query of ['only=score', 'precision=0', 'precision=18', 'precision=x']) {
      const res = await call('GET', `/api/v1/batch-search-result/${id}?${query}`);
      expect(res.statusCode, query).toBe(422);
      expect(JSON.parse(res.body).error.details[0].location[0]).toBe('query');
    }
  });
});

describe('significant digits', () => {
  it("truncates to n significant digits, as the document's example reads, and writes numbers out in full", () => {
    // The document's example: result 7.53411, certainty 0.58163, price 5232.5 at precision=3.
    expect(significant(7.53411, 3)).toBe('7.53');
    expect(significant(0.58163, 3)).toBe('0.581');
    expect(significant(5232.5, 3)).toBe('5230');
    expect(significant(0.5, 3)).toBe('0.500');
    expect(significant(-1.25, 2)).toBe('-1.2');
    expect(significant(10, 1)).toBe('10');
    expect(significant(9.996, 3)).toBe('9.99');
    expect(significant(0, 3)).toBe('0.00');
    expect(significant(0.000123456, 2)).toBe('0.00012');
    // Decimal digits as written, not the binary value's (0.29 * 100 is 28.999…).
    expect(significant(0.29, 2)).toBe('0.29');
    expect(significant(1.005, 3)).toBe('1.00');
    expect(significant(123456789, 3)).toBe('123000000');
    expect(significant(2.5e-7, 2)).toBe('0.00000025');
    expect(significant(1e21, 2)).toBe('1000000000000000000000');
  });
});

describe('batch scoring v1 in the OpenAPI document', () => {
  it('documents the paths and the ApiToken-v1 header', async () => {
    const doc = JSON.parse((await call('GET', '/openapi.json')).body) as Body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/batch-search',
        '/api/v1/batch-search/{id}',
        '/api/v1/batch-search-result/{id}',
      ]),
    );
    expect(doc.components.securitySchemes.apiTokenV1).toMatchObject({ in: 'header' });
  });
});
