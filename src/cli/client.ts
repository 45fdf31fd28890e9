/**
 * The command line's side of the API: where the server is and which token to
 * send (flags, then $SYNROUTE_URL / $SYNROUTE_TOKEN, then the config file
 * `synroute login` writes), and requests whose failures become one-line
 * UserErrors (server unreachable, 401, 404, 422) instead of stack traces.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { UserError } from './errors.js';

export const DEFAULT_URL = 'http://127.0.0.1:8080';

export interface ConnectionFlags {
  url?: string;
  token?: string;
}

export interface ClientConfig {
  url?: string;
  token?: string;
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SYNROUTE_CONFIG) return env.SYNROUTE_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'synroute', 'config.json');
}

export function readConfig(path = configPath()): ClientConfig {
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ClientConfig;
  } catch {
    throw new UserError(`${path} is not valid JSON; run synroute login again`);
  }
}

/** Saves url and token; readable by the user only, since the token is a password. */
export function writeConfig(config: ClientConfig, path = configPath()): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export function connect(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): ApiClient {
  const saved = readConfig(configPath(env));
  // An empty variable counts as unset, as in most shells' tools.
  const url = (flags.url || env.SYNROUTE_URL || saved.url || DEFAULT_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url))
    throw new UserError(`--url must be http(s)://host:port, not ${url}`);
  const token = flags.token || env.SYNROUTE_TOKEN || saved.token;
  return new ApiClient(url, token);
}

/** An answer with an unexpected status, kept for callers that handle some statuses themselves. */
export class HttpError extends UserError {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: {
    code?: string;
    message?: string;
    details?: { location?: unknown[]; error_type?: string; message?: string }[];
  };
}

export class ApiClient {
  constructor(
    readonly url: string,
    readonly token: string | undefined,
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...extra };
  }

  /** Sends a request and returns the raw response (no status check). */
  async raw(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    const init: RequestInit = { method, headers: this.headers(), signal };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = this.headers({ 'content-type': 'application/json' });
    }
    try {
      return await fetch(`${this.url}${path}`, init);
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      throw new UserError(
        `cannot reach the SynRoute server at ${this.url}${cause ? ` (${cause})` : ''}; is \`synroute serve\` running? (--url or SYNROUTE_URL)`,
      );
    }
  }

  /** JSON answer of a 2xx response; any other status becomes a one-line HttpError. */
  async json<T>(method: string, path: string, body?: unknown, what = path): Promise<T> {
    const res = await this.raw(method, path, body);
    const text = await res.text();
    if (res.ok) return JSON.parse(text) as T;
    throw this.failure(res.status, text, what);
  }

  failure(status: number, text: string, what: string): HttpError {
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: reported by status alone
    }
    return new HttpError(
      describeFailure(status, body as ErrorBody | null, what, this),
      status,
      body,
    );
  }
}

function describeFailure(
  status: number,
  body: ErrorBody | null,
  what: string,
  client: ApiClient,
): string {
  switch (status) {
    case 401:
      return client.token
        ? `the server at ${client.url} refused the token (401): it is wrong or revoked; create one with \`synroute tokens create --name NAME\` and run \`synroute login\``
        : `no API token (401): set SYNROUTE_TOKEN or run \`synroute login --url ${client.url} --token TOKEN\``;
    case 404:
      return `${what}: not found (404)`;
    case 409:
      return `${what}: conflict (409): not possible in its current state`;
    case 413:
      return `${what}: too large for the server (413); split the input`;
    case 422:
      return `${what}: rejected (422): ${validationSummary(body)}`;
    default:
      return `${what}: the server answered HTTP ${status}${body?.error?.message ? `: ${body.error.message}` : ''}`;
  }
}

function validationSummary(body: ErrorBody | null): string {
  const details = body?.error?.details ?? [];
  const first = details
    .slice(0, 3)
    .map((d) => `${(d.location ?? []).join('.')}: ${d.message ?? d.error_type}`);
  const more = details.length > 3 ? ` (+${details.length - 3} more)` : '';
  return first.length ? `${first.join('; ')}${more}` : (body?.error?.message ?? 'invalid request');
}

/** True when a 404 means "no such route on this server" rather than "no such resource". */
export function isMissingRoute(e: unknown): boolean {
  if (!(e instanceof HttpError) || e.status !== 404) return false;
  return (e.body as ErrorBody | null)?.error?.code === 'not_found';
}
