/**
 * The batch-scoring API v1 (`/api/v1`) as OpenAPI: request and answer schemas
 * and paths. Added to the same document the Retro v2 routes are validated
 * against, so its requests are checked by the same validator and fail with
 * the same 422 body.
 */
import { DEFAULTS } from '../contract/index.js';
import { ID_FORMS, ID_PATTERN } from './openapi-ids.js';

type Json = Record<string, unknown>;

interface SpecLike {
  components: { schemas: Record<string, Json> };
  paths: Record<string, Record<string, Json>>;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const nullBody = (description: string) => json({ title: 'Return', type: 'null' }, description);
const validationFailed = json(ref('RequestValidationErrorContent'), 'Request validation failed.');
const unauthorized = json(ref('ErrorContent'), 'Missing or invalid token.');

/** Same characters as the Retro v2 SMILES; the length limit is the service's. */
const SMILES = {
  type: 'string',
  minLength: 1,
  pattern: '^[a-zA-Z0-9\\(\\)+-=#%+@\\/\\\\\\[\\]\\*]+$',
};

export const SCORING_FIELDS = [
  'targetSmiles',
  'status',
  'result',
  'certainty',
  'price',
  'reactionCount',
  'timedOut',
  'synthesis',
  'decomposition',
] as const;
export type ScoringField = (typeof SCORING_FIELDS)[number];

/** Processing time per target, seconds (capped by SYNROUTE_MAX_PROCESSING_TIME). */
const SCORING_TIME = DEFAULTS.batchScoring.processing_time;

const stringOrNumber = (description: string) => ({
  type: ['number', 'string', 'null'],
  description: `${description} A string with \`precision\`.`,
});

const idList = { type: 'array', items: { type: 'string' } };
const pairList = { type: 'array', items: { type: 'array', items: { type: 'string' } } };

export const SCORING_SCHEMAS: Record<string, Json> = {
  BatchSearchRequest: {
    title: 'BatchSearchRequest',
    type: 'object',
    additionalProperties: false,
    required: ['targets'],
    properties: {
      targets: {
        type: 'array',
        minItems: 1,
        items: SMILES,
        description: 'Target molecules (SMILES). Duplicates are scored once.',
      },
      startingMaterials: {
        type: 'array',
        items: SMILES,
        maxItems: 100_000,
        description: `An ad-hoc building-block library for this batch, used alongside the engine's default library: a route may end in either. Kept with the batch and removed with it; results are not shared with other batches.`,
      },
      priority: {
        type: 'integer',
        minimum: 1,
        maximum: 10,
        default: 5,
        description: 'Queue priority, 1-10, 10 highest.',
      },
      params: {
        type: 'object',
        additionalProperties: false,
        default: {},
        properties: {
          exploratorySearch: {
            type: 'boolean',
            default: false,
            description: `Broader template set (reactions with less support) and ${SCORING_TIME.exploratory} s per target instead of ${SCORING_TIME.standard} s.`,
          },
          detailLevel: {
            type: 'string',
            enum: ['score', 'synthesis'],
            default: 'score',
            description: '`synthesis` adds the best route (`synthesis`, `decomposition`).',
          },
        },
      },
    },
  },
  BatchSearch: {
    title: 'BatchSearch',
    type: 'object',
    required: ['id', 'size', 'createdAt', 'updatedAt'],
    properties: {
      id: {
        type: 'string',
        format: 'uuid',
        description: 'The batch’s UUID (its Retro v2 id is the same without hyphens).',
      },
      size: { type: 'integer', description: 'Distinct targets.' },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  BatchSearchStatus: {
    title: 'BatchSearchStatus',
    type: 'object',
    required: ['queued', 'running', 'finished', 'error'],
    properties: {
      queued: { type: 'integer' },
      running: { type: 'integer' },
      finished: { type: 'integer' },
      error: { type: 'integer', description: 'Failed targets (and canceled ones).' },
    },
  },
  BatchSearchResultItem: {
    title: 'BatchSearchResultItem',
    type: 'object',
    description:
      'One target that is running or done (queued targets are not listed). `result`: synthetic complexity of the best route, 1 (easy) to 10; 10 when no route was found within the budget; -1 for an error (unreadable SMILES, failed search); null while running.',
    properties: {
      targetSmiles: { type: 'string' },
      status: { type: 'string', enum: ['ok', 'running', 'error'] },
      result: stringOrNumber('Complexity 1-10, -1 for errors.'),
      certainty: stringOrNumber('Aggregated certainty of the best route, 0-1.'),
      price: stringOrNumber('Price of the best route’s building blocks, USD.'),
      reactionCount: { type: ['integer', 'null'] },
      timedOut: { type: ['boolean', 'null'] },
      synthesis: { anyOf: [ref('ScoringSynthesis'), { type: 'null' }] },
      decomposition: { anyOf: [ref('ScoringDecomposition'), { type: 'null' }] },
    },
  },
  ScoringSynthesis: {
    title: 'ScoringSynthesis',
    type: 'object',
    required: ['targetId', 'compounds', 'reactions'],
    properties: {
      targetId: { type: 'string' },
      compounds: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          required: ['id', 'type', 'smiles', 'productOf', 'substrateOf'],
          properties: {
            id: { type: 'string' },
            type: { const: 'compound' },
            smiles: { type: 'string' },
            productOf: { type: ['string', 'null'] },
            substrateOf: { type: ['string', 'null'] },
          },
        },
      },
      reactions: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          required: ['id', 'type', 'smiles', 'productId', 'substratesIds'],
          properties: {
            id: { type: 'string' },
            type: { const: 'reaction' },
            smiles: { type: 'string', description: 'Atom-mapped reaction SMILES.' },
            productId: { type: 'string' },
            substratesIds: idList,
          },
        },
      },
    },
  },
  ScoringDecomposition: {
    title: 'ScoringDecomposition',
    type: 'object',
    required: ['atoms', 'atomsPurchased', 'atomsNotPurchased', 'bonds', 'mappedSmiles'],
    properties: {
      atoms: idList,
      atomsPurchased: idList,
      atomsNotPurchased: idList,
      bonds: pairList,
      bondsBroken: pairList,
      bondsNotBroken: pairList,
      mappedSmiles: { type: 'string' },
    },
  },
};

const idParam = {
  in: 'path',
  name: 'id',
  required: true,
  description: `The batch scoring request id. ${ID_FORMS}`,
  schema: { type: 'string', pattern: ID_PATTERN, minLength: 1, maxLength: 255 },
};

const security = [{ bearer: [] }, { apiTokenV1: [] }];
export const SCORING_TAG = 'Batch scoring (v1)';
const tags = [SCORING_TAG];

export const SCORING_PATHS: Record<string, Record<string, Json>> = {
  '/api/v1/batch-search': {
    post: {
      summary: 'Create a batch scoring request',
      description:
        'Queues every distinct target. Processed by the same queue as Retro v2 batches (the id is a batch id, visible under /batches).',
      tags,
      security,
      operationId: 'v1_create_batch_search',
      requestBody: {
        required: true,
        content: { 'application/json': { schema: ref('BatchSearchRequest') } },
      },
      responses: {
        200: json(ref('BatchSearch'), 'Returns the request id and size.'),
        401: unauthorized,
        413: nullBody('More targets than a batch may hold.'),
        422: validationFailed,
      },
    },
  },
  '/api/v1/batch-search/{id}': {
    get: {
      summary: 'Batch scoring status',
      tags,
      security,
      operationId: 'v1_batch_search_status',
      parameters: [idParam],
      responses: {
        200: json(ref('BatchSearchStatus'), 'Targets per state.'),
        401: unauthorized,
        404: nullBody('Not found.'),
        422: validationFailed,
      },
    },
    delete: {
      summary: 'Remove a batch scoring request',
      description:
        'Stops processing and removes targets, starting materials and results. Answers the request as it was.',
      tags,
      security,
      operationId: 'v1_delete_batch_search',
      parameters: [idParam],
      responses: {
        200: json(ref('BatchSearch'), 'Removed.'),
        401: unauthorized,
        404: nullBody('Not found.'),
        422: validationFailed,
      },
    },
  },
  '/api/v1/batch-search-result/{id}': {
    get: {
      summary: 'Batch scoring results (partial or complete)',
      tags,
      security,
      operationId: 'v1_batch_search_result',
      parameters: [
        idParam,
        {
          in: 'query',
          name: 'only',
          required: false,
          description: 'Fields to return (repeatable).',
          schema: { type: 'array', items: { type: 'string', enum: SCORING_FIELDS } },
        },
        {
          in: 'query',
          name: 'precision',
          required: false,
          description:
            '`result`, `certainty` and `price` as strings of this many significant digits, truncated (0.58163 at 3 is `"0.581"`, 5232.5 is `"5230"`); the error code `-1` stays the integer.',
          schema: { type: 'integer', minimum: 1, maximum: 17 },
        },
      ],
      responses: {
        200: json(
          { type: 'array', items: ref('BatchSearchResultItem') },
          'Results in target order.',
        ),
        401: unauthorized,
        404: nullBody('Not found.'),
        422: validationFailed,
      },
    },
  },
};

/** Adds the batch-scoring API to a (cloned) Retro v2 document. */
export function extendWithScoring(doc: SpecLike): void {
  Object.assign(doc.components.schemas, SCORING_SCHEMAS);
  Object.assign(doc.paths, SCORING_PATHS);
}

export const API_TOKEN_V1_SCHEME = {
  type: 'apiKey',
  in: 'header',
  name: 'Authorization',
  description: 'The batch-scoring form `ApiToken-v1 <token>` (the same tokens as bearer).',
};
