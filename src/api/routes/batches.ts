/**
 * The spec's Batches: list, create, retrieve, append (PUT), delete, status and
 * result. Duplicate SMILES are dropped (first occurrence kept; with compound
 * ids, duplicate SMILES-and-id pairs); a batch never
 * holds more than `maxBatchJobs` jobs (413). Lifecycle additions: tags (and
 * the list filter), priority, webhook, auto_complete; appends to a completed
 * or canceled batch answer 409.
 */
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { Parameters } from '../../contract/index.js';
import { BatchClosedError, BatchLimitError, uniqueTargets } from '../../store/types.js';
import type { ApiContext } from '../context.js';
import { sendNull, sendValidationError } from '../errors.js';
import { fastifyPath, routeSchema } from '../openapi.js';
import { resolveParameters, unknownIdsMessage } from '../params.js';
import {
  batchDetailResource,
  batchResource,
  batchStatusResource,
  listResource,
} from '../resources.js';
import { queuedJobsProblem, sendQuotaExceeded } from '../quotas.js';
import { resultJson, resultPages } from './batch-result.js';

const gzipAsync = promisify(gzip);

interface ListQuery {
  'created-before'?: string | null;
  'created-after'?: string | null;
  size: number;
  tag?: string[];
}

interface CreateBody {
  smiles: string[];
  compound_ids?: (string | null)[];
  parameters: Parameters;
  name?: string | null;
  description?: string | null;
  filename?: string | null;
  tags?: string[];
  priority: number;
  webhook?: string | null;
  auto_complete: boolean;
}

interface BatchParams {
  batch_id: string;
}

/** The targets of a create or append body, or why `compound_ids` does not fit `smiles`. */
function bodyTargets(body: { smiles: string[]; compound_ids?: (string | null)[] }) {
  const ids = body.compound_ids;
  if (ids && ids.length !== body.smiles.length)
    return {
      problem: {
        location: ['body', 'compound_ids'],
        error_type: 'length_mismatch',
        message: `${ids.length} compound ids for ${body.smiles.length} SMILES: give one per SMILES (null where none)`,
      },
    };
  const targets = uniqueTargets(body.smiles, ids);
  return {
    smiles: targets.map((t) => t.smiles),
    compoundIds: ids ? targets.map((t) => t.compoundId) : undefined,
  };
}

export function batchRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: ListQuery }>(
    '/batches',
    { schema: routeSchema('/batches', 'get') },
    async (req) => {
      const q = req.query;
      const page = await ctx.store.listBatches(req.owner, {
        size: q.size,
        createdBefore: q['created-before'] ?? undefined,
        createdAfter: q['created-after'] ?? undefined,
        tags: q.tag,
      });
      return listResource(page, batchResource);
    },
  );

  app.post<{ Body: CreateBody }>(
    '/batches',
    { schema: routeSchema('/batches', 'post') },
    async (req, reply) => {
      const body = req.body;
      const { smiles, compoundIds, problem } = bodyTargets(body);
      if (problem) return sendValidationError(req, reply, [problem], problem.message);
      if (smiles.length > ctx.maxBatchJobs) return sendNull(reply, 413);
      const urlProblem = body.webhook ? ctx.webhookPolicy.urlProblem(body.webhook) : undefined;
      if (urlProblem)
        return sendValidationError(
          req,
          reply,
          [{ location: ['body', 'webhook'], error_type: 'url_invalid', message: urlProblem }],
          `webhook: ${urlProblem}.`,
        );
      const resolved = await resolveParameters(ctx, req.owner, body.parameters, [
        'body',
        'parameters',
      ]);
      if (!resolved.ok)
        return sendValidationError(
          req,
          reply,
          resolved.details,
          unknownIdsMessage(resolved.details),
        );
      const quota = await queuedJobsProblem(ctx.store, ctx.quotas, req.owner, smiles.length);
      if (quota) return sendQuotaExceeded(req, reply, quota);
      const batch = await ctx.store.createBatch({
        owner: req.owner,
        name: body.name ?? null,
        description: body.description ?? null,
        filename: body.filename ?? null,
        parameters: body.parameters,
        paramSet: resolved.paramSet,
        smiles,
        compoundIds,
        tags: body.tags,
        priority: body.priority,
        webhook: body.webhook ?? null,
        autoComplete: body.auto_complete,
      });
      // The secret exists before the first event, so it can be fetched in time to verify it.
      if (body.webhook) await ctx.webhookSecrets.ensure(req.owner);
      ctx.notifyQueued();
      return batchResource(batch);
    },
  );

  const one = '/batches/{batch_id}';
  app.get<{ Params: BatchParams }>(
    fastifyPath(one),
    { schema: routeSchema(one, 'get') },
    async (req, reply) => {
      const batch = await ctx.store.getBatch(req.owner, req.params.batch_id);
      if (!batch) return sendNull(reply, 404);
      const deliveries = await ctx.store.webhookDeliveries(req.owner, batch.id);
      return batchDetailResource(batch, deliveries ?? []);
    },
  );

  app.put<{ Params: BatchParams; Body: { smiles: string[]; compound_ids?: (string | null)[] } }>(
    fastifyPath(one),
    { schema: routeSchema(one, 'put') },
    async (req, reply) => {
      const batch = await ctx.store.getBatch(req.owner, req.params.batch_id);
      if (!batch) return sendNull(reply, 404);
      if (batch.closedAt !== null) return sendNull(reply, 409);
      const { smiles, compoundIds, problem } = bodyTargets(req.body);
      if (problem) return sendValidationError(req, reply, [problem], problem.message);
      if (smiles.length > ctx.maxBatchJobs) return sendNull(reply, 413);
      // Appended jobs run with the engine and library versions installed now.
      const resolved = await resolveParameters(ctx, req.owner, batch.parameters, ['parameters']);
      if (!resolved.ok)
        return sendValidationError(
          req,
          reply,
          resolved.details,
          unknownIdsMessage(resolved.details),
        );
      const quota = await queuedJobsProblem(ctx.store, ctx.quotas, req.owner, smiles.length);
      if (quota) return sendQuotaExceeded(req, reply, quota);
      // Appended jobs run with the batch's own engine options (batch-scoring batches).
      const options = await ctx.store.batchRunOptions(req.owner, batch.id);
      try {
        const updated = await ctx.store.appendToBatch(
          req.owner,
          batch.id,
          smiles,
          { ...resolved.paramSet, ...options },
          compoundIds,
        );
        if (!updated) return sendNull(reply, 404);
        ctx.notifyQueued();
        return batchResource(updated);
      } catch (e) {
        if (e instanceof BatchLimitError) return sendNull(reply, 413);
        if (e instanceof BatchClosedError) return sendNull(reply, 409);
        throw e;
      }
    },
  );

  app.delete<{ Params: BatchParams }>(
    fastifyPath(one),
    { schema: routeSchema(one, 'delete') },
    async (req, reply) => {
      const batch = await ctx.store.deleteBatch(req.owner, req.params.batch_id);
      if (!batch) return sendNull(reply, 404);
      ctx.notifyStopped();
      return batchResource(batch);
    },
  );

  app.get<{ Params: BatchParams }>(
    fastifyPath(`${one}/status`),
    { schema: routeSchema(`${one}/status`, 'get') },
    async (req, reply) => {
      const batch = await ctx.store.getBatch(req.owner, req.params.batch_id);
      return batch ? batchStatusResource(batch) : sendNull(reply, 404);
    },
  );

  app.get<{ Params: BatchParams }>(
    fastifyPath(`${one}/result`),
    { schema: routeSchema(`${one}/result`, 'get') },
    async (req, reply) => {
      const pages = await resultPages(ctx.store, req.owner, req.params.batch_id);
      if (!pages) return sendNull(reply, 404);
      // The spec: with `accept-encoding: gzip` the result comes as base64 text of the gzipped JSON.
      if (req.headers['accept-encoding']?.trim().toLowerCase() === 'gzip') {
        let json = '';
        for await (const piece of resultJson(pages)) json += piece;
        const packed = await gzipAsync(json);
        return reply.type('text/plain; charset=utf-8').send(packed.toString('base64'));
      }
      // Sent as it is read: the first pages travel while the next are read.
      return reply.type('application/json; charset=utf-8').send(Readable.from(resultJson(pages)));
    },
  );
}
