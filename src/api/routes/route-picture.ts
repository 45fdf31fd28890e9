/**
 * `GET /jobs/{job_id}/routes/{route}.svg`: one route of a job as a single SVG
 * picture (target to building blocks, every step labelled), for the console's
 * download button and anyone saving route pictures. Routes are numbered from 1
 * as the console and `synroute job show` number them.
 */
import type { FastifyInstance } from 'fastify';
import { routeSvg } from '../../formats/route-picture.js';
import type { ApiContext } from '../context.js';
import { ID_PATTERN } from '../openapi-ids.js';
import { sendNull } from '../errors.js';
import type { Drawer } from './depict.js';

export const ROUTE_PICTURE_PATH = '/jobs/{job_id}/routes/{route}.svg';

const params = {
  type: 'object',
  required: ['job_id', 'route'],
  properties: {
    job_id: { type: 'string', pattern: ID_PATTERN, minLength: 1, maxLength: 255 },
    route: { type: 'integer', minimum: 1, maximum: 50 },
  },
};

/** Molecules are drawn by the /depict thread (`draw`), with its cache and time limit. */
export function routePictureRoute(app: FastifyInstance, ctx: ApiContext, draw: Drawer): void {
  app.get<{ Params: { job_id: string; route: number } }>(
    '/jobs/:job_id/routes/:route.svg',
    { schema: { params } },
    async (req, reply) => {
      const job = await ctx.store.getJob(req.owner, req.params.job_id);
      const route = job?.routes[req.params.route - 1];
      if (!job || !route) return sendNull(reply, 404);
      const title = `Route ${req.params.route} of ${job.compoundId ?? job.query}`;
      return reply
        .type('image/svg+xml; charset=utf-8')
        .header('content-disposition', `inline; filename="${job.id}-route-${req.params.route}.svg"`)
        .header('x-content-type-options', 'nosniff')
        .send(
          await routeSvg(route, title, (smiles, width, height) =>
            draw({ kind: 'molecule', smiles, width, height }),
          ),
        );
    },
  );
}
