/** Health, metrics and the OpenAPI document: open without a token. */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
  const probe = dataDirProbe(ctx.dataDir);
  app.get('/health', open, async () => {
    const writable = await probe();
    // Degraded while this process's RDKit is being replaced after an abort, or the disk fails.
    const degraded = rdkitStatus().state === 'restarting' || !writable;
    return {
      status: degraded ? 'degraded' : 'ok',
      data_dir: writable ? 'writable' : 'unwritable',
      chemistry: rdkitStatus(),
      version,
      workers: ctx.workerSlots,
      queued_jobs: (await ctx.store.queueStats()).queued,
    };
  });
  app.get('/metrics', open, async (_req, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
  app.get('/openapi.json', open, async () => document);
}

/** How long one check of the data directory answers /health (it writes a file). */
const PROBE_TTL_MS = 2_000;

/** Whether a file can be written in the data directory (full disk, read-only mount, removed volume). */
function dataDirProbe(dataDir: string): () => Promise<boolean> {
  let last: { at: number; ok: boolean } | undefined;
  const file = join(dataDir, `.health-${process.pid}`);
  return async () => {
    if (last && Date.now() - last.at < PROBE_TTL_MS) return last.ok;
    let ok = true;
    try {
      await writeFile(file, 'ok');
      await rm(file, { force: true });
    } catch {
      ok = false;
    }
    last = { at: Date.now(), ok };
    return ok;
  };
}
