/**
 * `GET /batches/{id}/events`: Server-Sent Events with the batch's counts.
 *
 * The stream reads the batch's counters (O(1)) every `eventsPollMs` and sends
 * a `status` event when anything changed, then `completed` or `canceled` (or
 * `deleted`) and ends; or `unauthorized` once its token is revoked or expires. Polling the store rather than listening to this
 * process's queue keeps it right when other processes run the jobs.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BatchRecord } from '../../store/types.js';
import { countsPerStatus } from '../../store/webhook-event.js';
import { tokenUsable } from '../auth.js';
import type { ApiContext } from '../context.js';
import { sendNull } from '../errors.js';
import { fastifyPath, routeSchema } from '../openapi.js';
import { batchState, doneJobs } from '../resources.js';
import { sendQuotaExceeded } from '../quotas.js';
import { securityHeaders } from '../security-headers.js';

/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

export function eventData(batch: BatchRecord): object {
  return {
    id: batch.id,
    status: batchState(batch),
    number_of_jobs: batch.counts.total,
    completed_jobs: doneJobs(batch),
    jobs_count_per_status: countsPerStatus(batch.counts),
    open: batch.closedAt === null,
    paused: batch.paused,
    updated: new Date(batch.updated).toISOString(),
  };
}

export function batchEventsRoute(app: FastifyInstance, ctx: ApiContext): void {
  // Open streams end when the server closes (otherwise close would wait for them).
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });
  const path = '/batches/{batch_id}/events';
  app.get<{ Params: { batch_id: string } }>(
    fastifyPath(path),
    { schema: routeSchema(path, 'get'), config: { tokenInQuery: true } },
    async (req, reply) => {
      const batch = await ctx.store.getBatch(req.owner, req.params.batch_id);
      if (!batch) return sendNull(reply, 404);
      if (!ctx.streams.acquire(req.owner))
        return sendQuotaExceeded(
          req,
          reply,
          `You have ${ctx.quotas.maxStreams} event streams open, the most allowed: close one first.`,
        );
      follow(req, reply, ctx, open);
    },
  );
}

function follow(
  req: FastifyRequest<{ Params: { batch_id: string } }>,
  reply: FastifyReply,
  ctx: ApiContext,
  open: Set<() => void>,
): void {
  // The head is written here, past the onSend hooks that give other answers these headers.
  securityHeaders(reply);
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    ...(reply.getHeaders() as OutgoingHttpHeaders),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': req.id,
  });
  let timer: NodeJS.Timeout | undefined;
  let last = '';
  let lastWrite = Date.now();
  const write = (text: string) => {
    res.write(text);
    lastWrite = Date.now();
  };
  const send = (event: string, data: object) =>
    write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const end = () => {
    if (!open.has(end)) return;
    clearTimeout(timer);
    open.delete(end);
    ctx.streams.release(req.owner);
    if (!res.writableEnded) res.end();
  };
  open.add(end);
  res.on('close', end);

  const tick = async () => {
    // A token revoked or expired while the stream is open ends it.
    if (req.tokenHash && !tokenUsable(await ctx.store.findTokenByHash(req.tokenHash))) {
      if (res.writableEnded) return;
      send('unauthorized', { message: 'The token was revoked or has expired.' });
      return end();
    }
    const batch = await ctx.store.getBatch(req.owner, req.params.batch_id);
    if (res.writableEnded) return;
    if (!batch) {
      send('deleted', { id: req.params.batch_id });
      return end();
    }
    const data = eventData(batch);
    const text = JSON.stringify(data);
    if (text !== last) send('status', data);
    last = text;
    const state = batchState(batch);
    if (state === 'completed' || state === 'canceled') {
      send(state, data);
      return end();
    }
    if (Date.now() - lastWrite >= KEEPALIVE_MS) write(': keep-alive\n\n');
    timer = setTimeout(run, ctx.eventsPollMs);
  };
  const run = () => {
    tick().catch((e: unknown) => {
      req.log.warn({ err: e }, 'batch event stream stopped');
      end();
    });
  };
  run();
}
