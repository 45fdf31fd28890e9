/** Headers every answer carries (SECURITY.md, Responses). */
import type { FastifyReply } from 'fastify';

/**
 * No MIME sniffing, no framing (clickjacking); answers that set no policy of
 * their own (the API's JSON) may load nothing.
 */
export function securityHeaders(reply: FastifyReply): void {
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', 'DENY');
  if (!reply.hasHeader('content-security-policy'))
    reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
}
