/**
 * The batch lifecycle API (v2): `PATCH /api/v2/batches/{batch__id}/complete`
 * as its seed document specifies, and `GET /api/v2/batches/{batch__id}` in
 * the same shape. Ids are the batches' UUIDs (either form); errors come in
 * this API's own shape, FastAPI's `{"detail": …}` (422: `[{loc, msg, type}]`).
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { isUuid } from '../../store/ids.js';
import type { BatchJob, BatchRecord } from '../../store/types.js';
import type { ApiContext } from '../context.js';
import { errorHandler } from '../errors.js';
import { batchJson } from '../lifecycle-v2-format.js';
import { batchState } from '../resources.js';

/** Jobs read at a time; other requests are served between pages. */
const PAGE = 5_000;

interface IdParams {
  batch__id: string;
}

interface ValidationError {
  loc: (string | number)[];
  msg: string;
  type: string;
}

function sendDetail(reply: FastifyReply, status: number, detail: string | ValidationError[]) {
  return reply.code(status).send({ detail });
}

/** The path id must be a UUID, as the document says (pydantic's answer otherwise). */
function invalidId(reply: FastifyReply, id: string): FastifyReply | undefined {
  if (isUuid(id)) return undefined;
  return sendDetail(reply, 422, [
    { loc: ['path', 'batch__id'], msg: 'value is not a valid uuid', type: 'type_error.uuid' },
  ]);
}

async function* jobPages(ctx: ApiContext, batch: BatchRecord): AsyncGenerator<BatchJob[]> {
  for (let after = 0; ;) {
    const page = await ctx.store.batchJobs(batch.owner, batch.id, { after, limit: PAGE });
    if (!page) return;
    yield page.jobs;
    if (page.next === null) return;
    after = page.next;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function sendBatch(ctx: ApiContext, reply: FastifyReply, batch: BatchRecord) {
  const text = await batchJson(batch, jobPages(ctx, batch));
  return reply.type('application/json; charset=utf-8').send(text);
}

/** Request errors in this API's shape; anything else as everywhere else. */
function lifecycleErrors(
  this: FastifyInstance,
  err: FastifyError,
  req: Parameters<typeof errorHandler>[1],
  reply: FastifyReply,
) {
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError)
    return sendDetail(reply, 422, [
      { loc: ['body'], msg: err.message, type: 'value_error.jsondecode' },
    ]);
  // A body it cannot take (415, 413...); rate limits keep the envelope every 429 has.
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500 && status !== 429)
    return sendDetail(reply, status, err.message);
  return errorHandler.call(this, err, req, reply);
}

export async function lifecycleV2Routes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  await app.register(
    async (api) => {
      api.setErrorHandler(lifecycleErrors);
      api.setNotFoundHandler((_req, reply) => sendDetail(reply, 404, 'Not Found'));

      api.patch<{ Params: IdParams }>('/batches/:batch__id/complete', async (req, reply) => {
        const id = req.params.batch__id;
        if (invalidId(reply, id)) return reply;
        const out = await ctx.store.changeBatch(req.owner, id, 'complete');
        if (out.outcome === 'not_found') return sendDetail(reply, 404, 'Batch not found.');
        if (out.outcome === 'conflict')
          return sendDetail(reply, 409, `Cannot complete a ${batchState(out.batch)} batch.`);
        // Closing may have completed the batch and queued its webhook event.
        ctx.notifyEvents();
        return sendBatch(ctx, reply, out.batch);
      });

      api.get<{ Params: IdParams }>('/batches/:batch__id', async (req, reply) => {
        const id = req.params.batch__id;
        if (invalidId(reply, id)) return reply;
        const batch = await ctx.store.getBatch(req.owner, id);
        return batch ? sendBatch(ctx, reply, batch) : sendDetail(reply, 404, 'Batch not found.');
      });
    },
    { prefix: '/api/v2' },
  );
}
