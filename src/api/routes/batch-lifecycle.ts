/**
 * The batch lifecycle: `PATCH /batches/{id}/complete|cancel|pause|resume`,
 * the event stream, and the owner's webhook secret (`GET` shows it, `POST`
 * rotates it).
 */
import type { FastifyInstance } from 'fastify';
import type { LifecycleAction } from '../../store/types.js';
import type { ApiContext } from '../context.js';
import { errorBody, sendNull } from '../errors.js';
import { fastifyPath, routeSchema } from '../openapi.js';
import { batchResource, batchState } from '../resources.js';
import { batchEventsRoute } from './batch-events.js';

const ACTIONS: LifecycleAction[] = ['complete', 'cancel', 'pause', 'resume'];

export function batchLifecycleRoutes(app: FastifyInstance, ctx: ApiContext): void {
  for (const action of ACTIONS) {
    const path = `/batches/{batch_id}/${action}`;
    app.patch<{ Params: { batch_id: string } }>(
      fastifyPath(path),
      { schema: routeSchema(path, 'patch') },
      async (req, reply) => {
        const out = await ctx.store.changeBatch(req.owner, req.params.batch_id, action);
        if (out.outcome === 'not_found') return sendNull(reply, 404);
        if (out.outcome === 'conflict') {
          const state = batchState(out.batch);
          return reply
            .code(409)
            .send(errorBody(req, 409, 'conflict', `Cannot ${action} a ${state} batch.`));
        }
        if (out.stoppedJobs.length) ctx.notifyStopped();
        // Closing or canceling may have queued a webhook event.
        ctx.notifyEvents();
        return batchResource(out.batch);
      },
    );
  }

  batchEventsRoute(app, ctx);

  const secret = (s: { secret: string; created: number }) => ({
    secret: s.secret,
    created: new Date(s.created).toISOString(),
  });
  app.get('/webhook-secret', async (req) => secret(await ctx.webhookSecrets.ensure(req.owner)));
  app.post('/webhook-secret', async (req) => secret(await ctx.webhookSecrets.rotate(req.owner)));
}
