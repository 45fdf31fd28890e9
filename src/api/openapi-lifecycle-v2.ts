/**
 * The batch lifecycle API (v2) as OpenAPI, with the seed document's schemas
 * (`batch-lifecycle-complete.md`): `PATCH /api/v2/batches/{batch__id}/complete`
 * and, in the same shape, `GET /api/v2/batches/{batch__id}`. Its errors are
 * its own (FastAPI's `{"detail": …}`), not Retro v2's.
 */

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const uuid = (title: string) => ({ title, type: 'string', format: 'uuid' });
const dateTime = (title: string) => ({ title, type: 'string', format: 'date-time' });

export const LIFECYCLE_V2_TAG = 'Batch lifecycle (v2)';

export const BATCH_STATUSES = [
  'PENDING',
  'RUNNING',
  'DONE',
  'CANCELED',
  'TIMED_OUT',
  'ERROR',
  'PAUSED',
] as const;
export const JOB_STATUSES = ['PENDING', 'RUNNING', 'DONE', 'ERROR', 'CANCELED'] as const;
export const QUEUE_PRIORITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'FREE'] as const;

export type BatchStatusV2 = (typeof BATCH_STATUSES)[number];
export type JobStatusV2 = (typeof JOB_STATUSES)[number];
export type QueuePriority = (typeof QUEUE_PRIORITIES)[number];

const QUEUE_PRIORITY_TEXT =
  'Values represent the queue a value will be written to, each priority represents the order of preference batches will be executed. Queue priority is processed in a descending order: CRITICAL, HIGH, MEDIUM, LOW, FREE';

export const LIFECYCLE_V2_SCHEMAS: Record<string, Json> = {
  BatchStatus: {
    title: 'BatchStatus',
    description:
      'An enumeration. SynRoute: submitted → PENDING, processing → RUNNING, completed → DONE (ERROR when every job failed), canceled → CANCELED, paused → PAUSED; TIMED_OUT is not used.',
    type: 'string',
    enum: BATCH_STATUSES,
  },
  JobStatus: {
    title: 'JobStatus',
    description:
      'An enumeration. SynRoute: submitted → PENDING, processing → RUNNING, completed → DONE, failed → ERROR, canceled → CANCELED.',
    type: 'string',
    enum: JOB_STATUSES,
  },
  QueuePriority: {
    title: 'QueuePriority',
    description: `${QUEUE_PRIORITY_TEXT}. SynRoute: from the batch priority 1-10 (9-10 CRITICAL, 7-8 HIGH, 5-6 MEDIUM, 3-4 LOW, 1-2 FREE).`,
    type: 'string',
    enum: QUEUE_PRIORITIES,
  },
  ProducedPartialJobResponse: {
    title: 'ProducedPartialJobResponse',
    description:
      "Response to a request for a job.\n\nThis schema defines all the fields that can be publicly shared by the API and do not require significant computational resources. For example, 'logs_links' or 'results link'. SynRoute: a job's routes are at `GET /jobs/{job_id}` (the same UUID).",
    type: 'object',
    required: [
      'id',
      'status',
      'runs',
      'batch_id',
      'project_id',
      'created_at',
      'updated_at',
      'creation_order',
      'queue_priority',
    ],
    properties: {
      id: uuid('Id'),
      parent_id: uuid('Parent Id'),
      status: ref('JobStatus'),
      runs: { title: 'Runs', type: 'integer', description: 'SynRoute: planning attempts.' },
      batch_id: uuid('Batch Id'),
      project_id: uuid('Project Id'),
      created_at: dateTime('Created At'),
      updated_at: dateTime('Updated At'),
      start_timestamp: dateTime('Start Timestamp'),
      end_timestamp: dateTime('End Timestamp'),
      variables: {
        title: 'Variables',
        type: 'object',
        description: 'SynRoute: `{"smiles": <the target>}`.',
      },
      errors: {
        title: 'Errors',
        type: 'array',
        items: { type: 'string' },
        description: 'SynRoute: why the job failed.',
      },
      progress: { title: 'Progress', type: 'integer', maximum: 100 },
      sequence: { title: 'Sequence', type: 'string' },
      creation_order: {
        title: 'Creation Order',
        type: 'integer',
        description: 'SynRoute: position in the batch, from 1.',
      },
      slurm_job_id: { title: 'Slurm Job Id', type: 'string' },
      queue_priority: ref('QueuePriority'),
    },
  },
  ProducedBatchWithPartialJobsResponse: {
    title: 'ProducedBatchWithPartialJobsResponse',
    description:
      'Response for a batch request which includes its jobs data but without the results.\n\nThis schema defines all the fields that can be publicly shared by the API.',
    type: 'object',
    required: [
      'id',
      'status',
      'complete',
      'open',
      'priority',
      'device_type',
      'user_id',
      'project_id',
      'created_at',
      'updated_at',
      'sequence_builder',
      'jobs_count',
      'jobs_count_per_status',
      'tags',
    ],
    properties: {
      id: { ...uuid('Id'), description: 'The batch’s UUID; Retro v2 shows it without hyphens.' },
      parent_id: uuid('Parent Id'),
      status: ref('BatchStatus'),
      complete: {
        title: 'Complete',
        type: 'boolean',
        description: 'SynRoute: closed for appends (completed or canceled).',
      },
      open: { title: 'Open', type: 'boolean', description: 'SynRoute: still accepts appends.' },
      priority: { title: 'Priority', type: 'integer', description: 'SynRoute: 1-10.' },
      device_type: {
        title: 'Device Type',
        type: 'string',
        description: 'SynRoute: the retrosynthesis engine.',
      },
      user_id: { title: 'User Id', type: 'string', description: 'SynRoute: the owner.' },
      project_id: {
        ...uuid('Project Id'),
        description: 'SynRoute: a UUID derived from the owner (the same for all their batches).',
      },
      created_at: dateTime('Created At'),
      updated_at: dateTime('Updated At'),
      sequence_builder: {
        title: 'Sequence Builder',
        type: 'string',
        description: 'SynRoute: what every job runs, the parameters as JSON text.',
      },
      jobs_count: { title: 'Jobs Count', type: 'integer' },
      jobs_count_per_status: {
        title: 'Jobs Count Per Status',
        type: 'object',
        description: 'SynRoute: jobs per JobStatus value.',
        additionalProperties: { type: 'integer' },
      },
      tags: { title: 'Tags', type: 'array', items: { type: 'string' } },
      configuration: {
        title: 'Configuration',
        type: 'object',
        description: 'SynRoute: the Retro v2 `parameters` of the batch.',
      },
      webhook: { title: 'Webhook', type: 'string' },
      start_datetime: dateTime('Start Datetime'),
      end_datetime: dateTime('End Datetime'),
      jobs: { title: 'Jobs', type: 'array', items: ref('ProducedPartialJobResponse') },
      queue_priority: ref('QueuePriority'),
    },
  },
  NonPaginatedResponse_ProducedBatchWithPartialJobsResponse_: {
    title: 'NonPaginatedResponse[ProducedBatchWithPartialJobsResponse]',
    description:
      'Represents a response with either a list of items or a single item in a single page.',
    type: 'object',
    properties: { data: ref('ProducedBatchWithPartialJobsResponse') },
  },
  ValidationError: {
    title: 'ValidationError',
    type: 'object',
    required: ['loc', 'msg', 'type'],
    properties: {
      loc: {
        title: 'Location',
        type: 'array',
        items: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
      },
      msg: { title: 'Message', type: 'string' },
      type: { title: 'Error Type', type: 'string' },
    },
  },
  HTTPValidationError: {
    title: 'HTTPValidationError',
    type: 'object',
    properties: { detail: { title: 'Detail', type: 'array', items: ref('ValidationError') } },
  },
  HTTPErrorDetail: {
    title: 'HTTPErrorDetail',
    type: 'object',
    description: 'SynRoute: other errors of this API, as FastAPI writes them.',
    required: ['detail'],
    properties: { detail: { type: 'string' } },
  },
};

const batchIdParam = {
  in: 'path',
  name: 'batch__id',
  required: true,
  description:
    'The batch’s UUID, hyphenated or as the 32 hex digits Retro v2 shows; anything else is a 422.',
  schema: uuid('Batch Id'),
};

const responses = (conflict: boolean) => ({
  200: json(
    ref('NonPaginatedResponse_ProducedBatchWithPartialJobsResponse_'),
    'Successful Response',
  ),
  401: json(ref('ErrorContent'), 'Missing or invalid bearer token.'),
  404: json(ref('HTTPErrorDetail'), 'No batch of yours has this id.'),
  ...(conflict ? { 409: json(ref('HTTPErrorDetail'), 'The batch was canceled.') } : {}),
  422: json(ref('HTTPValidationError'), 'Validation Error'),
});

const security = [{ bearer: [] }];
const tags = [LIFECYCLE_V2_TAG];

export const LIFECYCLE_V2_PATHS: Record<string, Record<string, Json>> = {
  '/api/v2/batches/{batch__id}/complete': {
    patch: {
      summary: 'Complete Batch',
      description:
        'Closes the batch for appends: it is DONE (or ERROR) once all its jobs are done, at once if they already are. Completing a complete batch changes nothing; a canceled batch answers 409. Answers the batch with its jobs.',
      operationId: 'complete_batch_api_v2_batches__batch__id__complete_patch',
      tags,
      security,
      parameters: [batchIdParam],
      responses: responses(true),
    },
  },
  '/api/v2/batches/{batch__id}': {
    get: {
      summary: 'Get Batch',
      description: 'The batch with its jobs, in the shape `PATCH …/complete` answers.',
      operationId: 'get_batch_api_v2_batches__batch__id__get',
      tags,
      security,
      parameters: [batchIdParam],
      responses: responses(false),
    },
  },
};
