/**
 * Per-owner quotas and the per-token rate limit: what keeps one token holder
 * from filling the queue, the disk or the server's connections for everyone.
 * Quotas are checked before the work is accepted (two requests at the same
 * instant may both pass: they are soft by a request's worth); event streams
 * are counted per API process. Answers 429 with `Retry-After`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './errors.js';

export interface QuotaOptions {
  /** Jobs of one owner waiting in the queue (all its batches and single jobs). */
  maxQueuedJobs: number;
  /** Event streams one owner keeps open at once (per API process). */
  maxStreams: number;
  /** Building-block libraries one owner has uploaded. */
  maxLibraries: number;
  /** Requests per token (or per client address without one) per minute; 0: no limit. */
  rateLimitPerMinute: number;
}

export const QUOTA_DEFAULTS: QuotaOptions = {
  maxQueuedJobs: 1_000_000,
  maxStreams: 50,
  maxLibraries: 100,
  rateLimitPerMinute: 60_000,
};

/** How long a client is told to wait after a quota refusal, seconds. */
const QUOTA_RETRY_AFTER_S = 60;

export function sendQuotaExceeded(
  req: FastifyRequest,
  reply: FastifyReply,
  message: string,
): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(QUOTA_RETRY_AFTER_S))
    .send(errorBody(req, 429, 'quota_exceeded', message));
}

/** Open event streams per owner in this process. */
export class StreamCounter {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Takes a slot for the owner; false when it has `max` open already. */
  acquire(owner: string): boolean {
    const n = this.open.get(owner) ?? 0;
    if (n >= this.max) return false;
    this.open.set(owner, n + 1);
    return true;
  }

  release(owner: string): void {
    const n = (this.open.get(owner) ?? 1) - 1;
    if (n > 0) this.open.set(owner, n);
    else this.open.delete(owner);
  }
}

/** The key the rate limit counts under: the token, or the client address without one. */
export function rateLimitKey(req: FastifyRequest): string {
  return req.tokenHash ?? `${req.owner ?? 'anonymous'}@${req.ip}`;
}

/** The limit's refusal, answered through the error handler in the usual envelope. */
export function rateLimitError(_req: FastifyRequest, context: { after: string }): Error {
  return Object.assign(new Error(`Too many requests for this token: retry in ${context.after}.`), {
    statusCode: 429,
    code: 'rate_limited',
  });
}

/** Why queuing `adding` more jobs for the owner is refused, or undefined. */
export async function queuedJobsProblem(
  store: { queuedJobsOf(owner: string): Promise<number> },
  quotas: QuotaOptions,
  owner: string,
  adding: number,
): Promise<string | undefined> {
  const queued = await store.queuedJobsOf(owner);
  if (queued + adding <= quotas.maxQueuedJobs) return undefined;
  return `${queued} of your jobs are queued and at most ${quotas.maxQueuedJobs} may wait: ${adding} more would exceed the quota; retry when some have run.`;
}
