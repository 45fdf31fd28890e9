/**
 * The batch lifecycle: `PATCH /batches/{id}/complete|cancel|pause|resume`,
 * the event stream, and the owner's webhook secret (`GET` shows it, `POST`
 * rotates it).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LifecycleAction } from '../../store/types.js';
import type { ApiContext } from '../context.js';
import { errorBody, sendNull } from '../errors.js';
import { fastifyPath, routeSchema } from '../openapi.js';
import { batchResource, batchState } from '../resources.js';
import { ensureWebhookSecret, rotateWebhookSecret } from '../webhooks/signing.js';
import { batchEventsRoute } from './batch-events.js';

const ACTIONS: LifecycleAction[] = ['complete', 'cancel', 'pause', 'resume'];

/**
 * These routes take no body, but clients often send `content-type:
 * application/json` with an empty one (which the JSON parser refuses): the
 * header is dropped when there is nothing to parse.
 */
async function noBody(req: FastifyRequest): Promise<void> {
  const length = req.headers['content-length'];
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (length === '0' || (length === undefined && !chunked)) delete req.headers['content-type'];
}

export function batchLifecycleRoutes(app: FastifyInstance, ctx: ApiContext): void {
  for (const action of ACTIONS) {
    const path = `/batches/{batch_id}/${action}`;
    app.patch<{ Params: { batch_id: string } }>(
      fastifyPath(path),
      { schema: routeSchema(path, 'patch'), onRequest: noBody },
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
  app.get('/webhook-secret', async (req) =>
    secret(await ensureWebhookSecret(ctx.store, req.owner)),
  );
  app.post('/webhook-secret', { onRequest: noBody }, async (req) =>
    secret(await rotateWebhookSecret(ctx.store, req.owner)),
  );
}
