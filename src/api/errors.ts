/**
 * Error answers. The spec fixes two shapes: 404/409/413 answer a JSON `null`,
 * and validation failures answer 422 with `RequestValidationErrorContent`
 * (request_id, status_code, error.code, error.path, error.details[{location,
 * error_type}]). Everything else uses the same envelope. No stack traces ever
 * leave the server.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorDetail, MAX_DETAILS } from '../contract/index.js';
import { isBusyError } from '../store/busy.js';
import { smilesTextProblem, SPEC_SMILES_PATTERN } from '../formats/smiles-input.js';
import { securityHeaders } from './security-headers.js';

export function errorBody(
  req: FastifyRequest,
  statusCode: number,
  code: string,
  message: string,
  details?: ErrorDetail[],
): object {
  return {
    request_id: req.id,
    status: 'error',
    status_code: statusCode,
    error: {
      code,
      message,
      path: req.url.split('?')[0],
      timestamp: new Date().toISOString(),
      ...(details ? { details: details.slice(0, MAX_DETAILS) } : {}),
    },
  };
}

export function sendNull(reply: FastifyReply, statusCode: 404 | 409 | 413): FastifyReply {
  return reply.code(statusCode).type('application/json; charset=utf-8').send('null');
}

export function sendValidationError(
  req: FastifyRequest,
  reply: FastifyReply,
  details: ErrorDetail[],
  message = 'Request validation failed.',
): FastifyReply {
  return reply.code(422).send(errorBody(req, 422, 'validation_error', message, details));
}

/**
 * What Fastify answers itself before any route is found (Fastify's
 * `frameworkErrors`): a path that is not valid percent-encoded UTF-8 (400),
 * a path parameter over the router's length limit (414). In the API's own
 * shape: FastAPI's `{"detail": ...}` under /api/v2 (routes/lifecycle-v2.ts),
 * the error envelope elsewhere.
 */
export function frameworkError(
  err: FastifyError,
  req: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const status = tooLong ? 414 : 400;
  const message = tooLong
    ? 'A path parameter is too long.'
    : 'The path is not valid percent-encoded UTF-8.';
  // These answers skip the onSend hooks, which set the security headers of all others.
  securityHeaders(reply);
  reply.header('x-request-id', req.id);
  if (req.url.startsWith('/api/v2/')) return reply.code(status).send({ detail: message });
  return reply
    .code(status)
    .send(errorBody(req, status, tooLong ? 'uri_too_long' : 'bad_url', message));
}

const LOCATIONS: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

const TYPE_NAMES: Record<string, string> = {
  integer: 'int',
  number: 'float',
  string: 'string',
  array: 'list',
  object: 'dict',
  boolean: 'bool',
  null: 'none',
};

/** Validation constraint names, as the Retro v2 service (pydantic) reports them. */
const ERROR_TYPES: Record<string, string> = {
  required: 'missing',
  minimum: 'greater_than_equal',
  maximum: 'less_than_equal',
  exclusiveMinimum: 'greater_than',
  exclusiveMaximum: 'less_than',
  minLength: 'string_too_short',
  maxLength: 'string_too_long',
  minItems: 'too_short',
  maxItems: 'too_long',
  pattern: 'string_pattern_mismatch',
  enum: 'enum',
  const: 'literal_error',
  additionalProperties: 'extra_forbidden',
  anyOf: 'union_error',
  format: 'format_error',
};

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/**
 * `data` is what was validated (the body, the query): a SMILES that fails the
 * contract's pattern is explained in words, with its position in the list.
 */
export function detailsFromAjv(context: string, errors: AjvError[], data?: unknown): ErrorDetail[] {
  const seen = new Set<string>();
  const out: ErrorDetail[] = [];
  // A failed union also reports each branch; the branch errors say more.
  const specific = errors.filter((e) => e.keyword !== 'anyOf');
  for (const e of specific.length ? specific : errors) {
    const location = [LOCATIONS[context] ?? context, ...pathSegments(e.instancePath)];
    if (e.keyword === 'required') location.push(String(e.params.missingProperty));
    const type =
      e.keyword === 'type'
        ? `${TYPE_NAMES[String(e.params.type).split(',')[0]] ?? e.params.type}_type`
        : (ERROR_TYPES[e.keyword] ?? e.keyword);
    const key = `${location.join('/')}|${type}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ location, error_type: type, message: smilesMessage(e, data) ?? e.message });
    if (out.length >= MAX_DETAILS) break;
  }
  return out;
}

function smilesMessage(e: AjvError, data: unknown): string | null {
  if (e.keyword !== 'pattern' || e.params.pattern !== SPEC_SMILES_PATTERN) return null;
  let value = data;
  for (const key of pathSegments(e.instancePath))
    value = (value as Record<string | number, unknown> | undefined)?.[key];
  if (typeof value !== 'string') return null;
  const problem = smilesTextProblem(value);
  const index = pathSegments(e.instancePath).at(-1);
  const which = typeof index === 'number' ? `SMILES number ${index + 1} of the list` : 'SMILES';
  return problem ? `${which} ${problem}` : null;
}

function pathSegments(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function errorHandler(
  this: unknown,
  err: FastifyError & { validationContext?: string },
  req: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (err.validation) {
    const context = err.validationContext ?? 'body';
    const validated: Record<string, unknown> = {
      body: req.body,
      querystring: req.query,
      params: req.params,
    };
    const data = validated[context];
    const details = detailsFromAjv(context, err.validation as AjvError[], data);
    return sendValidationError(req, reply, details);
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendNull(reply, 413);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return sendValidationError(req, reply, [{ location: ['body'], error_type: 'json_invalid' }]);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return sendValidationError(req, reply, [{ location: ['body'], error_type: 'missing' }]);
  }
  if (isBusyError(err)) {
    // Another process holds the SQLite lock (the CLI, a backup): answered at once, not waited out.
    return reply
      .code(503)
      .header('retry-after', '1')
      .send(errorBody(req, 503, 'database_busy', 'The database is busy; retry in a moment.'));
  }
  if ((err as { code?: string }).code === 'chemistry_unavailable') {
    // RDKit is being replaced after an abort (src/chem/rdkit.ts): a moment's wait fixes it.
    return reply
      .code(503)
      .header('retry-after', '1')
      .send(errorBody(req, 503, 'chemistry_unavailable', err.message));
  }
  if ((err as { code?: string }).code === 'chemistry_crash') {
    req.log.warn({ err }, 'RDKit aborted on a request; its instance is being replaced');
    return sendValidationError(req, reply, [
      { location: ['body'], error_type: 'chemistry_crash', message: err.message },
    ]);
  }
  if (err instanceof SyntaxError && err.statusCode === 400)
    return sendValidationError(req, reply, [{ location: ['body'], error_type: 'json_invalid' }]);
  const status =
    err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
  if (status === 500) {
    req.log.error({ err }, 'request failed');
    return reply.code(500).send(errorBody(req, 500, 'internal_error', 'Internal server error.'));
  }
  return reply.code(status).send(errorBody(req, status, err.code ?? 'error', err.message));
}
