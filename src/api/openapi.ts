/**
 * The Retro v2 contract (vendored verbatim from the spec) and what the service
 * derives from it: Fastify route schemas for request validation, and the
 * OpenAPI document served at /openapi.json (the spec plus SynRoute's
 * additions: engines, libraries, bearer tokens, system endpoints).
 */
import spec from '../contract/spec/retro-v2.openapi.json' with { type: 'json' };
import { ADDED_PATHS, ADDED_SCHEMAS } from './openapi-additions.js';
import { extendWithDiagnosis } from './openapi-diagnosis.js';
import { acceptHyphenatedIds } from './openapi-ids.js';
import { extendWithLifecycle } from './openapi-lifecycle.js';
import {
  LIFECYCLE_V2_PATHS,
  LIFECYCLE_V2_SCHEMAS,
  LIFECYCLE_V2_TAG,
} from './openapi-lifecycle-v2.js';
import { extendWithScreening } from './openapi-screening.js';
import { API_TOKEN_V1_SCHEME, extendWithScoring, SCORING_TAG } from './openapi-scoring.js';
import { addTokenDocs, TOKEN_TAG } from './openapi-tokens.js';

type Json = Record<string, unknown>;

interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema: Json }[];
  requestBody?: { content: { 'application/json': { schema: { $ref: string } } } };
}

export const SPEC_SCHEMA_ID = 'retro-v2';

/** Most distinct building-block libraries one request may name. */
export const MAX_LIBRARIES_PER_REQUEST = 20;
/** Highest page number of `GET /jobs` (its offset must fit the databases' integers). */
export const MAX_PAGE_NUMBER = 1_000_000_000;

/** The spec with the batch lifecycle's additions (optional fields, new paths) and the batch-scoring API. */
export const specDocument = lifecycleSpec();

function lifecycleSpec() {
  const doc = structuredClone(spec) as unknown as {
    components: { schemas: Record<string, Json> };
    paths: Record<string, Record<string, Operation>>;
  };
  acceptHyphenatedIds(doc as never);
  extendWithLifecycle(doc as never);
  extendWithScoring(doc as never);
  extendWithDiagnosis(doc as never);
  tightenLimits(doc);
  extendWithScreening(doc as never);
  return doc;
}

/** Bounds the spec leaves open, so oversized input is refused before any work. */
function tightenLimits(doc: {
  components: { schemas: Record<string, Json> };
  paths: Record<string, Record<string, Operation>>;
}): void {
  const params = doc.components.schemas.Parameters as { properties: Record<string, Json> };
  const libraries = params.properties.building_block_libraries;
  libraries.maxItems = MAX_LIBRARIES_PER_REQUEST;
  libraries.description = `${String(libraries.description).trimEnd()} At most ${MAX_LIBRARIES_PER_REQUEST}; duplicates are collapsed.`;
  const page = doc.paths['/jobs'].get.parameters?.find((p) => p.name === 'page-number');
  if (page) page.schema.maximum = MAX_PAGE_NUMBER;
}

interface PropertySchema {
  maxLength?: number;
  items?: PropertySchema;
}

export interface RequestLimits {
  maxSmilesLength: number;
}

/**
 * The spec's component schemas as one shared schema for Fastify's validator,
 * tightened where the service has limits of its own (SMILES length). A batch
 * request's `maxItems` holds as the spec says (422, counted before duplicates
 * are removed); a batch that would hold more distinct SMILES than the
 * operator allows answers 413.
 */
export function validationSchemas(limits: RequestLimits): Json {
  const schemas = structuredClone(specDocument.components.schemas) as Record<
    string,
    { properties: Record<string, PropertySchema> }
  >;
  schemas.pai_retro__models__jobs__Job__CreateParams.properties.query.maxLength =
    limits.maxSmilesLength;
  for (const name of ['pai_retro__models__batches__Batch__CreateParams', 'UpdateParams']) {
    const smiles = schemas[name].properties.smiles;
    (smiles.items as PropertySchema).maxLength = limits.maxSmilesLength;
  }
  const scoring = schemas.BatchSearchRequest.properties;
  for (const list of [scoring.targets, scoring.startingMaterials])
    (list.items as PropertySchema).maxLength = limits.maxSmilesLength;
  return { $id: SPEC_SCHEMA_ID, components: { schemas } };
}

/** Fastify schema (params, querystring, body) of one spec operation. */
export function routeSchema(path: string, method: string): Json {
  const op = specDocument.paths[path]?.[method];
  if (!op) throw new Error(`no ${method} ${path} in the spec`);
  const out: Json = {};
  const params = objectOf(op, 'path');
  const query = objectOf(op, 'query');
  if (params) out.params = params;
  if (query) out.querystring = query;
  const body = op.requestBody?.content['application/json'].schema.$ref;
  if (body) out.body = { $ref: `${SPEC_SCHEMA_ID}${body}` };
  return out;
}

/** The spec path `/jobs/{job_id}` in Fastify's syntax. */
export function fastifyPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

function objectOf(op: Operation, where: string): Json | undefined {
  const list = (op.parameters ?? []).filter((p) => p.in === where);
  if (!list.length) return undefined;
  return {
    type: 'object',
    properties: Object.fromEntries(list.map((p) => [p.name, p.schema])),
    required: list.filter((p) => p.required).map((p) => p.name),
  };
}

/**
 * Tags beyond the Retro v2 document's own (`Batches`, `Jobs`), and the three
 * APIs as groups of tags (`x-tagGroups`, for viewers that group them).
 */
const TAGS = [
  {
    name: SCORING_TAG,
    description:
      'The batch-scoring API v1 (`/api/v1`, the Molecule.one document): a request is a batch scored with the default engine. Accepts `Authorization: ApiToken-v1 <token>` as well as bearer tokens. Batch ids are hyphenated UUIDs.',
  },
  {
    name: LIFECYCLE_V2_TAG,
    description:
      'The batch lifecycle API (`/api/v2`, the Complete Batch document): complete a batch and read it with its jobs. Batch and job ids are hyphenated UUIDs; errors are `{"detail": …}`.',
  },
  { name: 'Engines', description: 'SynRoute: retrosynthesis engines to name in `parameters`.' },
  TOKEN_TAG,
  { name: 'Libraries', description: 'SynRoute: building-block libraries, bundled and uploaded.' },
  { name: 'Webhooks', description: 'SynRoute: the key that signs batch webhook events.' },
  { name: 'Depiction', description: 'SynRoute: molecule and reaction pictures (SVG).' },
  { name: 'System', description: 'SynRoute: health, metrics and this document.' },
];

const TAG_GROUPS = [
  { name: 'Retro v2', tags: ['Batches', 'Jobs'] },
  { name: 'Batch scoring API v1', tags: [SCORING_TAG] },
  { name: 'Batch lifecycle API v2', tags: [LIFECYCLE_V2_TAG] },
  { name: 'SynRoute', tags: ['Engines', 'Libraries', 'Webhooks', 'Depiction', 'Tokens', 'System'] },
];

/** The document served at /openapi.json. */
export function servedDocument(limits: RequestLimits): Json {
  const doc = structuredClone(specDocument) as unknown as Json & {
    components: { schemas: Json; securitySchemes?: Json };
    paths: Json;
  };
  doc.info = {
    ...(doc.info as Json),
    title: 'SynRoute',
    description: `Three APIs on one queue, each under its own tag: **Retro v2** (jobs and batches, tags \`Batches\` and \`Jobs\`, as specified), the **batch-scoring API v1** under \`/api/v1\`, and the **batch lifecycle API v2** under \`/api/v2\`; plus SynRoute's engines, building-block libraries, depictions and system endpoints. Every batch and job has one UUID: Retro v2 shows it as 32 hex digits, the other two APIs hyphenated, and every path accepts either. Every request except /health, /metrics, /openapi.json and /docs needs \`Authorization: Bearer <token>\` (create one with \`synroute tokens create --name NAME\`). SMILES are limited to ${limits.maxSmilesLength} characters. A failed job also carries \`error: {code, message}\` (why it failed). \`GET /jobs\` lists the jobs submitted with \`POST /jobs\`; jobs of a batch are reached through the batch result. SynRoute additions to Retro v2: the batch lifecycle (\`PATCH /batches/{id}/complete|cancel|pause|resume\`, priorities, tags, webhooks, the \`/events\` stream, job status \`canceled\`).`,
  };
  doc.servers = [{ url: '/', description: 'this server' }];
  doc.security = [{ bearer: [] }];
  doc.components.securitySchemes = {
    bearer: {
      type: 'http',
      scheme: 'bearer',
      description: 'API token from `synroute tokens create`',
    },
    apiTokenV1: API_TOKEN_V1_SCHEME,
  };
  Object.assign(doc.components.schemas, ADDED_SCHEMAS);
  const result = doc.paths['/batches/{batch_id}/result'] as {
    get: { responses: Record<string, { content: Json }> };
  };
  result.get.responses['200'].content['text/plain'] = {
    schema: {
      type: 'string',
      description: 'With `accept-encoding: gzip`: the JSON array, gzipped, as base64 text.',
    },
  };
  Object.assign(doc.paths, ADDED_PATHS);
  Object.assign(doc.components.schemas, LIFECYCLE_V2_SCHEMAS);
  Object.assign(doc.paths, LIFECYCLE_V2_PATHS);
  doc.tags = [...(doc.tags as Json[]), ...TAGS];
  doc['x-tagGroups'] = TAG_GROUPS;
  addTokenDocs(doc);
  return doc;
}
