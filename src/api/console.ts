/**
 * The web console: static files from web/ (index at `/`, assets under
 * `/console/`), open without a token because signing in happens in the page;
 * plus the API routes only the console and the CLI client need (pictures and
 * batch summaries). A strict Content-Security-Policy keeps the page from ever
 * reaching another host.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { packageRoot } from '../util/paths.js';
import type { ApiContext } from './context.js';
import { addConsoleDocs } from './openapi-console.js';
import { batchSummaryRoute, jobSummaryRoute } from './routes/batch-summary.js';
import { depictRoutes } from './routes/depict.js';
import { moleculeCheckRoute } from './routes/molecule-check.js';
import { routePictureRoute } from './routes/route-picture.js';

const CSP = [
  "default-src 'self'",
  // RDKit's SVG carries style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export async function consoleRoutes(
  app: FastifyInstance,
  ctx: ApiContext,
  document: Record<string, unknown>,
  options: { depictTimeoutMs?: number } = {},
): Promise<void> {
  addConsoleDocs(document);
  batchSummaryRoute(app, ctx);
  jobSummaryRoute(app, ctx);
  const draw = await depictRoutes(app, { timeoutMs: options.depictTimeoutMs });
  routePictureRoute(app, ctx, draw);
  await moleculeCheckRoute(app, ctx);
  const root = join(packageRoot(), 'web');
  if (existsSync(join(root, 'index.html'))) await app.register(staticFiles, { root });
}

async function staticFiles(scope: FastifyInstance, opts: { root: string }): Promise<void> {
  // Routes registered in this scope only: the page itself needs no token.
  scope.addHook('onRoute', (route) => {
    route.config = { ...(route.config as object), public: true } as typeof route.config;
  });
  scope.addHook('onSend', async (_req, reply) => {
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
  });
  await scope.register(fastifyStatic, {
    root: opts.root,
    prefix: '/console/',
    // One route per file found at start: unknown paths keep the API's JSON 404.
    wildcard: false,
    index: false,
    cacheControl: true,
    maxAge: 0,
  });
  scope.get('/', (_req, reply) => reply.sendFile('index.html'));
}
