/**
 * Bearer tokens. A token is shown once when created; the store keeps only its
 * SHA-256 (tokens are 256 random bits, so a fast hash is enough). Each token
 * acts for an owner, and every job, batch and uploaded library belongs to one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { timeId } from '../store/ids.js';
import type { Store, TokenRecord } from '../store/types.js';
import { errorBody } from './errors.js';

/** Owner of everything in single-user mode (SYNROUTE_AUTH=off). */
export const LOCAL_OWNER = 'local';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface NewToken {
  name: string;
  /** Default: the name. */
  owner?: string;
  /** May manage tokens. */
  admin?: boolean;
  /** Refused this long after creation; default never. */
  expiresInMs?: number;
}

export async function createToken(
  store: Store,
  opts: NewToken,
): Promise<{ token: string; record: TokenRecord }> {
  const token = `srt_${randomBytes(32).toString('base64url')}`;
  const now = Date.now();
  const record: TokenRecord = {
    id: timeId('tok'),
    name: opts.name,
    owner: opts.owner ?? opts.name,
    created: now,
    revoked: false,
    expires: opts.expiresInMs === undefined ? null : now + opts.expiresInMs,
    admin: opts.admin ?? false,
  };
  await store.insertToken({ ...record, hash: hashToken(token) });
  return { token, record };
}

/** Token names and owners: 1-128 letters, digits, `_ . @ -`. */
export const TOKEN_NAME = /^[\w.@-]{1,128}$/;

const UNITS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 };
/** Longest expiry accepted (ten years). */
const MAX_EXPIRY_MS = 3650 * 86400e3;

/** `90s`, `15m`, `12h`, `30d`, `8w` in milliseconds; undefined when unreadable or out of range. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d{1,6})([smhdw])$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * UNITS[m[2]];
  return ms > 0 && ms <= MAX_EXPIRY_MS ? ms : undefined;
}

/** Whether a token can be used now (not revoked, not expired). */
export function tokenUsable(record: TokenRecord | undefined, now = Date.now()): boolean {
  return !!record && !record.revoked && (record.expires === null || record.expires > now);
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}

/**
 * onRequest hook of single-user mode (no tokens): the service answers only
 * requests that name it by a loopback address or an allowed host, so a page
 * on another site that rebinds its own name to 127.0.0.1 gets nothing; and it
 * refuses state-changing requests a browser marks as coming from another
 * site (`Origin`, `Sec-Fetch-Site`), so such a page cannot submit or upload
 * through the user's browser either. Answers 403.
 */
export function localOnly(allowedHosts: string[]) {
  const allowed = new Set(allowedHosts.map((h) => h.toLowerCase()));
  const isAllowed = (host: string) => isLoopback(host) || allowed.has(host.toLowerCase());
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const host = hostName(req.headers.host ?? '');
    let problem: string | undefined;
    if (!host || !isAllowed(host))
      problem = `Host ${JSON.stringify(req.headers.host ?? '')} is not served in single-user mode.`;
    else if (!SAFE_METHODS.has(req.method) && crossSite(req, isAllowed))
      problem = 'Cross-site requests are refused in single-user mode.';
    if (problem) await reply.code(403).send(errorBody(req, 403, 'forbidden', problem));
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `example.org:8080` → `example.org`, `[::1]:8080` → `::1`. */
function hostName(header: string): string {
  const m = /^\[([^\]]+)\](?::\d*)?$/.exec(header) ?? /^([^:]+)(?::\d*)?$/.exec(header);
  return m ? m[1] : '';
}

function crossSite(req: FastifyRequest, isAllowed: (host: string) => boolean): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  try {
    return !isAllowed(hostName(new URL(origin).host));
  } catch {
    return true; // `null` (sandboxed frames, file: pages) and anything unreadable
  }
}

/**
 * The token of a request: `Authorization: Bearer <token>`, or the batch-scoring
 * API's `Authorization: ApiToken-v1 <token>`; on routes marked
 * `config.tokenInQuery` (event streams, which browsers' EventSource opens
 * without headers) also `?token=<token>`.
 */
function requestToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization ?? '';
  const match = /^(?:Bearer|ApiToken-v1)\s+(\S+)\s*$/i.exec(header);
  if (match) return match[1];
  if (!header && req.routeOptions.config?.tokenInQuery) {
    const token = (req.query as Record<string, unknown> | undefined)?.token;
    if (typeof token === 'string' && token) return token;
  }
  return undefined;
}

/**
 * onRequest hook: sets `req.owner` (and `req.token`), or answers 401 (missing,
 * unknown, revoked or expired token). Routes marked `config.public` and /docs
 * are open; in single-user mode everything acts for LOCAL_OWNER, as an admin.
 */
export function authenticate(store: Store, enabled: boolean) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (req.routeOptions.config?.public || req.routeOptions.url?.startsWith('/docs')) return;
    if (!enabled) {
      req.owner = LOCAL_OWNER;
      req.admin = true;
      return;
    }
    const token = requestToken(req);
    const hash = token ? hashToken(token) : undefined;
    const record = hash ? await store.findTokenByHash(hash) : undefined;
    if (!record || !tokenUsable(record)) {
      const message = !token
        ? 'Missing Authorization: Bearer <token> header.'
        : record
          ? 'Expired token.'
          : 'Invalid or revoked token.';
      await reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send(errorBody(req, 401, 'unauthorized', message));
      return;
    }
    req.owner = record.owner;
    req.admin = record.admin;
    req.tokenHash = hash;
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    owner: string;
    /** The token may manage tokens (always in single-user mode). */
    admin: boolean;
    /** SHA-256 of the request's token (none in single-user mode): streams re-check it. */
    tokenHash?: string;
  }
  interface FastifyContextConfig {
    public?: boolean;
    /** Also accept the token as `?token=` (this route only). */
    tokenInQuery?: boolean;
  }
}
