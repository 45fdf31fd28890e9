/** SynRoute's additions to the Retro v2 OpenAPI document: engines, libraries, system. */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const nullBody = (description: string) => json({ title: 'Return', type: 'null' }, description);
const validationFailed = json(ref('RequestValidationErrorContent'), 'Request validation failed.');
const idParam = (name: string, what: string) => ({
  in: 'path',
  name,
  required: true,
  description: `A unique identifier for ${what}.`,
  schema: { type: 'string', pattern: '^\\w+$', minLength: 1, maxLength: 255 },
});

export const ADDED_SCHEMAS = {
  EngineResource: {
    title: 'Engine',
    type: 'object',
    description:
      'A retrosynthesis engine: a template library, an expansion policy and search settings. Use its `id` as `parameters.retrosynthesis_engine`.',
    required: ['id', 'object', 'name', 'version'],
    properties: {
      id: { type: 'string', pattern: '^\\w+$' },
      object: { type: 'string', const: 'engine' },
      name: { type: 'string' },
      description: { type: 'string' },
      version: {
        type: 'string',
        description: 'Identifies the engine data; results are reused only within one version.',
      },
      default: { type: 'boolean', description: 'Whether this is the default engine.' },
    },
  },
  ResourceList_EngineResource_: {
    title: 'ResourceList[EngineResource]',
    type: 'object',
    required: ['data', 'has_more'],
    properties: {
      object: { type: 'string', default: 'list' },
      data: { type: 'array', items: ref('EngineResource') },
      has_more: { type: 'boolean' },
    },
  },
  LibraryResource: {
    title: 'Library',
    type: 'object',
    description:
      'A building-block library. Use its `id` in `parameters.building_block_libraries`. Bundled and operator-installed libraries are public; uploaded ones are private to their owner.',
    required: ['id', 'object', 'name', 'provider', 'size', 'version', 'visibility'],
    properties: {
      id: { type: 'string', pattern: '^\\w+$' },
      object: { type: 'string', const: 'library' },
      name: { type: 'string' },
      provider: { type: 'string' },
      description: { type: ['string', 'null'] },
      size: { type: 'integer', minimum: 0, description: 'Number of building blocks.' },
      created: { type: 'string', format: 'date-time' },
      version: { type: 'string' },
      visibility: { type: 'string', enum: ['public', 'private'] },
      import_report: {
        type: 'object',
        description: 'Present in the answer to an upload.',
        properties: {
          rows: { type: 'integer' },
          invalid: { type: 'integer' },
          duplicates: { type: 'integer' },
          invalid_examples: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
  ResourceList_LibraryResource_: {
    title: 'ResourceList[LibraryResource]',
    type: 'object',
    required: ['data', 'has_more'],
    properties: {
      object: { type: 'string', default: 'list' },
      data: { type: 'array', items: ref('LibraryResource') },
      has_more: { type: 'boolean' },
    },
  },
  LibraryUpload: {
    title: 'LibraryUpload',
    type: 'object',
    required: ['file'],
    properties: {
      file: {
        type: 'string',
        format: 'binary',
        description:
          'Building blocks: .smi (SMILES per line), .csv with a smiles column, .sdf, or an InChIKey list; .gz accepted.',
      },
      name: { type: 'string', maxLength: 256 },
      provider: { type: 'string', pattern: '^\\w+$', maxLength: 64 },
      format: { type: 'string', enum: ['smi', 'csv', 'sdf', 'inchikey'] },
    },
  },
  ErrorContent: {
    title: 'Error',
    type: 'object',
    description: 'Error answer outside the spec (401, 413 on uploads, 5xx).',
    required: ['status_code'],
    properties: {
      request_id: { type: 'string' },
      status: { type: 'string', enum: ['error'] },
      status_code: { type: 'integer' },
      error: ref('RequestValidationErrorInfo'),
    },
  },
  Health: {
    title: 'Health',
    type: 'object',
    required: ['status'],
    properties: {
      status: {
        type: 'string',
        enum: ['ok', 'degraded'],
        description:
          '`degraded` while the chemistry engine (RDKit) of the API process is being replaced after an abort, or while the data directory cannot be written.',
      },
      data_dir: {
        type: 'string',
        enum: ['writable', 'unwritable'],
        description:
          'Whether the data directory (database, libraries, uploads) accepts a file right now.',
      },
      chemistry: {
        type: 'object',
        description: "State of the API process's RDKit instance.",
        properties: {
          state: { type: 'string', enum: ['ok', 'restarting', 'not_loaded'] },
          crashes: { type: 'integer', description: 'Aborts since the process started.' },
          lastCrashAt: { type: ['string', 'null'], format: 'date-time' },
        },
      },
      version: { type: 'string' },
      workers: { type: 'integer' },
      queued_jobs: { type: 'integer' },
    },
  },
};

const unauthorized = json(ref('ErrorContent'), 'Missing or invalid bearer token.');

export const ADDED_PATHS = {
  '/engines': {
    get: {
      summary: 'List engines',
      tags: ['Engines'],
      operationId: 'list_engines',
      responses: {
        200: json(ref('ResourceList_EngineResource_'), 'Returns the engines.'),
        401: unauthorized,
      },
    },
  },
  '/engines/{engine_id}': {
    get: {
      summary: 'Retrieve an engine',
      tags: ['Engines'],
      operationId: 'retrieve_engine',
      parameters: [idParam('engine_id', 'an engine')],
      responses: {
        200: json(ref('EngineResource'), 'Returns the engine.'),
        401: unauthorized,
        404: nullBody('Engine not found.'),
        422: validationFailed,
      },
    },
  },
  '/libraries': {
    get: {
      summary: 'List building-block libraries',
      tags: ['Libraries'],
      operationId: 'list_libraries',
      responses: {
        200: json(ref('ResourceList_LibraryResource_'), 'Returns the libraries visible to you.'),
        401: unauthorized,
      },
    },
    post: {
      summary: 'Upload a building-block library',
      description:
        'Imports a building-block file (multipart/form-data field `file`) as a private library. Answers when the import has finished.',
      tags: ['Libraries'],
      operationId: 'create_library',
      requestBody: {
        required: true,
        content: { 'multipart/form-data': { schema: ref('LibraryUpload') } },
      },
      responses: {
        200: json(ref('LibraryResource'), 'Returns the imported library.'),
        401: unauthorized,
        413: json(ref('ErrorContent'), 'File too large.'),
        422: validationFailed,
      },
    },
  },
  '/libraries/{library_id}': {
    get: {
      summary: 'Retrieve a building-block library',
      tags: ['Libraries'],
      operationId: 'retrieve_library',
      parameters: [idParam('library_id', 'a library')],
      responses: {
        200: json(ref('LibraryResource'), 'Returns the library.'),
        401: unauthorized,
        404: nullBody('Library not found.'),
        422: validationFailed,
      },
    },
    delete: {
      summary: 'Delete an uploaded library',
      tags: ['Libraries'],
      operationId: 'delete_library',
      parameters: [idParam('library_id', 'a library')],
      responses: {
        200: json(ref('LibraryResource'), 'Returns the deleted library.'),
        401: unauthorized,
        403: json(ref('ErrorContent'), 'Public libraries cannot be deleted through the API.'),
        404: nullBody('Library not found.'),
        422: validationFailed,
      },
    },
  },
  '/health': {
    get: {
      summary: 'Health check',
      tags: ['System'],
      operationId: 'health',
      security: [],
      responses: { 200: json(ref('Health'), 'The service is up.') },
    },
  },
  '/metrics': {
    get: {
      summary: 'Prometheus metrics',
      description:
        'Queue depth (`synroute_queue_depth`), jobs by status (`synroute_jobs`), planning time (`synroute_planning_seconds`), finished jobs (`synroute_jobs_finished_total`).',
      tags: ['System'],
      operationId: 'metrics',
      security: [],
      responses: {
        200: {
          description: 'Metrics in the Prometheus text format.',
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
      },
    },
  },
};
