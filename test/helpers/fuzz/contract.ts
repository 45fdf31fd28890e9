/**
 * What every fuzzed answer must be: no 5xx but the documented 503s (each with
 * Retry-After), never a 2xx on another owner's resource, and bodies in the
 * contract's shape: the operation's documented schema for that status, else
 * the shape of its API (the Retro v2 error envelope, whose 404/409/413 may
 * also be `null`; FastAPI's `{"detail": ...}` under /api/v2).
 */
import { Ajv, ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import type { FuzzRequest } from './requests.js';
import type { Json } from './values.js';

/** An answer as the fuzzer keeps it (an event stream's body is not read). */
export interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  /** How long it took. */
  ms?: number;
}

/** 503s the service documents: retry in a moment (SECURITY.md, Limits). */
export const DOCUMENTED_503 = ['database_busy', 'chemistry_unavailable', 'depiction_busy'];

export class Contract {
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction | null>();

  constructor(doc: Json) {
    this.ajv = new Ajv({ strict: false, allErrors: false, unicodeRegExp: false });
    // ajv-formats is CommonJS: its plugin is the module itself, typed as `default`.
    (formats as unknown as typeof formats.default)(this.ajv);
    this.ajv.addSchema(doc, 'fuzz-spec');
    const component = (name: string) =>
      this.ajv.getSchema(`fuzz-spec#/components/schemas/${name}`)!;
    this.envelope = component('ErrorContent');
    this.validationEnvelope = component('RequestValidationErrorContent');
  }

  private readonly envelope: ValidateFunction;
  private readonly validationEnvelope: ValidateFunction;

  /** What is wrong with the answer, or undefined. */
  problem(req: FuzzRequest, res: Answer): string | undefined {
    const status = res.statusCode;
    if (status < 100) return res.body; // no answer at all
    if (req.foreign && status < 300)
      return `answered ${status} on a resource of ${req.foreign.owner} to ${req.identity.owner}`;
    if (status >= 500) return this.serverError(res);
    if (res.headers['x-content-type-options'] !== 'nosniff')
      return 'no X-Content-Type-Options: nosniff';
    if (req.method === 'HEAD' || status === 204 || status === 304) return undefined;
    if (/\n\s+at .+\.(?:ts|js):\d+/.test(res.body)) return 'a stack trace in the answer';
    const body = parseJson(res);
    const documented = this.documented(req, status);
    if (status < 300) {
      // `format=aizynth` answers another shape, which the parameter's description gives.
      if (!documented || body === NOT_JSON || /[?&]format=aizynth/.test(req.url)) return undefined;
      return documented(body.value)
        ? undefined
        : `body does not match the ${status} schema: ${this.errors(documented)}`;
    }
    if (body === NOT_JSON) return `error answer is not JSON (${res.headers['content-type']})`;
    // Raw text in the path reached no route: the answer of unknown paths.
    if (req.reroutes && status === 404 && body.value?.error?.code === 'not_found') return undefined;
    if (documented)
      return documented(body.value)
        ? envelopeStatus(body.value, status)
        : `body does not match the documented ${status} schema: ${this.errors(documented)}`;
    return this.apiShape(req, status, body.value);
  }

  private serverError(res: Answer): string | undefined {
    const body = parseJson(res);
    const code = body === NOT_JSON ? undefined : body.value?.error?.code;
    if (res.statusCode === 503 && DOCUMENTED_503.includes(code) && res.headers['retry-after'])
      return body !== NOT_JSON && this.envelope(body.value)
        ? undefined
        : 'a 503 outside the error envelope';
    return `status ${res.statusCode}`;
  }

  /** The shape of the request's API when the operation documents nothing for this status. */
  private apiShape(req: FuzzRequest, status: number, body: Json): string | undefined {
    const path = req.url.split('?')[0];
    const common = [401, 403, 429].includes(status);
    if (path.startsWith('/api/v2/') && !common) {
      const detail = body?.detail;
      if (typeof detail === 'string' && status !== 422) return undefined;
      if (
        Array.isArray(detail) &&
        detail.every(
          (d: Json) =>
            Array.isArray(d?.loc) && typeof d?.msg === 'string' && typeof d?.type === 'string',
        )
      )
        return undefined;
      return `not FastAPI's {"detail": ...} under /api/v2 (${status})`;
    }
    if (body === null && [404, 409, 413].includes(status)) return undefined;
    const valid = status === 422 ? this.validationEnvelope : this.envelope;
    if (!valid(body)) return `not the error envelope (${status}): ${this.errors(valid)}`;
    return envelopeStatus(body, status);
  }

  private documented(req: FuzzRequest, status: number): ValidateFunction | null {
    const op = req.operation;
    if (!op) return null;
    const key = `${op.method} ${op.path} ${status}`;
    if (!this.cache.has(key)) {
      const pointer = op.path.replace(/~/g, '~0').replace(/\//g, '~1');
      const ref = `fuzz-spec#/paths/${pointer}/${op.method}/responses/${status}/content/application~1json/schema`;
      const has = op.op.responses?.[status]?.content?.['application/json']?.schema !== undefined;
      this.cache.set(key, has ? (this.ajv.getSchema(ref) ?? null) : null);
    }
    return this.cache.get(key)!;
  }

  private errors(validate: ValidateFunction): string {
    return this.ajv.errorsText(validate.errors).slice(0, 300);
  }
}

const NOT_JSON = Symbol('not JSON');

function parseJson(res: Answer): { value: Json } | typeof NOT_JSON {
  if (!/^application\/json/.test(String(res.headers['content-type'] ?? ''))) return NOT_JSON;
  try {
    return { value: JSON.parse(res.body) };
  } catch {
    return NOT_JSON;
  }
}

/** An envelope must give the status it came with. */
function envelopeStatus(body: Json, status: number): string | undefined {
  if (body && typeof body === 'object' && 'status_code' in body && body.status_code !== status)
    return `envelope says status_code ${body.status_code} on a ${status}`;
  return undefined;
}
