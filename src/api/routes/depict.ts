/**
 * Pictures for the web console: `GET /depict/molecule?smiles=` and
 * `GET /depict/reaction?smiles=` answer RDKit SVG. Drawn in a thread of their
 * own (a hundred fragments on a large canvas take a while, and the API thread
 * must keep answering), with a time limit, and kept in an LRU cache bounded by
 * bytes, because a route page asks for the same building blocks over and over.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { workerPool } from '../../util/worker-pool.js';
import type { DepictTask } from '../../chem/depict-worker.js';
import { ByteLruCache, stringBytes } from '../../util/byte-lru.js';
import { siblingWorker } from '../../util/paths.js';
import { errorBody, sendValidationError } from '../errors.js';

export const DEPICT_LIMITS = {
  maxSmilesLength: 2000,
  minSize: 50,
  maxSize: 1200,
  /** Drawing time of one picture, ms; longer ones are stopped and refused. */
  timeoutMs: 5_000,
  /** Memory of the picture cache. */
  cacheBytes: 16 * 1024 * 1024,
  /** Pictures waiting for the drawing thread; more are answered 503. */
  maxQueue: 64,
};

interface DepictQuery {
  smiles: string;
  width?: number;
  height?: number;
}

const querySchema = (defaultWidth: number, defaultHeight: number) => ({
  querystring: {
    type: 'object',
    required: ['smiles'],
    additionalProperties: false,
    properties: {
      smiles: { type: 'string', minLength: 1, maxLength: DEPICT_LIMITS.maxSmilesLength },
      width: {
        type: 'integer',
        minimum: DEPICT_LIMITS.minSize,
        maximum: DEPICT_LIMITS.maxSize,
        default: defaultWidth,
      },
      height: {
        type: 'integer',
        minimum: DEPICT_LIMITS.minSize,
        maximum: DEPICT_LIMITS.maxSize,
        default: defaultHeight,
      },
    },
  },
});

class DepictionTimeout extends Error {}
class DepictionBusy extends Error {}

/** Draws one picture in the depiction thread (cached); null when RDKit cannot draw it. */
export type Drawer = (task: DepictTask) => Promise<string | null>;

/** The /depict routes; the drawer they use is returned for other pictures (whole routes). */
export async function depictRoutes(
  app: FastifyInstance,
  options: { timeoutMs?: number } = {},
): Promise<Drawer> {
  const timeoutMs = options.timeoutMs ?? DEPICT_LIMITS.timeoutMs;
  const pool = workerPool(siblingWorker(import.meta.url, '../../chem/depict-worker.js'), {
    minThreads: 1,
    maxThreads: 1,
    maxQueue: DEPICT_LIMITS.maxQueue,
    // The thread keeps its RDKit instance between pictures.
    idleTimeout: Number.MAX_SAFE_INTEGER,
  });
  // A thread stopped for taking too long is replaced; nothing else to report.
  pool.on('error', () => undefined);
  app.addHook('onClose', () => pool.destroy());
  const cache = new ByteLruCache<string, string | null>(
    DEPICT_LIMITS.cacheBytes,
    (svg, key) => stringBytes(key) + stringBytes(svg ?? ''),
  );
  const draw = async (task: DepictTask): Promise<string | null> => {
    const key = `${task.kind}|${task.width}|${task.height}|${task.smiles}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    if (pool.queueSize >= DEPICT_LIMITS.maxQueue) throw new DepictionBusy();
    let svg: string | null;
    try {
      svg = (await pool.run(task, { signal: AbortSignal.timeout(timeoutMs) })) as string | null;
    } catch (e) {
      if ((e as Error).name === 'AbortError' || (e as Error).name === 'TimeoutError')
        throw new DepictionTimeout();
      throw e;
    }
    cache.set(key, svg);
    return svg;
  };

  const handler =
    (kind: 'molecule' | 'reaction') =>
    async (req: FastifyRequest<{ Querystring: DepictQuery }>, reply: FastifyReply) => {
      const q = req.query as Required<DepictQuery>;
      const wrongShape = kind === 'molecule' ? /[>\s]/.test(q.smiles) : !q.smiles.includes('>');
      let svg: string | null = null;
      try {
        if (!wrongShape) svg = await draw({ kind, ...q });
      } catch (e) {
        if (e instanceof DepictionBusy)
          return reply
            .code(503)
            .header('retry-after', '1')
            .send(
              errorBody(req, 503, 'depiction_busy', 'Too many pictures waiting; retry shortly.'),
            );
        if (!(e instanceof DepictionTimeout)) throw e;
        return sendValidationError(req, reply, [
          {
            location: ['query', 'smiles'],
            error_type: 'depiction_timeout',
            message: `Drawing this ${kind} took longer than ${timeoutMs} ms.`,
          },
        ]);
      }
      if (svg === null)
        return sendValidationError(req, reply, [
          {
            location: ['query', 'smiles'],
            error_type: kind === 'molecule' ? 'invalid_smiles' : 'invalid_reaction_smiles',
            message: `RDKit cannot draw this ${kind} SMILES.`,
            input: q.smiles.slice(0, 200),
          },
        ]);
      return sendSvg(req, reply, svg);
    };

  app.get('/depict/molecule', { schema: querySchema(300, 200) }, handler('molecule'));
  app.get('/depict/reaction', { schema: querySchema(600, 200) }, handler('reaction'));
  return draw;
}

function sendSvg(req: FastifyRequest, reply: FastifyReply, svg: string): FastifyReply {
  const etag = `"${createHash('sha1').update(svg).digest('base64url')}"`;
  // Pictures depend only on the query (and the RDKit version), so browsers may keep
  // them; `private` because the request carried a token.
  reply.header('cache-control', 'private, max-age=86400').header('etag', etag);
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply
    .type('image/svg+xml; charset=utf-8')
    .header('x-content-type-options', 'nosniff')
    .send(svg);
}
