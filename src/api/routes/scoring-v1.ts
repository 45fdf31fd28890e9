/**
 * The batch-scoring API v1 (`/api/v1/batch-search…`) on top of Retro v2
 * batches: a request is a batch (same queue, counters, results cache and
 * lifecycle) whose jobs run with one route wanted, the default engine and
 * library, and the request's starting materials, exploratory flag and detail
 * level as run options.
 */
import type { FastifyInstance } from 'fastify';
import { DEFAULTS, Parameters } from '../../contract/index.js';
import { hyphenated } from '../../store/ids.js';
import type { BatchRecord } from '../../store/types.js';
import type { ApiContext } from '../context.js';
import { sendNull, sendValidationError } from '../errors.js';
import { fastifyPath, routeSchema } from '../openapi.js';
import { resolveParameters, unknownIdsMessage } from '../params.js';
import { scoringFields, scoringItemsJson } from '../scoring-format.js';
import { queuedJobsProblem, sendQuotaExceeded } from '../quotas.js';

/** The engine's default building-block library. */
const DEFAULT_LIBRARY = 'default';

/** Result rows read at a time (100,000 rows take a few hundred ms; status polls go between pages). */
const PAGE = 5_000;

interface CreateBody {
  targets: string[];
  startingMaterials?: string[];
  priority: number;
  params?: { exploratorySearch?: boolean; detailLevel?: 'score' | 'synthesis' };
}

interface IdParams {
  id: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The batch-scoring API shows the batch's UUID hyphenated, as its examples do. */
function searchResource(batch: BatchRecord): object {
  return {
    id: hyphenated(batch.id),
    size: batch.counts.total,
    createdAt: iso(batch.created),
    updatedAt: iso(batch.updated),
  };
}

function scoringParameters(ctx: ApiContext, exploratory: boolean): Parameters {
  return {
    retrosynthesis_engine: ctx.engines.defaultId ?? ctx.engines.list()[0].id,
    building_block_libraries: [DEFAULT_LIBRARY],
    number_of_routes: DEFAULTS.batchScoring.number_of_routes,
    processing_time:
      DEFAULTS.batchScoring.processing_time[exploratory ? 'exploratory' : 'standard'],
    building_block_limit: DEFAULTS.parameters.building_block_limit,
    reaction_limit: DEFAULTS.parameters.reaction_limit,
  };
}

export function scoringRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const create = '/api/v1/batch-search';
  app.post<{ Body: CreateBody }>(
    create,
    { schema: routeSchema(create, 'post') },
    async (req, reply) => {
      const body = req.body;
      const targets = [...new Set(body.targets)];
      if (targets.length > ctx.maxBatchJobs) return sendNull(reply, 413);
      const exploratory = body.params?.exploratorySearch ?? false;
      const detailLevel = body.params?.detailLevel ?? 'score';
      const parameters = scoringParameters(ctx, exploratory);
      const resolved = await resolveParameters(ctx, req.owner, parameters, ['parameters']);
      if (!resolved.ok)
        return sendValidationError(
          req,
          reply,
          resolved.details,
          unknownIdsMessage(resolved.details),
        );
      const quota = await queuedJobsProblem(ctx.store, ctx.quotas, req.owner, targets.length);
      if (quota) return sendQuotaExceeded(req, reply, quota);
      const materials = [...new Set(body.startingMaterials ?? [])];
      const batch = await ctx.store.createBatch({
        owner: req.owner,
        name: null,
        description: null,
        filename: null,
        parameters,
        paramSet: {
          ...resolved.paramSet,
          ...(materials.length ? { startingMaterials: materials } : {}),
          exploratory,
          detailLevel,
        },
        smiles: targets,
        priority: body.priority,
      });
      ctx.notifyQueued();
      return searchResource(batch);
    },
  );

  const one = '/api/v1/batch-search/{id}';
  app.get<{ Params: IdParams }>(
    fastifyPath(one),
    { schema: routeSchema(one, 'get') },
    async (req, reply) => {
      const batch = await ctx.store.getBatch(req.owner, req.params.id);
      if (!batch) return sendNull(reply, 404);
      const c = batch.counts;
      return {
        queued: c.submitted,
        running: c.processing,
        finished: c.completed,
        error: c.failed + c.canceled,
      };
    },
  );

  app.delete<{ Params: IdParams }>(
    fastifyPath(one),
    { schema: routeSchema(one, 'delete') },
    async (req, reply) => {
      const batch = await ctx.store.deleteBatch(req.owner, req.params.id);
      if (!batch) return sendNull(reply, 404);
      ctx.notifyStopped();
      return searchResource(batch);
    },
  );

  const result = '/api/v1/batch-search-result/{id}';
  app.get<{ Params: IdParams; Querystring: { only?: string[]; precision?: number } }>(
    fastifyPath(result),
    { schema: routeSchema(result, 'get') },
    async (req, reply) => {
      const batch = await ctx.store.getBatch(req.owner, req.params.id);
      if (!batch) return sendNull(reply, 404);
      const synthesis = batch.runOptions.detailLevel === 'synthesis';
      const format = {
        fields: scoringFields(req.query.only, synthesis),
        precision: req.query.precision,
      };
      const parts: string[] = [];
      for (let after = 0; ;) {
        const page = await ctx.store.scoringRows(req.owner, batch.id, { after, limit: PAGE });
        if (!page) return sendNull(reply, 404);
        if (page.rows.length) parts.push(scoringItemsJson(page.rows, format));
        if (page.next === null) break;
        after = page.next;
        // Other requests (status polls) are served between pages.
        await new Promise((r) => setImmediate(r));
      }
      return reply.type('application/json; charset=utf-8').send(`[${parts.join(',')}]`);
    },
  );
}
