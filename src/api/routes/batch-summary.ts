/**
 * `GET /batches/{batch_id}/summary` (and `GET /jobs/{job_id}/summary` for one job): the spec's result items plus what a
 * screening table sorts on (score, price, steps, route count) and the best
 * route's reactions, for the web console and `synroute results`. The spec's
 * `/result` answer stays exactly as specified.
 */
import type { FastifyInstance } from 'fastify';
import type { SummaryItem } from '../../contract/index.js';
import type { JobDetail, Store } from '../../store/types.js';
import type { ApiContext } from '../context.js';
import { sendNull } from '../errors.js';
import { resultPages } from './batch-result.js';
import { fastifyPath, routeSchema } from '../openapi.js';

const FINISHED = ['completed', 'failed', 'canceled'] as const;

/** Jobs read between pauses, so that status requests keep flowing during a 100,000-job summary. */
const CHUNK = 500;

export function batchSummaryRoute(app: FastifyInstance, ctx: ApiContext): void {
  const path = '/batches/{batch_id}/summary';
  app.get<{ Params: { batch_id: string } }>(
    fastifyPath(path),
    // Same path parameter rules as the spec's /status.
    { schema: routeSchema('/batches/{batch_id}/status', 'get') },
    async (req, reply) => {
      const items = await batchSummary(ctx.store, req.owner, req.params.batch_id);
      if (!items) return sendNull(reply, 404);
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(items));
    },
  );
}

/** One job's summary: the web console's job page shows the best route's score with the routes. */
export function jobSummaryRoute(app: FastifyInstance, ctx: ApiContext): void {
  const path = '/jobs/{job_id}/summary';
  app.get<{ Params: { job_id: string } }>(
    fastifyPath(path),
    { schema: routeSchema('/jobs/{job_id}', 'get') },
    async (req, reply) => {
      const job = await ctx.store.getJob(req.owner, req.params.job_id);
      return job ? summaryItem(job) : sendNull(reply, 404);
    },
  );
}

export async function batchSummary(
  store: Store,
  owner: string,
  batchId: string,
): Promise<SummaryItem[] | undefined> {
  const pages = await resultPages(store, owner, batchId);
  if (!pages) return undefined;
  const out: SummaryItem[] = [];
  for await (const rows of pages)
    for (let i = 0; i < rows.length; i += CHUNK) {
      const ids = rows.slice(i, i + CHUNK).map(([jobId]) => jobId);
      const jobs = await Promise.all(ids.map((id) => store.getJob(owner, id)));
      for (const job of jobs) if (job) out.push(summaryItem(job));
      await new Promise((resolve) => setImmediate(resolve));
    }
  return out;
}

export function summaryItem(job: JobDetail): SummaryItem {
  const s = job.summary;
  const best = job.routes[0];
  // 'canceled' arrives with the batch lifecycle; a canceled job is finished too.
  const done = (FINISHED as readonly string[]).includes(job.status);
  return {
    compound_id: job.compoundId,
    job_id: job.id,
    smiles: job.query,
    status: job.status,
    completed: done,
    synthesizable: job.synthesizable === true,
    score: s?.score ?? null,
    certainty: s?.certainty ?? null,
    price: s?.price ?? null,
    steps: s?.reactionCount ?? null,
    routes: job.routes.length,
    best_route: best?.reactionSmiles ?? null,
    best_route_reactions: best ? best.steps.map((st) => st.reactionSmiles) : [],
    error: job.error?.code ?? null,
  };
}
