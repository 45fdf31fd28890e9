/**
 * `POST /molecules/check`: which of a list of SMILES cannot be planned, and
 * why in words (the contract's SMILES rules, then RDKit), before they are
 * submitted. The web console checks what is pasted or loaded with it, so that
 * bad lines are reported with their line numbers and the rest goes in, as
 * `synroute batch submit` does with the file it reads. Work is done a slice
 * at a time, so other requests are answered meanwhile.
 */
import type { FastifyInstance } from 'fastify';
import { loadRDKit } from '../../chem/index.js';
import type { ApiContext } from '../context.js';
import { targetProblem } from '../../formats/smiles-input.js';

/** Most SMILES per request: the console checks larger lists as text only. */
export const MAX_CHECKED = 20_000;
const SLICE = 200;

const body = {
  type: 'object',
  required: ['smiles'],
  additionalProperties: false,
  properties: {
    smiles: { type: 'array', minItems: 1, maxItems: MAX_CHECKED, items: { type: 'string' } },
  },
};

export interface CheckProblem {
  /** 0-based position in the list sent. */
  index: number;
  message: string;
}

export async function moleculeCheckRoute(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  await loadRDKit();
  app.post<{ Body: { smiles: string[] } }>(
    '/molecules/check',
    { schema: { body } },
    async (req) => {
      const problems: CheckProblem[] = [];
      const list = req.body.smiles;
      for (let start = 0; start < list.length; start += SLICE) {
        list.slice(start, start + SLICE).forEach((smiles, k) => {
          const message = targetProblem(smiles, ctx.maxSmilesLength);
          if (message) problems.push({ index: start + k, message });
        });
        await new Promise((resolve) => setImmediate(resolve));
      }
      return { checked: list.length, problems };
    },
  );
}
