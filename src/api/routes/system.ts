/** Health, metrics and the OpenAPI document: open without a token. */
import type { FastifyInstance } from 'fastify';
import { rdkitStatus } from '../../chem/index.js';
import type { ApiContext } from '../context.js';
import type { ServiceMetrics } from '../metrics.js';

export function systemRoutes(
  app: FastifyInstance,
  ctx: ApiContext,
  metrics: ServiceMetrics,
  document: object,
  version: string,
): void {
  const open = { config: { public: true } };
  app.get('/health', open, async () => ({
    // Degraded while this process's RDKit is being replaced after an abort.
    status: rdkitStatus().state === 'restarting' ? 'degraded' : 'ok',
    chemistry: rdkitStatus(),
    version,
    workers: ctx.workerSlots,
    queued_jobs: (await ctx.store.queueStats()).queued,
  }));
  app.get('/metrics', open, async (_req, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
  app.get('/openapi.json', open, async () => document);
}
