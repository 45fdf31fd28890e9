/**
 * Routes that take no body (GET, DELETE, PATCH actions, POSTs without a
 * payload) answer as usual when a client sends `Content-Type:
 * application/json` with an empty body, as many clients do on every request
 * (the batch-scoring document's DELETE example among them): the JSON parser
 * would refuse the empty body, so the header is dropped when there is nothing
 * to parse.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';

async function dropEmptyBodyType(req: FastifyRequest): Promise<void> {
  const length = req.headers['content-length'];
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (length === '0' || (length === undefined && !chunked)) delete req.headers['content-type'];
}

/** Applies to every route registered after it whose schema has no body. */
export function tolerateEmptyBodies(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if ((route.schema as { body?: unknown } | undefined)?.body) return;
    const existing = route.onRequest;
    route.onRequest = [
      dropEmptyBodyType,
      ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]),
    ] as RouteOptions['onRequest'];
  });
}
