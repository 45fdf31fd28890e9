/**
 * The batch lifecycle as an extension of the Retro v2 contract: new optional
 * fields on batch creation (tags, priority, webhook, auto_complete), new
 * fields on the batch resources, job status `canceled`, the tag filter, the
 * PATCH actions, the event stream and the webhook secret. Applied to the
 * vendored spec before route schemas are derived from it, so validation and
 * the served document agree. Nothing the spec defines is removed or renamed.
 */

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
const unauthorized = json(ref('ErrorContent'), 'Missing or invalid bearer token.');
const dateTimeOrNull = { type: ['string', 'null'], format: 'date-time' };

export const TAG_SCHEMA = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  pattern: '^[\\w\\-.:]+$',
  description: 'A tag: letters, digits, `_ - . :`.',
};

export const BATCH_STATES = ['submitted', 'processing', 'paused', 'completed', 'canceled'];

const CREATE_FIELDS = {
  tags: {
    type: 'array',
    items: TAG_SCHEMA,
    maxItems: 20,
    description: 'SynRoute: labels to find the batch by (`GET /batches?tag=`).',
  },
  priority: {
    type: 'integer',
    minimum: 1,
    maximum: 10,
    default: 5,
    description:
      'SynRoute: queue priority, 1 (lowest) to 10 (highest). Queued jobs of higher-priority batches are claimed first; single jobs run at 5.',
  },
  webhook: {
    anyOf: [
      { type: 'string', minLength: 1, maxLength: 2048, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://' },
      { type: 'null' },
    ],
    description:
      'SynRoute: an http(s) URL that is POSTed a signed JSON event when the batch completes or is canceled (see `GET /webhook-secret`). It must reach a public address: loopback, private and link-local targets are refused (422 for a literal address or localhost; a failed delivery for a name that resolves to one) unless the operator allows them.',
  },
  auto_complete: {
    type: 'boolean',
    default: true,
    description:
      'SynRoute: `true` (default, the Retro v2 behaviour): the batch is `completed` whenever all its jobs are done, and still accepts appends until `PATCH /batches/{id}/complete`. `false`: the batch stays open for appends and becomes `completed` only once it was closed with `PATCH /batches/{id}/complete` and all its jobs are done.',
  },
};

const RESOURCE_FIELDS = {
  status: {
    type: 'string',
    enum: BATCH_STATES,
    description:
      'SynRoute: where the batch is in its lifecycle (`paused` and `canceled` in addition to the Retro v2 statuses).',
  },
  open: {
    type: 'boolean',
    description: 'SynRoute: whether `PUT` appends are accepted (until completed or canceled).',
  },
  auto_complete: CREATE_FIELDS.auto_complete,
  paused: { type: 'boolean', description: 'SynRoute: queued jobs are not started while paused.' },
  priority: { type: 'integer', minimum: 1, maximum: 10 },
  tags: { type: 'array', items: { type: 'string' } },
  webhook: { type: ['string', 'null'] },
  jobs_count_per_status: ref('JobsCountPerStatus'),
  completed_at: dateTimeOrNull,
  canceled_at: dateTimeOrNull,
  webhook_deliveries: {
    type: 'array',
    items: ref('WebhookDelivery'),
    description:
      'SynRoute: webhook events of this batch and every delivery attempt (single-batch answers only).',
  },
};

const JOB_STATUSES = ['submitted', 'processing', 'failed', 'completed', 'canceled'];

export const LIFECYCLE_SCHEMAS: Record<string, Json> = {
  JobsCountPerStatus: {
    title: 'JobsCountPerStatus',
    type: 'object',
    description: 'Jobs of the batch in each status (maintained with every job transition).',
    required: ['submitted', 'processing', 'completed', 'failed', 'canceled'],
    properties: Object.fromEntries(
      ['submitted', 'processing', 'completed', 'failed', 'canceled'].map((s) => [
        s,
        { type: 'integer', minimum: 0 },
      ]),
    ),
  },
  WebhookAttempt: {
    title: 'WebhookAttempt',
    type: 'object',
    required: ['time', 'status_code', 'error'],
    properties: {
      time: { type: 'string', format: 'date-time' },
      status_code: { type: ['integer', 'null'], description: 'HTTP status of the answer.' },
      error: {
        type: ['string', 'null'],
        description:
          'Why no 2xx answer came, summarized: `HTTP 500`, `connection refused`, `connection reset`, `timeout`, `host not found`, `TLS error`, `connection failed`, `refused: <host> is not a public address`.',
      },
      duration_ms: { type: 'integer' },
    },
  },
  WebhookDelivery: {
    title: 'WebhookDelivery',
    type: 'object',
    required: ['id', 'event', 'url', 'state', 'attempts', 'created'],
    properties: {
      id: { type: 'string' },
      event: { type: 'string', enum: ['batch.completed', 'batch.canceled'] },
      url: { type: 'string' },
      state: {
        type: 'string',
        enum: ['pending', 'delivered', 'failed'],
        description: '`failed`: no 2xx answer within an hour of retries.',
      },
      attempts: { type: 'array', items: ref('WebhookAttempt') },
      created: { type: 'string', format: 'date-time' },
      next_attempt: dateTimeOrNull,
    },
  },
  WebhookEvent: {
    title: 'WebhookEvent',
    type: 'object',
    description:
      'What a webhook receives: `POST` with this JSON body, `X-SynRoute-Event`, `X-SynRoute-Delivery` and `X-SynRoute-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw body with your webhook secret. Answer 2xx; otherwise the event is retried with exponential backoff for an hour. The same event may arrive more than once: use `id` to ignore repeats.',
    required: ['id', 'type', 'created', 'data'],
    properties: {
      id: { type: 'string' },
      type: { type: 'string', enum: ['batch.completed', 'batch.canceled'] },
      created: { type: 'string', format: 'date-time' },
      data: {
        type: 'object',
        properties: {
          batch: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              object: { type: 'string' },
              name: { type: ['string', 'null'] },
              status: { type: 'string', enum: ['completed', 'canceled'] },
              number_of_jobs: { type: 'integer' },
              jobs_count_per_status: ref('JobsCountPerStatus'),
              tags: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    },
  },
  WebhookSecret: {
    title: 'WebhookSecret',
    type: 'object',
    required: ['secret', 'created'],
    properties: {
      secret: { type: 'string', description: 'Key of the HMAC-SHA256 webhook signatures.' },
      created: { type: 'string', format: 'date-time' },
    },
  },
  BatchEvent: {
    title: 'BatchEvent',
    type: 'object',
    description:
      'Data of each Server-Sent Event of `GET /batches/{batch_id}/events` (event names `status`, then `completed`, `canceled` or `deleted` last).',
    required: ['id', 'status', 'number_of_jobs', 'completed_jobs', 'jobs_count_per_status'],
    properties: {
      id: { type: 'string' },
      status: RESOURCE_FIELDS.status,
      number_of_jobs: { type: 'integer' },
      completed_jobs: {
        type: 'integer',
        description: 'Jobs that are done: completed, failed or canceled.',
      },
      jobs_count_per_status: ref('JobsCountPerStatus'),
      open: { type: 'boolean' },
      paused: { type: 'boolean' },
      updated: { type: 'string', format: 'date-time' },
    },
  },
};

/** Adds the lifecycle to a (cloned) Retro v2 document: schemas, fields and paths. */
export function extendWithLifecycle(doc: SpecLike): void {
  const schemas = doc.components.schemas;
  const props = (name: string) => schemas[name].properties as Json;
  Object.assign(props('pai_retro__models__batches__Batch__CreateParams'), CREATE_FIELDS);
  Object.assign(props('BatchResource'), RESOURCE_FIELDS);
  props('RetrieveResultOutputItem').status = {
    type: 'string',
    enum: JOB_STATUSES,
    description:
      'SynRoute: the job status. Canceled jobs count as `completed: true` (they are done).',
  };
  (props('JobResource').status as Json).enum = JOB_STATUSES;
  Object.assign(schemas, LIFECYCLE_SCHEMAS);
  const list = doc.paths['/batches'].get as { parameters: Json[] };
  list.parameters.push({
    in: 'query',
    name: 'tag',
    required: false,
    description: 'SynRoute: only batches carrying this tag (repeat for batches carrying all).',
    schema: { type: 'array', items: TAG_SCHEMA, maxItems: 20 },
  });
  const put = doc.paths['/batches/{batch_id}'].put as { responses: Json };
  put.responses['409'] = nullBody('The batch was completed or canceled: it accepts no more jobs.');
  Object.assign(doc.paths, lifecyclePaths(batchIdParam(doc)));
}

function batchIdParam(doc: SpecLike): Json {
  const status = doc.paths['/batches/{batch_id}/status'].get as { parameters: Json[] };
  return status.parameters[0];
}

const ACTIONS: Record<string, [string, string]> = {
  complete: [
    'Complete a batch',
    'Closes the batch for appends (a later `PUT` answers 409). It is `completed` once all its jobs are done, at once if they already are. Closing a closed batch changes nothing; a canceled batch answers 409.',
  ],
  cancel: [
    'Cancel a batch',
    'Cancels queued and running jobs (status `canceled`); finished jobs keep their results. The batch is closed for appends. A completed batch answers 409; canceling again changes nothing.',
  ],
  pause: [
    'Pause a batch',
    'Queued jobs of the batch are not started until it is resumed (running ones finish). A completed or canceled batch answers 409.',
  ],
  resume: ['Resume a batch', 'Queued jobs of a paused batch may start again.'],
};

function lifecyclePaths(idParam: Json): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [action, [summary, description]] of Object.entries(ACTIONS))
    out[`/batches/{batch_id}/${action}`] = {
      patch: {
        summary,
        description,
        tags: ['Batches'],
        operationId: `${action}_batch`,
        parameters: [idParam],
        responses: {
          200: json(ref('BatchResource'), 'Returns the batch.'),
          401: unauthorized,
          404: nullBody('Batch resource not found.'),
          409: json(ref('ErrorContent'), 'Not possible in the batch’s state.'),
          422: validationFailed,
        },
      },
    };
  out['/batches/{batch_id}/events'] = {
    get: {
      summary: 'Follow a batch',
      description:
        'Server-Sent Events: a `status` event with the counts at once and whenever they change, then `completed` or `canceled` (or `deleted`, or `unauthorized` once the token is revoked or expires) and the end of the stream (close an EventSource on that last event, or it reconnects). Comment lines keep idle connections alive. Besides the `Authorization` header this route accepts the token as `?token=` (for EventSource).',
      tags: ['Batches'],
      operationId: 'follow_batch',
      parameters: [
        idParam,
        {
          in: 'query',
          name: 'token',
          required: false,
          description: 'API token, for clients that cannot send headers.',
          schema: { type: 'string', maxLength: 256 },
        },
      ],
      responses: {
        200: {
          description: 'The event stream; each `data` is a BatchEvent.',
          content: { 'text/event-stream': { schema: ref('BatchEvent') } },
        },
        401: unauthorized,
        404: nullBody('Batch resource not found.'),
        422: validationFailed,
      },
    },
  };
  out['/webhook-secret'] = {
    get: {
      summary: 'Webhook secret',
      description:
        'The key of your webhook signatures (`X-SynRoute-Signature: sha256=<hex>`, HMAC-SHA256 of the raw body); made on first use.',
      tags: ['Webhooks'],
      operationId: 'get_webhook_secret',
      responses: { 200: json(ref('WebhookSecret'), 'Returns the secret.'), 401: unauthorized },
    },
    post: {
      summary: 'Rotate the webhook secret',
      description:
        'Replaces the secret; deliveries from now on (retries included) are signed with the new one.',
      tags: ['Webhooks'],
      operationId: 'rotate_webhook_secret',
      responses: { 200: json(ref('WebhookSecret'), 'Returns the new secret.'), 401: unauthorized },
    },
  };
  return out;
}
