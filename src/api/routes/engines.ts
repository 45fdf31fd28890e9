/** Engines as resources: GET /engines, GET /engines/{engine_id}. */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { sendNull } from '../errors.js';
import { engineResource } from '../resources.js';

const idSchema = {
  params: {
    type: 'object',
    properties: { engine_id: { type: 'string', pattern: '^\\w+$', minLength: 1, maxLength: 255 } },
    required: ['engine_id'],
  },
};

export function engineRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/engines', async () => ({
    object: 'list',
    data: ctx.engines.list().map((e) => engineResource(e, ctx.engines.defaultId)),
    has_more: false,
  }));

  app.get<{ Params: { engine_id: string } }>(
    '/engines/:engine_id',
    { schema: idSchema },
    async (req, reply) => {
      const engine = ctx.engines.get(req.params.engine_id);
      return engine ? engineResource(engine, ctx.engines.defaultId) : sendNull(reply, 404);
    },
  );
}
