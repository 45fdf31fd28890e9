import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Body, expectResponse, params, startTestApp, TestApp } from '../helpers/api.js';
import { sharedPath } from '../helpers/shared.js';
import { untilValue } from '../helpers/wait.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function createBatch(smiles: string[], extra: Record<string, unknown> = {}, app = t) {
  const res = await app.app.inject({
    method: 'POST',
    url: '/batches',
    headers: app.auth,
    payload: { smiles, parameters: params(), ...extra },
  });
  return expectResponse(res, '/batches', 'post', 200) as Body;
}

async function status(id: string): Promise<Body> {
  const res = await t.app.inject({ method: 'GET', url: `/batches/${id}/status`, headers: t.auth });
  return expectResponse(res, '/batches/{batch_id}/status', 'get', 200);
}

function waitCompleted(id: string): Promise<Body> {
  return untilValue(
    `batch ${id} to complete`,
    () => status(id),
    (s) => s.status === 'completed',
  );
}

describe('batches', () => {
  it('creates a batch without duplicate SMILES and runs it to completion', async () => {
    const batch = await createBatch(['CCN', 'CCO', 'CCN', 'CXx', 'CCO'], {
      name: 'screen 42',
      description: 'Screening of targets for inhibitor 42.',
      filename: 'experiment_042.smi',
    });
    expect(batch.id).toMatch(/^[0-9a-f]{32}$/);
    expect(batch).toMatchObject({
      object: 'batch',
      number_of_jobs: 3,
      name: 'screen 42',
      // Characters outside the resource's patterns are replaced (the spec's own example).
      description: 'Screening of targets for inhibitor 42_',
      filename: 'experiment_042_smi',
    });
    const first = await status(batch.id);
    expect(first.number_of_jobs).toBe(3);
    expect(['submitted', 'processing', 'completed']).toContain(first.status);
    const done = await waitCompleted(batch.id);
    expect(done).toEqual({ status: 'completed', number_of_jobs: 3, completed_jobs: 3 });

    const res = await t.app.inject({
      method: 'GET',
      url: `/batches/${batch.id}/result`,
      headers: t.auth,
    });
    const items = expectResponse(res, '/batches/{batch_id}/result', 'get', 200) as Body[];
    expect(items.map((i) => [i.smiles, i.completed, i.synthesizable])).toEqual([
      ['CCN', true, true],
      ['CCO', true, false],
      ['CXx', true, false],
    ]);
    const job = await t.app.inject({
      method: 'GET',
      url: `/jobs/${items[0].job_id}`,
      headers: t.auth,
    });
    expect((expectResponse(job, '/jobs/{job_id}', 'get', 200) as Body).routes).toHaveLength(1);
  });

  it('returns the result gzipped and base64-encoded with accept-encoding: gzip', async () => {
    const batch = await createBatch(['NCC', 'NCCC']);
    await waitCompleted(batch.id);
    const plain = await t.app.inject({
      method: 'GET',
      url: `/batches/${batch.id}/result`,
      headers: t.auth,
    });
    const packed = await t.app.inject({
      method: 'GET',
      url: `/batches/${batch.id}/result`,
      headers: { ...t.auth, 'accept-encoding': 'gzip' },
    });
    expect(packed.statusCode).toBe(200);
    expect(packed.headers['content-encoding']).toBeUndefined();
    expect(packed.body).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const unpacked = JSON.parse(gunzipSync(Buffer.from(packed.body, 'base64')).toString());
    expect(unpacked).toEqual(JSON.parse(plain.body));
  });

  it('appends with PUT (dropping SMILES already in the batch) and goes back to processing', async () => {
    const batch = await createBatch(['CN']);
    await waitCompleted(batch.id);
    const res = await t.app.inject({
      method: 'PUT',
      url: `/batches/${batch.id}`,
      headers: t.auth,
      payload: { smiles: ['CN', 'CCCN[Hang]', 'CCCN[Hang]'] },
    });
    expect((expectResponse(res, '/batches/{batch_id}', 'put', 200) as Body).number_of_jobs).toBe(2);
    await untilValue(
      'the batch to process',
      () => status(batch.id),
      (s) => s.status === 'processing',
    );
    expect(await status(batch.id)).toEqual({
      status: 'processing',
      number_of_jobs: 2,
      completed_jobs: 1,
    });
  });

  it('keeps compound ids with each target in the result, the summary and the job', async () => {
    const batch = await createBatch(['CCN', 'CCO', 'CCN', 'CCN'], {
      compound_ids: ['EN-001', 'cpd 2/β', 'EN-007', 'EN-001'],
    });
    expect(batch.number_of_jobs).toBe(3);
    await waitCompleted(batch.id);
    const res = await t.app.inject({
      method: 'GET',
      url: `/batches/${batch.id}/result`,
      headers: t.auth,
    });
    const items = expectResponse(res, '/batches/{batch_id}/result', 'get', 200) as Body[];
    expect(items.map((i) => [i.compound_id, i.smiles])).toEqual([
      ['EN-001', 'CCN'],
      ['cpd 2/β', 'CCO'],
      ['EN-007', 'CCN'],
    ]);
    const summary = await t.app.inject({
      method: 'GET',
      url: `/batches/${batch.id}/summary`,
      headers: t.auth,
    });
    expect(summary.json().map((i: Body) => i.compound_id)).toEqual(['EN-001', 'cpd 2/β', 'EN-007']);
    const job = await t.app.inject({
      method: 'GET',
      url: `/jobs/${items[1].job_id}`,
      headers: t.auth,
    });
    expect(expectResponse(job, '/jobs/{job_id}', 'get', 200)).toMatchObject({
      compound_id: 'cpd 2/β',
    });

    const put = await t.app.inject({
      method: 'PUT',
      url: `/batches/${batch.id}`,
      headers: t.auth,
      payload: { smiles: ['CCN', 'NCCO'], compound_ids: ['EN-001', null] },
    });
    expect((expectResponse(put, '/batches/{batch_id}', 'put', 200) as Body).number_of_jobs).toBe(4);

    const mismatch = await t.app.inject({
      method: 'POST',
      url: '/batches',
      headers: t.auth,
      payload: { smiles: ['CCN', 'CCO'], compound_ids: ['A'], parameters: params() },
    });
    const refused = expectResponse(mismatch, '/batches', 'post', 422) as Body;
    expect(refused.error.details[0]).toMatchObject({
      location: ['body', 'compound_ids'],
      message: '1 compound ids for 2 SMILES: give one per SMILES (null where none)',
    });
  });

  it('deletes a batch: queued jobs never run, the batch and its jobs are gone', async () => {
    const slow = await startTestApp({ threads: 1 });
    try {
      const hang = await createBatch(['C[Hang]'], {}, slow);
      const queued = await createBatch(['CCCC', 'CCCCC'], {}, slow);
      void hang;
      const del = await slow.app.inject({
        method: 'DELETE',
        url: `/batches/${queued.id}`,
        headers: slow.auth,
      });
      const deleted = expectResponse(del, '/batches/{batch_id}', 'delete', 200) as Body;
      expect(deleted).toMatchObject({ id: queued.id, number_of_jobs: 2 });
      for (const url of [
        `/batches/${queued.id}`,
        `/batches/${queued.id}/status`,
        `/batches/${queued.id}/result`,
      ]) {
        const res = await slow.app.inject({ method: 'GET', url, headers: slow.auth });
        expect(res.statusCode).toBe(404);
        expect(res.body).toBe('null');
      }
      const stats = await slow.app.synroute.store.queueStats();
      expect(stats.queued).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it('pages the batch list with created-after / created-before cursors and exact has_more', async () => {
    const own = await startTestApp({ runWorkers: false });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await createBatch([`C${i}`], {}, own)).id);
      const list = async (query: string) => {
        const res = await own.app.inject({
          method: 'GET',
          url: `/batches?${query}`,
          headers: own.auth,
        });
        const body = expectResponse(res, '/batches', 'get', 200) as Body;
        return { ids: body.data.map((b: Body) => b.id), more: body.has_more };
      };
      expect(await list('size=2')).toEqual({ ids: ids.slice(0, 2), more: true });
      expect(await list(`size=2&created-after=${ids[1]}`)).toEqual({
        ids: ids.slice(2, 4),
        more: true,
      });
      expect(await list(`size=2&created-after=${ids[3]}`)).toEqual({
        ids: ids.slice(4),
        more: false,
      });
      expect(await list(`size=2&created-before=${ids[4]}`)).toEqual({
        ids: ids.slice(2, 4),
        more: true,
      });
      expect(await list(`size=2&created-before=${ids[2]}`)).toEqual({
        ids: ids.slice(0, 2),
        more: false,
      });
      expect(await list('size=5')).toEqual({ ids, more: false });
      const other = await own.app.inject({
        method: 'GET',
        url: '/batches',
        headers: own.otherAuth,
      });
      expect((JSON.parse(other.body) as Body).data).toEqual([]);
      const bad = await own.app.inject({
        method: 'GET',
        url: '/batches?size=0',
        headers: own.auth,
      });
      expectResponse(bad, '/batches', 'get', 422);
    } finally {
      await own.close();
    }
  });

  it('finds a batch and its jobs from either form of their UUID on every route', async () => {
    const batch = await createBatch(['CCCCCN', 'CCCCCO']);
    await waitCompleted(batch.id);
    const dashed = (id: string) => id.replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
    for (const id of [dashed(batch.id), dashed(batch.id).toUpperCase(), batch.id.toUpperCase()]) {
      for (const path of ['', '/status', '/result', '/summary']) {
        const res = await t.app.inject({ url: `/batches/${id}${path}`, headers: t.auth });
        expect(res.statusCode, `${id}${path}`).toBe(200);
      }
      const list = await t.app.inject({ url: `/batches?created-before=${id}`, headers: t.auth });
      expect(JSON.parse(list.body).data.map((b: Body) => b.id)).not.toContain(batch.id);
    }
    const [item] = JSON.parse(
      (await t.app.inject({ url: `/batches/${batch.id}/result`, headers: t.auth })).body,
    ) as Body[];
    expect(item.job_id).toMatch(/^[0-9a-f]{32}$/);
    const job = await t.app.inject({ url: `/jobs/${dashed(item.job_id)}`, headers: t.auth });
    expect((expectResponse(job, '/jobs/{job_id}', 'get', 200) as Body).id).toBe(item.job_id);
    const put = await t.app.inject({
      method: 'PUT',
      url: `/batches/${dashed(batch.id)}`,
      headers: t.auth,
      payload: { smiles: ['CCCCCCN'] },
    });
    expect((expectResponse(put, '/batches/{batch_id}', 'put', 200) as Body).id).toBe(batch.id);
  });

  it("answers 404 for another owner's batch on every batch route", async () => {
    const batch = await createBatch(['CCCCN']);
    const routes: [string, string][] = [
      ['GET', `/batches/${batch.id}`],
      ['PUT', `/batches/${batch.id}`],
      ['DELETE', `/batches/${batch.id}`],
      ['GET', `/batches/${batch.id}/status`],
      ['GET', `/batches/${batch.id}/result`],
    ];
    for (const [method, url] of routes) {
      const res = await t.app.inject({
        method: method as 'GET',
        url,
        headers: t.otherAuth,
        ...(method === 'PUT' ? { payload: { smiles: ['C'] } } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.body).toBe('null');
    }
  });
});

describe('batch size limits', () => {
  let big: TestApp;
  beforeAll(async () => {
    big = await startTestApp({ runWorkers: false });
  });
  afterAll(() => big.close());

  const distinct = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => `CC(=O)Nc1ccc(O)cc1C${i + from}`);

  /** The seed contract's SMILES lists: `maxItems` of each request schema, read from the document. */
  const seed = JSON.parse(readFileSync(sharedPath('spec', 'retro-v2.openapi.json'), 'utf8'));
  const maxItems = (schema: string): number =>
    seed.components.schemas[schema].properties.smiles.maxItems;

  it('accepts maxItems SMILES and answers 422 for one more, before duplicates are removed', async () => {
    const max = maxItems('pai_retro__models__batches__Batch__CreateParams');
    expect(max).toBe(100_000);
    const batch = await createBatch(distinct(max), {}, big);
    expect(batch.number_of_jobs).toBe(max);
    // One more item is one too many, even when it repeats another (duplicates go afterwards).
    for (const smiles of [distinct(max + 1), [...distinct(max, 7), 'CC(=O)Nc1ccc(O)cc1C7']]) {
      const over = await big.app.inject({
        method: 'POST',
        url: '/batches',
        headers: big.auth,
        payload: { smiles, parameters: params() },
      });
      const body = expectResponse(over, '/batches', 'post', 422) as Body;
      expect(body.error.details).toEqual([
        expect.objectContaining({ location: ['body', 'smiles'], error_type: 'too_long' }),
      ]);
    }
    // Appends: the same limit per request (UpdateParams), checked before the batch's state.
    expect(maxItems('UpdateParams')).toBe(max);
    const bigPut = await big.app.inject({
      method: 'PUT',
      url: `/batches/${batch.id}`,
      headers: big.auth,
      payload: { smiles: distinct(max + 1) },
    });
    expect(
      (expectResponse(bigPut, '/batches/{batch_id}', 'put', 422) as Body).error.details,
    ).toEqual([expect.objectContaining({ location: ['body', 'smiles'], error_type: 'too_long' })]);
    // Within the request limit but past the batch's: 413, nothing written.
    const put = await big.app.inject({
      method: 'PUT',
      url: `/batches/${batch.id}`,
      headers: big.auth,
      payload: { smiles: ['CCO'] },
    });
    expectResponse(put, '/batches/{batch_id}', 'put', 413);
    const s = await big.app.inject({
      method: 'GET',
      url: `/batches/${batch.id}/status`,
      headers: big.auth,
    });
    expect(JSON.parse(s.body)).toEqual({
      status: 'submitted',
      number_of_jobs: max,
      completed_jobs: 0,
    });
  });

  it("answers 413 past an operator's lower batch limit, counting distinct SMILES", async () => {
    const small = await startTestApp({ runWorkers: false, maxBatchJobs: 3 });
    try {
      const ok = await createBatch(['CN', 'CCN', 'CCCN', 'CN'], {}, small);
      expect(ok.number_of_jobs).toBe(3);
      const over = await small.app.inject({
        method: 'POST',
        url: '/batches',
        headers: small.auth,
        payload: { smiles: ['CN', 'CCN', 'CCCN', 'CCCCN'], parameters: params() },
      });
      expectResponse(over, '/batches', 'post', 413);
      expect(over.body).toBe('null');
    } finally {
      await small.close();
    }
  });

  it('answers 413 with a null body for a request over the body limit', async () => {
    const small = await startTestApp({ runWorkers: false, bodyLimitBytes: 10_000 });
    try {
      const res = await small.app.inject({
        method: 'POST',
        url: '/batches',
        headers: small.auth,
        payload: { smiles: distinct(1000), parameters: params() },
      });
      expect(res.statusCode).toBe(413);
      expect(res.body).toBe('null');
    } finally {
      await small.close();
    }
  });

  it('validates every SMILES of a batch', async () => {
    const res = await big.app.inject({
      method: 'POST',
      url: '/batches',
      headers: big.auth,
      payload: { smiles: ['CCO', 'C C', 'C'.repeat(1001)], parameters: params() },
    });
    const body = expectResponse(res, '/batches', 'post', 422) as Body;
    expect(body.error.details.map((d: Body) => `${d.location.join('.')}:${d.error_type}`)).toEqual([
      'body.smiles.1:string_pattern_mismatch',
      'body.smiles.2:string_too_long',
    ]);
    // In words, numbered from 1, rather than the contract's regular expression.
    expect(body.error.details[0].message).toBe(
      'SMILES number 2 of the list contains a space or tab, which SMILES does not use',
    );
    const empty = await big.app.inject({
      method: 'POST',
      url: '/batches',
      headers: big.auth,
      payload: { smiles: [], parameters: params() },
    });
    expect((expectResponse(empty, '/batches', 'post', 422) as Body).error.details[0]).toMatchObject(
      {
        location: ['body', 'smiles'],
        error_type: 'too_short',
      },
    );
  });
});
