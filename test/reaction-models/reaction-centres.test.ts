/**
 * Steps that do two unrelated transformations at once (issue 13): the default
 * engine penalizes them as strongly as a selectivity error. Benzocaine "made"
 * in one step from ethanol and 4-nitrobenzoic acid (esterification and nitro
 * reduction) was route 4 of five in a new-user pass; the Fischer
 * esterification of 4-aminobenzoic acid and the nitro reduction of the ester
 * are the single steps.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalSmiles, loadRDKit } from '../../src/chem/index.js';
import { DEFAULT_ENGINE_ID, engine } from '../../src/engine/index.js';
import { ENGINES, loadEngine } from '../../src/engine/engine.js';
import type { ReactionModel } from '../../src/reaction-models/reaction-model.js';

const canon = (s: string) => canonicalSmiles(s) as string;

beforeAll(async () => {
  await loadRDKit();
});

describe('two transformations in one step', () => {
  it('the default engine penalizes benzocaine from ethanol and 4-nitrobenzoic acid, not its single steps', () => {
    const product = canon('CCOC(=O)c1ccc(N)cc1');
    const step = (model: ReactionModel, precursors: string[]) => {
      const key = precursors.map(canon).sort().join('.');
      return model.expand(product).find((c) => c.precursors.join('.') === key);
    };
    const judged = engine(DEFAULT_ENGINE_ID)!.model;
    const unjudged = loadEngine({ ...ENGINES[0], separateTransformations: null }).model;

    const twoInOne = ['CCO', 'O=C(O)c1ccc([N+](=O)[O-])cc1'];
    expect(step(unjudged, twoInOne)?.concerns ?? []).toEqual([]);
    expect(step(judged, twoInOne)?.concerns).toEqual([
      expect.stringMatching(/two unrelated transformations/),
    ]);
    expect(step(judged, twoInOne)!.prior).toBeLessThan(step(unjudged, twoInOne)!.prior * 0.1);

    for (const single of [['CCO', 'Nc1ccc(C(=O)O)cc1'], ['CCOC(=O)c1ccc([N+](=O)[O-])cc1']]) {
      const proposed = step(judged, single);
      expect(proposed).toBeDefined();
      expect(proposed!.concerns ?? []).toEqual([]);
    }
  });
});
