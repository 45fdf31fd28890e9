/**
 * Token management for admin tokens: list, create (the secret is answered
 * once), revoke. The CLI (`synroute tokens`) does the same on the server's
 * machine; this is the way for an operator elsewhere.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TokenRecord } from '../../store/types.js';
import { createToken, parseDuration } from '../auth.js';
import type { ApiContext } from '../context.js';
import { errorBody, sendNull } from '../errors.js';
import { TOKEN_SCHEMAS } from '../openapi-tokens.js';

interface CreateBody {
  name: string;
  owner?: string;
  admin?: boolean;
  expires_in?: string;
}

/** What the document allows for a token id (`^\w+$`, at most 255 characters). */
const TOKEN_ID = /^\w{1,255}$/;

const iso = (ms: number) => new Date(ms).toISOString();

export function tokenResource(t: TokenRecord): object {
  return {
    id: t.id,
    name: t.name,
    owner: t.owner,
    admin: t.admin,
    created: iso(t.created),
    expires: t.expires === null ? null : iso(t.expires),
    revoked: t.revoked,
  };
}

/** preHandler: admin tokens only (403 otherwise). */
async function adminOnly(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!req.admin)
    await reply
      .code(403)
      .send(errorBody(req, 403, 'forbidden', 'Token management needs an admin token.'));
}

export function tokenRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/tokens', { preHandler: adminOnly }, async () => ({
    tokens: (await ctx.store.listTokens()).map(tokenResource),
  }));

  app.post<{ Body: CreateBody }>(
    '/tokens',
    { preHandler: adminOnly, schema: { body: TOKEN_SCHEMAS.TokenCreateParams } },
    async (req, reply) => {
      const { name, owner, admin, expires_in } = req.body;
      const expiresInMs = expires_in === undefined ? undefined : parseDuration(expires_in);
      if (expires_in !== undefined && expiresInMs === undefined)
        return reply
          .code(422)
          .send(
            errorBody(req, 422, 'validation_error', 'expires_in: at most 10 years.', [
              { location: ['body', 'expires_in'], error_type: 'value_error' },
            ]),
          );
      const { token, record } = await createToken(ctx.store, { name, owner, admin, expiresInMs });
      return reply.code(201).send({ ...tokenResource(record), token });
    },
  );

  app.delete<{ Params: { token_id: string } }>(
    '/tokens/:token_id',
    { preHandler: adminOnly },
    async (req, reply) => {
      // Ids are word characters (a NUL, which PostgreSQL cannot take, names no token either).
      const id = req.params.token_id;
      if (!TOKEN_ID.test(id) || !(await ctx.store.revokeToken(id))) return sendNull(reply, 404);
      return reply.code(204).send();
    },
  );
}
