/**
 * Request logs without secrets: event streams accept the API token as
 * `?token=` (browsers' EventSource cannot send headers), and request URLs are
 * logged, so the value is masked before it reaches a log line.
 */
import type { FastifyServerOptions } from 'fastify';

type LoggerOption = FastifyServerOptions['logger'];

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * The URL with the value of every `token` parameter replaced by `***`. Names
 * are compared decoded, as the query parser reads them (`to%6Ben` is `token`).
 */
export function maskToken(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const end = hash < 0 ? url.length : hash;
  const pairs = url.slice(q + 1, end).split('&');
  const masked = pairs.map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    return decodedName(name).toLowerCase() === 'token' ? `${name}=***` : pair;
  });
  return `${url.slice(0, q + 1)}${masked.join('&')}${url.slice(end)}`;
}

function decodedName(name: string): string {
  const plain = name.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plain);
  } catch {
    // A malformed escape elsewhere in the name: decode what can be decoded.
    return plain.replace(/%[0-9a-f]{2}/gi, (m) => String.fromCharCode(parseInt(m.slice(1), 16)));
  }
}

export function redactTokens(logger: LoggerOption): LoggerOption {
  if (!logger || typeof logger !== 'object') return logger;
  const options = logger as Record<string, unknown>;
  if ('info' in options) return logger; // an already built logger instance: left alone
  const serializers = (options.serializers ?? {}) as Record<string, unknown>;
  return {
    ...options,
    serializers: {
      ...serializers,
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: maskToken(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
  } as LoggerOption;
}
