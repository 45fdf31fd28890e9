/**
 * Clients written only from the seed documents (read from shared/spec at test
 * time, never copied here), each running its whole flow against the service
 * over HTTP:
 *
 * - batch scoring v1: every curl example replayed as written (method, URL,
 *   headers, body; placeholders filled in), with an engine that answers the
 *   document's example values, so the answers can be compared with the
 *   document's example answers;
 * - batch lifecycle v2: the documented operation on a batch, its answer
 *   checked field by field against the document's field list;
 * - Retro v2: the rendered page's examples, every answer checked against the
 *   seed contract's own response schemas.
 */
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanJobInput, PlanJobOutput } from '../../src/contract/index.js';
import { Body, ENGINE_ID, FakeRunner, startTestApp, TestApp } from '../helpers/api.js';
import {
  codeBlocks,
  CurlExample,
  curlExamples,
  DocField,
  documentedFields,
  documentedOperation,
  exampleJson,
  renderedExample,
  seedText,
} from '../helpers/seed-docs.js';
import { untilValue } from '../helpers/wait.js';

/** Answers the document's example values for the document's example target. */
class DocumentRunner extends FakeRunner {
  readonly answers = new Map<string, Body>();
  override async run(input: PlanJobInput, signal: AbortSignal): Promise<PlanJobOutput> {
    const out = await super.run(input, signal);
    const doc = this.answers.get(input.smiles);
    if (!doc) return out;
    const { result, certainty, price, reactionCount, timedOut } = doc;
    return {
      ...out,
      summary: { synthesizable: true, score: result, certainty, price, reactionCount, timedOut },
    };
  }
}

let t: TestApp;
let runner: DocumentRunner;
let base: string;
beforeAll(async () => {
  runner = new DocumentRunner(2, 5);
  t = await startTestApp({ runner });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => t.close());

function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  return untilValue('the documented end state', read, done);
}

interface Reply {
  status: number;
  body: Body;
}

async function http(method: string, url: string, headers: [string, string][], body?: string) {
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined } as Reply;
}

const shape = (id: string) => id.replace(/[0-9a-f]/g, 'x');

describe('the batch-scoring v1 document, replayed', () => {
  const doc = seedText('batch-scoring-v1.md');
  const curls = curlExamples(doc);
  const answers = codeBlocks(doc).filter((b) => b.lang === 'json' || b.lang === 'js');
  const answerOf = (section: string, i = 0) =>
    exampleJson(answers.filter((b) => b.section === section)[i]) as Body;
  const [fullResults, onlyResults, preciseResults] = [0, 2, 3].map((i) =>
    answerOf('Get partial or complete results', i),
  );
  const target = fullResults[0].targetSmiles as string;
  const values: Record<string, string> = {
    '<TARGET_1>': target,
    '<TARGET_2>': 'CCO',
    '<MATERIAL_1>': 'Nc1ccccc1',
    '<MATERIAL_2>': 'CC(=O)O',
  };

  /** The example's request with the placeholders filled in and `...` (more of the same) dropped. */
  function send(example: CurlExample, id?: string, headers = example.headers): Promise<Reply> {
    const fill = (s: string) =>
      s
        .replace(/<TOKEN>/g, t.token)
        .replace(/<ID>/g, id ?? '<ID>')
        .replace(/<(TARGET|MATERIAL)_\d>/g, (p) => values[p]);
    expect(example.url.startsWith('...'), example.url).toBe(true);
    const body = example.body && fill(example.body).replace(/,\s*\.\.\.\s*\]/g, ']');
    if (body) JSON.parse(body);
    const filled = headers.map(([k, v]) => [k, fill(v)] as [string, string]);
    return http(example.method, base + fill(example.url.slice(3)), filled, body);
  }

  const bySection = (section: string) => curls.filter((c) => c.section === section);

  it('creates, polls, reads (all, only=, precision=) and removes as the examples show', async () => {
    runner.answers.set(target, fullResults[0]);
    const created = answerOf('Basic request');
    const creates = curls.filter((c) => c.method === 'POST');
    expect(creates.map((c) => c.section)).toEqual([
      'Basic request',
      'Starting materials',
      'Job priority',
      'Parameters',
    ]);
    const ids: string[] = [];
    for (const example of creates) {
      const res = await send(example);
      expect(res.status, `${example.section}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(Object.keys(created).sort());
      expect(shape(res.body.id)).toBe(shape(created.id));
      expect(res.body.size).toBe(created.size);
      ids.push(res.body.id);
    }
    const id = ids[0];

    const [statusCall] = bySection('Check batch scoring status');
    const status = await until(
      () => send(statusCall, id),
      (r) => r.body.queued === 0 && r.body.running === 0,
    );
    expect(Object.keys(status.body).sort()).toEqual(
      Object.keys(answerOf('Check batch scoring status')).sort(),
    );
    expect(status.body).toMatchObject({ finished: 2, error: 0 });

    const [all, only, precise] = bySection('Get partial or complete results');
    expect((await send(all, id)).body[0]).toEqual(fullResults[0]);
    // The document shortens these two to the URL: they keep the headers of the call above.
    expect(only.url).toContain('only=');
    expect((await send(only, id, all.headers)).body[0]).toEqual(onlyResults[0]);
    expect(precise.url).toContain('precision=');
    expect((await send(precise, id, all.headers)).body[0]).toEqual(preciseResults[0]);

    const [remove] = bySection('Remove data');
    expect(remove.headers).toContainEqual(['Content-Type', 'application/json']);
    expect(remove.body).toBeUndefined();
    expect((await send(remove, id)).status).toBe(200);
    expect((await send(statusCall, id)).status).toBe(404);
    for (const other of ids.slice(1)) expect((await send(remove, other)).status).toBe(200);
  });
});

/** Checks a value against the document's field list: required fields, types, formats, enums. */
function expectDocumented(value: Body, fields: DocField[], what: string): void {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  for (const f of fields) {
    const v = value[f.name];
    const where = `${what}.${f.name}`;
    if (v === undefined) {
      expect(f.required, `${where} is required`).toBe(false);
      continue;
    }
    if (f.type === 'string format: uuid') expect(v, where).toMatch(uuid);
    else if (f.type === 'string format: date-time') expect(Date.parse(v), where).toBeGreaterThan(0);
    else if (f.type === 'string') expect(typeof v, where).toBe('string');
    else if (f.type === 'integer') expect(Number.isInteger(v), where).toBe(true);
    else if (f.type === 'boolean') expect(typeof v, where).toBe('boolean');
    else if (f.type === 'object') expect(v !== null && typeof v === 'object', where).toBe(true);
    else if (f.type.startsWith('Array')) expect(Array.isArray(v), where).toBe(true);
    else throw new Error(`type ${f.type} of ${where} not understood`);
    if (f.type === 'Array<string>') for (const s of v) expect(typeof s, where).toBe('string');
    if (f.enum) expect(f.enum, where).toContain(v);
  }
}

describe('the batch lifecycle document, replayed', () => {
  const doc = seedText('batch-lifecycle-complete.md');
  const operation = documentedOperation(doc);
  const batchFields = documentedFields(
    doc,
    'ProducedBatchWithPartialJobsResponse',
    'ProducedPartialJobResponse',
  );
  const jobFields = documentedFields(doc, 'ProducedPartialJobResponse', '422');
  const errorFields = documentedFields(doc, '422');

  it('completes a batch and reads it with its jobs, in the documented shape', async () => {
    expect(operation).toEqual({ method: 'PATCH', path: '/api/v2/batches/{batch__id}/complete' });
    const created = await http(
      'POST',
      `${base}/batches`,
      [...Object.entries(t.auth), ['content-type', 'application/json']],
      JSON.stringify({
        smiles: ['CCN', 'CCCN'],
        parameters: { retrosynthesis_engine: ENGINE_ID, building_block_libraries: ['default'] },
      }),
    );
    const headers: [string, string][] = [
      ...Object.entries(t.auth),
      ['Content-Type', 'application/json'],
    ];
    const url = (id: string) => base + operation.path.replace('{batch__id}', id);
    // The lifecycle API shows the batch's UUID hyphenated; either form finds it.
    const done = await http(operation.method, url(created.body.id), headers);
    expect(done.status).toBe(200);
    expect(Object.keys(done.body)).toEqual(['data']);
    const batch = done.body.data;
    expect(batch.id.replace(/-/g, '')).toBe(created.body.id);
    expectDocumented(batch, batchFields, 'batch');
    expect(batch.complete).toBe(true);

    const read = () =>
      http('GET', url(batch.id).replace(/\/complete$/, ''), headers).then((r) => r.body.data);
    const final = await until(read, (b) => b.status === 'DONE');
    expectDocumented(final, batchFields, 'batch');
    expect(final.jobs.map((j: Body) => j.status)).toEqual(['DONE', 'DONE']);
    for (const job of final.jobs) {
      expectDocumented(job, jobFields, 'job');
      // A job's routes: the same UUID at Retro v2's job route.
      const routes = await http('GET', `${base}/jobs/${job.id}`, headers);
      expect(routes.body.routes).toHaveLength(1);
    }

    const bad = await http(operation.method, url('not-a-uuid'), headers);
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body)).toEqual(['detail']);
    for (const d of bad.body.detail) expectDocumented(d, errorFields.slice(1), 'detail');
  });
});

describe('the Retro v2 documents, replayed', () => {
  const seed = JSON.parse(seedText('retro-v2.openapi.json'));
  const rendered = seedText('retro-v2-batches.rendered.txt');
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  (formats as unknown as typeof formats.default)(ajv);
  ajv.addSchema(seed, 'seed');

  /** The answer, checked against the seed's response schema of the operation. */
  async function call(method: string, path: string, template: string, body?: object) {
    const headers: [string, string][] = [...Object.entries(t.auth)];
    if (body) headers.push(['content-type', 'application/json']);
    const res = await http(method, base + path, headers, body && JSON.stringify(body));
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(200);
    const pointer = template.replace(/~/g, '~0').replace(/\//g, '~1');
    const validate = ajv.getSchema(
      `seed#/paths/${pointer}/${method.toLowerCase()}/responses/200/content/application~1json/schema`,
    )!;
    expect(validate(res.body), `${method} ${template}: ${ajv.errorsText(validate.errors)}`).toBe(
      true,
    );
    return res.body as Body;
  }

  it('runs a batch of the example SMILES and a job through the documented operations', async () => {
    const smiles = JSON.parse(renderedExample(rendered, 'smiles')) as string[];
    const parameters = { retrosynthesis_engine: ENGINE_ID, building_block_libraries: ['default'] };
    const batch = await call('POST', '/batches', '/batches', {
      smiles,
      parameters,
      name: renderedExample(rendered, 'name'),
      description: renderedExample(rendered, 'description'),
      filename: renderedExample(rendered, 'filename'),
    });
    expect(batch.number_of_jobs).toBe(smiles.length);
    const one = '/batches/{batch_id}';
    expect((await call('GET', `/batches/${batch.id}`, one)).id).toBe(batch.id);
    const status = await until(
      () => call('GET', `/batches/${batch.id}/status`, `${one}/status`),
      (s) => s.status === 'completed',
    );
    expect(status.completed_jobs).toBe(smiles.length);
    const result = await call('GET', `/batches/${batch.id}/result`, `${one}/result`);
    expect(result.map((r: Body) => r.smiles)).toEqual(smiles);
    for (const item of result) await call('GET', `/jobs/${item.job_id}`, '/jobs/{job_id}');
    const more = await call('PUT', `/batches/${batch.id}`, one, { smiles: [...smiles, 'CCNC'] });
    expect(more.number_of_jobs).toBe(smiles.length + 1);
    const list = await call('GET', '/batches?size=100', '/batches');
    expect(list.data.map((b: Body) => b.id)).toContain(batch.id);
    await call('DELETE', `/batches/${batch.id}`, one);

    const job = await call('POST', '/jobs', '/jobs', { query: smiles[1], parameters });
    const finished = await until(
      () => call('GET', `/jobs/${job.id}`, '/jobs/{job_id}'),
      (j) => j.status === 'completed',
    );
    expect(finished.routes).toHaveLength(1);
    await call('GET', '/jobs', '/jobs');
    await call('DELETE', `/jobs/${job.id}`, '/jobs/{job_id}');
  });
});
