/**
 * NUL characters are refused in request bodies: no field of the API means
 * anything with one, and PostgreSQL cannot store them in text (a 500 before).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendValidationError } from './errors.js';

/** preValidation hook: 422 naming the first string field that holds a NUL. */
export async function refuseNulCharacters(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const at = nulPath(req.body, ['body'], 0);
  if (at)
    await sendValidationError(req, reply, [
      {
        location: at,
        error_type: 'nul_character',
        message: 'Text must not contain NUL characters.',
      },
    ]);
}

function nulPath(
  value: unknown,
  at: (string | number)[],
  depth: number,
): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? at : null;
  // Deeper than any request of the API: JSON depth is bounded by the body limit anyway.
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], [...at, i], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    const found = nulPath(key, [...at, key], depth + 1) ?? nulPath(v, [...at, key], depth + 1);
    if (found) return found;
  }
  return null;
}
