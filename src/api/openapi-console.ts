/** OpenAPI entries for what the web console and the CLI client add: depictions and batch summaries. */
import { ID_PATTERN } from './openapi-ids.js';
import { DEPICT_LIMITS } from './routes/depict.js';
import { MAX_CHECKED } from './routes/molecule-check.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string) => ({ type: [type, 'null'] });
const unauthorized = {
  description: 'Missing or invalid bearer token.',
  content: { 'application/json': { schema: ref('ErrorContent') } },
};
const validationFailed = {
  description: 'Request validation failed (including SMILES that RDKit cannot draw).',
  content: { 'application/json': { schema: ref('RequestValidationErrorContent') } },
};

const idPath = (name: string) => ({
  in: 'path',
  name,
  required: true,
  schema: { type: 'string', pattern: ID_PATTERN, minLength: 1, maxLength: 255 },
});
const notFound = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'null' } } },
});

export const CONSOLE_SCHEMAS = {
  BatchSummaryItem: {
    title: 'BatchSummaryItem',
    type: 'object',
    description:
      "A batch result item (`job_id`, `smiles`, `completed`, `synthesizable`) with the best route's summary.",
    required: ['compound_id', 'job_id', 'smiles', 'status', 'completed', 'synthesizable', 'routes'],
    properties: {
      compound_id: {
        ...nullable('string'),
        description: 'Your identifier of the target (`compound_ids` at submission); null if none.',
      },
      job_id: { type: 'string', pattern: '^\\w+$' },
      smiles: { type: 'string' },
      status: { type: 'string' },
      completed: { type: 'boolean' },
      synthesizable: { type: 'boolean' },
      score: { ...nullable('number'), description: 'Synthetic complexity, 1 (easy) to 10.' },
      certainty: { ...nullable('number'), description: 'Confidence in the best route, 0-1.' },
      price: { ...nullable('number'), description: "Total price of the best route's blocks." },
      steps: { ...nullable('integer'), description: 'Reactions in the best route.' },
      routes: { type: 'integer', minimum: 0, description: 'Routes found.' },
      best_route: { ...nullable('string'), description: 'Best route: building blocks >> target.' },
      best_route_reactions: {
        type: 'array',
        items: { type: 'string' },
        description: "The best route's reaction SMILES in synthesis order.",
      },
      error: { ...nullable('string'), description: 'Why the job failed.' },
    },
  },
};

const smilesQuery = (what: string) => ({
  in: 'query',
  name: 'smiles',
  required: true,
  description: what,
  schema: { type: 'string', minLength: 1, maxLength: DEPICT_LIMITS.maxSmilesLength },
});
const sizeQuery = (name: string, fallback: number) => ({
  in: 'query',
  name,
  required: false,
  schema: {
    type: 'integer',
    minimum: DEPICT_LIMITS.minSize,
    maximum: DEPICT_LIMITS.maxSize,
    default: fallback,
  },
});
const svgAnswer = {
  description: 'The picture (cacheable: `cache-control: private, max-age=86400` and an `etag`).',
  content: { 'image/svg+xml': { schema: { type: 'string' } } },
};

const depict = (what: string, op: string, width: number) => ({
  get: {
    summary: `Draw a ${what}`,
    tags: ['Depiction'],
    operationId: op,
    parameters: [
      smilesQuery(`${what} SMILES`),
      sizeQuery('width', width),
      sizeQuery('height', 200),
    ],
    responses: {
      200: svgAnswer,
      304: { description: 'Not modified.' },
      401: unauthorized,
      422: validationFailed,
    },
  },
});

export const CONSOLE_PATHS = {
  '/batches/{batch_id}/summary': {
    get: {
      summary: 'Retrieve a batch summary',
      description:
        "Every job of the batch, in submission order, with the best route's score, certainty, price and number of steps, the number of routes, and the best route's reactions. The web console's results table and `synroute results` read this.",
      tags: ['Batches'],
      operationId: 'retrieve_batch_summary',
      parameters: [idPath('batch_id')],
      responses: {
        200: {
          description: 'Returns the summary items.',
          content: {
            'application/json': { schema: { type: 'array', items: ref('BatchSummaryItem') } },
          },
        },
        401: unauthorized,
        404: notFound('Batch not found.'),
        422: validationFailed,
      },
    },
  },
  '/jobs/{job_id}/summary': {
    get: {
      summary: "Retrieve a job's summary",
      description: "The job's best-route summary, in the same form as a batch summary item.",
      tags: ['Jobs'],
      operationId: 'retrieve_job_summary',
      parameters: [idPath('job_id')],
      responses: {
        200: {
          description: 'Returns the summary.',
          content: { 'application/json': { schema: ref('BatchSummaryItem') } },
        },
        401: unauthorized,
        404: notFound('Job not found.'),
        422: validationFailed,
      },
    },
  },
  '/jobs/{job_id}/routes/{route}.svg': {
    get: {
      summary: 'Draw a route',
      description:
        "One route of a job as a single SVG picture: the target on the left, each step's precursors to its right behind a labelled retrosynthesis arrow, building blocks framed with their provider, catalogue id and price. Routes are numbered from 1 in the order of the job's `routes`.",
      tags: ['Depiction'],
      operationId: 'draw_route',
      parameters: [
        idPath('job_id'),
        {
          in: 'path',
          name: 'route',
          required: true,
          schema: { type: 'integer', minimum: 1, maximum: 50 },
        },
      ],
      responses: {
        200: {
          description: 'The picture.',
          content: { 'image/svg+xml': { schema: { type: 'string' } } },
        },
        401: unauthorized,
        404: notFound('No such job, or it has no route with this number.'),
        422: validationFailed,
      },
    },
  },
  '/molecules/check': {
    post: {
      summary: 'Check SMILES before submitting them',
      description: `Which SMILES of the list cannot be planned, and why in words: characters SMILES does not use, too long, or a structure RDKit cannot read (unclosed ring, impossible valence, ...). At most ${MAX_CHECKED.toLocaleString('en-US')} per request. The web console checks pasted and loaded targets with it before submitting the rest.`,
      tags: ['Batches'],
      operationId: 'check_molecules',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['smiles'],
              properties: {
                smiles: {
                  type: 'array',
                  minItems: 1,
                  maxItems: MAX_CHECKED,
                  items: { type: 'string' },
                },
              },
            },
          },
        },
      },
      responses: {
        200: {
          description: 'How many were checked, and the problems (positions from 0).',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['checked', 'problems'],
                properties: {
                  checked: { type: 'integer' },
                  problems: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['index', 'message'],
                      properties: { index: { type: 'integer' }, message: { type: 'string' } },
                    },
                  },
                },
              },
            },
          },
        },
        401: unauthorized,
        422: validationFailed,
      },
    },
  },
  '/depict/molecule': depict('molecule', 'depict_molecule', 300),
  '/depict/reaction': depict('reaction', 'depict_reaction', 600),
};

/** Adds the console's paths and schemas to the served document. */
export function addConsoleDocs(document: Record<string, unknown>): void {
  const doc = document as { paths: object; components: { schemas: object } };
  Object.assign(doc.paths, CONSOLE_PATHS);
  Object.assign(doc.components.schemas, CONSOLE_SCHEMAS);
}
