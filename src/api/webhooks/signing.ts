/**
 * Webhook signatures: `X-SynRoute-Signature: sha256=<hex>`, the HMAC-SHA256 of
 * the raw request body keyed with the owner's webhook secret. A receiver
 * recomputes it over the bytes it received (before parsing) and compares in
 * constant time; `verifySignature` is what it would do.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { WebhookSecret } from '../../store/types.js';

export const SIGNATURE_HEADER = 'x-synroute-signature';
export const EVENT_HEADER = 'x-synroute-event';
export const DELIVERY_HEADER = 'x-synroute-delivery';

export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function verifySignature(secret: string, body: string | Buffer, header: string): boolean {
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function newWebhookSecret(now = Date.now()): WebhookSecret {
  return { secret: `whsec_${randomBytes(32).toString('base64url')}`, created: now };
}
