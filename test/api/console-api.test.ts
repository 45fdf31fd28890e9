/**
 * What the web console and the CLI client add to the API: pictures, batch and
 * job summaries, and the console's files served without a token.
 */
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Body, params, startTestApp, TestApp } from '../helpers/api.js';
import { until } from '../helpers/wait.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = t.auth) =>
  t.app.inject({ method: 'GET', url, headers });

async function finishedBatch(smiles: string[]): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/batches',
    headers: t.auth,
    payload: { smiles, parameters: params({ number_of_routes: 1 }) },
  });
  const id = (res.json() as Body).id as string;
  await until(
    `batch ${id} to finish`,
    async () => (await get(`/batches/${id}/status`)).json().status === 'completed',
  );
  return id;
}

describe('pictures', () => {
  it('draws molecules and reactions as cacheable SVG', async () => {
    const mol = await get('/depict/molecule?smiles=CC(%3DO)Nc1ccc(O)cc1&width=200&height=150');
    expect(mol.statusCode).toBe(200);
    expect(mol.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(mol.body).toMatch(/<svg[\s\S]*<path/);
    expect(mol.headers['cache-control']).toMatch(/max-age=\d+/);
    const again = await get('/depict/molecule?smiles=CC(%3DO)Nc1ccc(O)cc1&width=200&height=150', {
      ...t.auth,
      'if-none-match': String(mol.headers.etag),
    });
    expect(again.statusCode).toBe(304);

    const rxn = await get(
      `/depict/reaction?smiles=${encodeURIComponent('CC(=O)O.Nc1ccccc1>>CC(=O)Nc1ccccc1')}`,
    );
    expect(rxn.statusCode).toBe(200);
    expect(rxn.body).toContain('<svg');
  });

  it('rejects bad input with 422 and needs a token', async () => {
    const bad = await get('/depict/molecule?smiles=C1CC');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details[0]).toMatchObject({
      location: ['query', 'smiles'],
      error_type: 'invalid_smiles',
    });
    expect((await get('/depict/reaction?smiles=CCO')).statusCode).toBe(422);
    expect((await get('/depict/molecule?smiles=C&width=5000')).statusCode).toBe(422);
    expect((await get('/depict/molecule')).statusCode).toBe(422);
    expect((await get('/depict/molecule?smiles=C', {})).statusCode).toBe(401);
  });
});

describe('checking SMILES before submission', () => {
  it('names each SMILES that cannot be planned, by position and in words', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/molecules/check',
      headers: t.auth,
      payload: { smiles: ['CCO', 'C1CC', 'C C', 'CN(C)(C)(C)C', 'c1ccccc1N'] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      checked: 5,
      problems: [
        { index: 1, message: 'a ring is opened (a ring-bond digit) but never closed' },
        { index: 2, message: 'contains a space or tab, which SMILES does not use' },
        { index: 3, message: 'atom 2 (N) has 5 bonds, more than N can have' },
      ],
    });
    const tooMany = await t.app.inject({
      method: 'POST',
      url: '/molecules/check',
      headers: t.auth,
      payload: { smiles: Array.from({ length: 20_001 }, () => 'C') },
    });
    expect(tooMany.statusCode).toBe(422);
  });
});

describe('route pictures', () => {
  it("draws a job's route as one SVG, numbered from 1", async () => {
    const id = await finishedBatch(['CC(=O)Nc1ccc(N)cc1']);
    const [item] = (await get(`/batches/${id}/summary`)).json() as Body[];
    const res = await get(`/jobs/${item.job_id}/routes/1.svg`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.headers['content-disposition']).toBe(
      `inline; filename="${item.job_id}-route-1.svg"`,
    );
    // The target and both building blocks, each an RDKit drawing, and the step's arrow.
    expect(res.body.split('<svg x=')).toHaveLength(4);
    expect(res.body).toContain('>step 1</text>');
    expect((await get(`/jobs/${item.job_id}/routes/2.svg`)).statusCode).toBe(404);
    expect((await get(`/jobs/${item.job_id}/routes/0.svg`)).statusCode).toBe(422);
    expect((await get(`/jobs/job_nope/routes/1.svg`)).statusCode).toBe(404);
    expect((await get(`/jobs/${item.job_id}/routes/1.svg`, {})).statusCode).toBe(401);
  });
});

describe('summaries', () => {
  it('lists every job with its best route, in submission order', async () => {
    const id = await finishedBatch(['CC(=O)Nc1ccccc1', 'CCO', 'Xx']);
    const res = await get(`/batches/${id}/summary`);
    expect(res.statusCode).toBe(200);
    const items = res.json() as Body[];
    // Checked against the schema the served document gives (the additions are added by the app).
    const doc = (await get('/openapi.json', {})).json() as Body;
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema(doc, 'served');
    const validate = ajv.getSchema('served#/components/schemas/BatchSummaryItem')!;
    for (const item of items) expect(validate(item), ajv.errorsText(validate.errors)).toBe(true);
    expect(items.map((i) => [i.smiles, i.synthesizable, i.status])).toEqual([
      ['CC(=O)Nc1ccccc1', true, 'completed'],
      ['CCO', false, 'completed'],
      ['Xx', false, 'failed'],
    ]);
    expect(items[0]).toMatchObject({ score: 2, price: 1, steps: 1, routes: 1, completed: true });
    expect(items[0].best_route).toBe('CC(=O)O.Nc1ccccc1>>CC(=O)Nc1ccccc1');
    expect(items[0].best_route_reactions).toEqual(['CC(=O)O.Nc1ccccc1>>CC(=O)Nc1ccccc1']);
    expect(items[1]).toMatchObject({ score: null, routes: 0, best_route: null });
    expect(items[2].error).toBe('invalid_smiles');

    const one = await get(`/jobs/${items[0].job_id}/summary`);
    expect(one.json()).toEqual(items[0]);
  });

  it("answers 404 for another owner's batch or job", async () => {
    const id = await finishedBatch(['CN']);
    expect((await get(`/batches/${id}/summary`, t.otherAuth)).statusCode).toBe(404);
    const [item] = (await get(`/batches/${id}/summary`)).json() as Body[];
    expect((await get(`/jobs/${item.job_id}/summary`, t.otherAuth)).statusCode).toBe(404);
    expect((await get('/batches/bat_nope/summary')).statusCode).toBe(404);
  });

  it('is described in /openapi.json', async () => {
    const doc = (await get('/openapi.json', {})).json() as Body;
    for (const path of [
      '/batches/{batch_id}/summary',
      '/jobs/{job_id}/summary',
      '/depict/molecule',
      '/depict/reaction',
    ])
      expect(doc.paths[path]?.get, path).toBeDefined();
  });
});

describe('console files', () => {
  it('serves the page at / without a token, with a same-origin-only policy', async () => {
    const page = await get('/', {});
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('/console/app.js');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    const script = await get('/console/app.js', {});
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
  });

  it('keeps the API answers for unknown paths', async () => {
    const res = await get('/console/nope.js');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});
