/**
 * The OpenAPI document at /openapi.json: valid OpenAPI (checked against the
 * specification's JSON schema), the three APIs each under its own tag, and
 * the seed documents' schemas where the seeds give them.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Body, startTestApp, TestApp } from '../helpers/api.js';
import { documentedFields, seedText } from '../helpers/seed-docs.js';

let t: TestApp;
let doc: Body;
beforeAll(async () => {
  t = await startTestApp({ runWorkers: false });
  doc = JSON.parse((await t.app.inject({ url: '/openapi.json' })).body);
});
afterAll(() => t.close());

const operations = (d: Body): [string, string, Body][] =>
  Object.entries(d.paths as Record<string, Body>).flatMap(([path, ops]) =>
    Object.entries(ops as Record<string, Body>).map(
      ([method, op]) => [path, method, op] as [string, string, Body],
    ),
  );

describe('the served OpenAPI document', () => {
  it('is valid OpenAPI 3.1, and the check catches a broken document', async () => {
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
    const broken = structuredClone(doc);
    // A Swagger 2.0 body parameter has no place in OpenAPI 3.1.
    broken.paths['/api/v2/batches/{batch__id}/complete'].patch.parameters[0].in = 'body';
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('puts each API under its own tag, all declared and grouped', () => {
    const seed = JSON.parse(seedText('retro-v2.openapi.json'));
    const declared = doc.tags.map((tag: Body) => tag.name);
    for (const [path, method, op] of operations(doc)) {
      const where = `${method} ${path}`;
      expect(op.tags?.length, where).toBeGreaterThan(0);
      for (const tag of op.tags) expect(declared, where).toContain(tag);
      if (path.startsWith('/api/v1/')) expect(op.tags, where).toEqual(['Batch scoring (v1)']);
      else if (path.startsWith('/api/v2/'))
        expect(op.tags, where).toEqual(['Batch lifecycle (v2)']);
      else if (seed.paths[path]?.[method])
        expect(op.tags, where).toEqual(seed.paths[path][method].tags);
    }
    const grouped = doc['x-tagGroups'].flatMap((g: Body) => g.tags);
    expect([...grouped].sort()).toEqual([...declared].sort());
    expect(doc['x-tagGroups'].map((g: Body) => g.name)).toEqual(
      expect.arrayContaining(['Retro v2', 'Batch scoring API v1', 'Batch lifecycle API v2']),
    );
  });

  it("keeps the Retro v2 seed's schemas: SynRoute only adds (fields, limits, the status canceled)", () => {
    const seed = JSON.parse(seedText('retro-v2.openapi.json'));
    /** Every keyword of the seed's definition holds; descriptions may go on, enums may grow. */
    const expectKept = (served: Body, def: Body, where: string) => {
      for (const [key, value] of Object.entries(def)) {
        if (key === 'description')
          expect(served.description.startsWith((value as string).trimEnd()), where).toBe(true);
        else if (key === 'enum')
          expect(served.enum, where).toEqual(expect.arrayContaining(value as []));
        else expect(served[key], `${where}.${key}`).toEqual(value);
      }
    };
    for (const [name, schema] of Object.entries(seed.components.schemas as Record<string, Body>)) {
      const served = doc.components.schemas[name];
      expect(served, name).toBeDefined();
      expect(served.required ?? [], name).toEqual(schema.required ?? []);
      for (const [prop, def] of Object.entries(schema.properties ?? {}))
        expectKept(served.properties[prop], def, `${name}.${prop}`);
    }
    // Every seed operation is there, with the seed's request body.
    for (const [path, method, op] of operations(seed))
      expect(doc.paths[path]?.[method]?.requestBody, `${method} ${path}`).toEqual(op.requestBody);
  });

  it("has the lifecycle seed's schemas: fields, required ones, types and values", () => {
    const text = seedText('batch-lifecycle-complete.md');
    const schemas = doc.components.schemas;
    const resolve = (s: Body) => (s.$ref ? schemas[s.$ref.split('/').pop()] : s);
    for (const [name, from, to] of [
      [
        'ProducedBatchWithPartialJobsResponse',
        'ProducedBatchWithPartialJobsResponse',
        'ProducedPartialJobResponse',
      ],
      ['ProducedPartialJobResponse', 'ProducedPartialJobResponse', '422'],
      ['ValidationError', 'ValidationError', undefined],
    ] as const) {
      const schema = schemas[name];
      const fields = documentedFields(text, from, to);
      expect(fields.length, name).toBeGreaterThan(2);
      expect([...schema.required].sort(), name).toEqual(
        fields
          .filter((f) => f.required)
          .map((f) => f.name)
          .sort(),
      );
      for (const f of fields) {
        const prop = resolve(schema.properties[f.name]);
        const where = `${name}.${f.name}`;
        expect(prop, where).toBeDefined();
        const [type, , format] = /^(\w+)( format: ([\w-]+))?/.exec(f.type)!.slice(1);
        expect(prop.type, where).toBe(type === 'Array' ? 'array' : type);
        if (format) expect(prop.format, where).toBe(format);
        if (f.enum) expect(prop.enum, where).toEqual(f.enum);
        if (f.type === 'Array<string>') expect(prop.items, where).toEqual({ type: 'string' });
      }
    }
    const complete = doc.paths['/api/v2/batches/{batch__id}/complete'].patch;
    expect(complete.parameters[0]).toMatchObject({ in: 'path', name: 'batch__id', required: true });
    expect(complete.parameters[0].schema).toMatchObject({ type: 'string', format: 'uuid' });
    expect(Object.keys(complete.responses)).toEqual(expect.arrayContaining(['200', '422']));
  });
});
