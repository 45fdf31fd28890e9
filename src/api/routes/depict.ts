/**
 * Pictures for the web console: `GET /depict/molecule?smiles=` and
 * `GET /depict/reaction?smiles=` answer RDKit SVG. Drawn on the API thread
 * (a picture takes about a millisecond) and kept in a small LRU cache,
 * because a route page asks for the same building blocks over and over.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadRDKit, moleculeSvg, reactionSvg } from '../../chem/index.js';
import { sendValidationError } from '../errors.js';

export const DEPICT_LIMITS = { maxSmilesLength: 2000, minSize: 50, maxSize: 1200 };
const CACHE_ENTRIES = 2000;

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

/** Least-recently-used cache: a Map keeps insertion order, so re-inserting marks use. */
class SvgCache {
  private readonly entries = new Map<string, string | null>();
  constructor(private readonly capacity: number) {}

  get(key: string): string | null | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: string | null): void {
    this.entries.set(key, value);
    if (this.entries.size > this.capacity)
      this.entries.delete(this.entries.keys().next().value as string);
  }
}

export async function depictRoutes(app: FastifyInstance): Promise<void> {
  await loadRDKit();
  const cache = new SvgCache(CACHE_ENTRIES);
  const draw = (kind: 'molecule' | 'reaction', q: Required<DepictQuery>): string | null => {
    const key = `${kind}|${q.width}|${q.height}|${q.smiles}`;
    let svg = cache.get(key);
    if (svg === undefined) {
      svg =
        kind === 'molecule'
          ? moleculeSvg(q.smiles, q.width, q.height)
          : reactionSvg(q.smiles, q.width, q.height);
      cache.set(key, svg);
    }
    return svg;
  };

  const handler =
    (kind: 'molecule' | 'reaction') =>
    async (req: FastifyRequest<{ Querystring: DepictQuery }>, reply: FastifyReply) => {
      const q = req.query as Required<DepictQuery>;
      const wrongShape = kind === 'molecule' ? /[>\s]/.test(q.smiles) : !q.smiles.includes('>');
      const svg = wrongShape ? null : draw(kind, q);
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
