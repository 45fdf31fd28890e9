/**
 * One webhook POST, connected to an address checked by the policy. The host
 * name is resolved once; every address it resolves to must be allowed (an
 * answer mixing a public and an internal address is refused), and the socket
 * connects to the first one through a fixed `lookup`, so a second DNS answer
 * (rebinding) can never change where the request goes. The Host header and
 * the TLS server name stay the URL's host, so certificates are checked as usual.
 *
 * What the receiver answered is reduced to its status code, and failures to a
 * short summary ("connection refused", "timeout"): response bodies, headers
 * and system error texts are never stored, so the delivery log cannot be used
 * to read what listens at an address.
 */
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import { hostOf, WebhookPolicy } from './policy.js';

export type Resolver = (host: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

/** A failed attempt, with the summary recorded in the delivery log. */
export class DeliveryError extends Error {
  /** Retrying cannot help (the policy refuses the target): the delivery fails at once. */
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

/** The address to connect to for `url`, or a DeliveryError saying why none may be used. */
export async function pinAddress(
  url: URL,
  policy: WebhookPolicy,
  resolve: Resolver,
  signal: AbortSignal,
): Promise<LookupAddress> {
  const host = hostOf(url);
  let addresses: LookupAddress[];
  try {
    const aborted = new Promise<never>((_, reject) =>
      signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
    );
    addresses = await Promise.race([resolve(host), aborted]);
  } catch {
    throw new DeliveryError(signal.aborted ? 'timeout' : 'host not found');
  }
  if (addresses.length === 0) throw new DeliveryError('host not found');
  for (const a of addresses)
    if (policy.addressProblem(a.address))
      throw new DeliveryError(`refused: ${host} is not a public address`, true);
  return addresses[0];
}

export interface PostRequest {
  url: URL;
  address: LookupAddress;
  body: string;
  headers: Record<string, string>;
  signal: AbortSignal;
}

/** POSTs the body to the pinned address; resolves with the HTTP status (the body is not read). */
export function postPinned(req: PostRequest): Promise<number> {
  const { url, address } = req;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<number>((resolve, reject) => {
    const outgoing = client.request(
      {
        method: 'POST',
        host: hostOf(url),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        headers: { ...req.headers, 'content-length': Buffer.byteLength(req.body) },
        signal: req.signal,
        agent: false,
        lookup: (_host, options, callback) => {
          // Node asks for every address (happy eyeballs) or for one.
          if ((options as { all?: boolean }).all) callback(null, [address] as never);
          else callback(null, address.address, address.family);
        },
      },
      (res) => {
        resolve(res.statusCode ?? 0);
        res.destroy();
      },
    );
    outgoing.on('error', (e) => reject(new DeliveryError(summarize(e, req.signal))));
    outgoing.end(req.body);
  });
}

const SUMMARIES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ETIMEDOUT: 'timeout',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'host unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
};

function summarize(e: Error & { code?: string }, signal: AbortSignal): string {
  if (signal.aborted) return signal.reason?.name === 'TimeoutError' ? 'timeout' : 'aborted';
  const code = e.code ?? '';
  if (SUMMARIES[code]) return SUMMARIES[code];
  if (/TLS|SSL|CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return 'TLS error';
  return 'connection failed';
}
