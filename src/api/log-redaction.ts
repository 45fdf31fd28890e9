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

export function maskToken(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1***');
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
