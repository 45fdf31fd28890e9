/** The spec's Jobs: GET/POST /jobs, GET/DELETE /jobs/{job_id}. */
import type { FastifyInstance } from 'fastify';
import type { Parameters } from '../../contract/index.js';
import type { JobStatus } from '../../store/types.js';
import type { ApiContext } from '../context.js';
import { sendNull, sendValidationError } from '../errors.js';
import { fastifyPath, routeSchema } from '../openapi.js';
import { resolveParameters, unknownIdsMessage } from '../params.js';
import { JobResource, jobResource, listResource } from '../resources.js';
import { queuedJobsProblem, sendQuotaExceeded } from '../quotas.js';
import { aizynthTarget } from '../../formats/aizynth.js';

interface ListQuery {
  'page-number': number;
  'page-size': number;
  status: JobStatus | 'none';
}

interface CreateBody {
  query: string;
  parameters: Parameters;
}

interface JobParams {
  job_id: string;
}

export function jobRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: ListQuery }>(
    '/jobs',
    { schema: routeSchema('/jobs', 'get') },
    async (req) => {
      const q = req.query;
      const page = await ctx.store.listJobs(req.owner, {
        page: q['page-number'],
        size: q['page-size'],
        status: q.status === 'none' ? undefined : q.status,
      });
      return listResource(page, jobResource);
    },
  );

  app.post<{ Body: CreateBody }>(
    '/jobs',
    { schema: routeSchema('/jobs', 'post') },
    async (req, reply) => {
      const { query, parameters } = req.body;
      const resolved = await resolveParameters(ctx, req.owner, parameters, ['body', 'parameters']);
      if (!resolved.ok)
        return sendValidationError(
          req,
          reply,
          resolved.details,
          unknownIdsMessage(resolved.details),
        );
      const quota = await queuedJobsProblem(ctx.store, ctx.quotas, req.owner, 1);
      if (quota) return sendQuotaExceeded(req, reply, quota);
      const job = await ctx.store.createJob({
        owner: req.owner,
        query,
        parameters,
        paramSet: resolved.paramSet,
      });
      ctx.notifyQueued();
      return jobResource({ ...job, routes: [], summary: null });
    },
  );

  const one = fastifyPath('/jobs/{job_id}');
  app.get<{ Params: JobParams; Querystring: { format?: 'retro-v2' | 'aizynth' } }>(
    one,
    { schema: routeSchema('/jobs/{job_id}', 'get') },
    async (req, reply) => {
      const job = await ctx.store.getJob(req.owner, req.params.job_id);
      if (!job) return sendNull(reply, 404);
      const resource = jobResource(job) as JobResource;
      return req.query.format === 'aizynth' ? aizynthTarget(resource) : resource;
    },
  );

  app.delete<{ Params: JobParams }>(
    one,
    { schema: routeSchema('/jobs/{job_id}', 'delete') },
    async (req, reply) => {
      const result = await ctx.store.deleteJob(req.owner, req.params.job_id);
      if (result.outcome === 'not_found') return sendNull(reply, 404);
      if (result.outcome === 'in_progress') return sendNull(reply, 409);
      return jobResource(result.job);
    },
  );
}
