/**
 * Templates of mis-mapped records, whose precursor gives a lone carbon torn
 * from a carbon, an aryl ether or an amine (issue 13): their steps are
 * penalized as strongly as a selectivity error, once per template, and only
 * for specific templates (a general one omits the neighbours that say so).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalSmiles, loadRDKit } from '../../src/chem/index.js';
import { DEFAULT_ENGINE_ID, engine } from '../../src/engine/index.js';
import { ENGINES, loadEngine } from '../../src/engine/engine.js';
import { LoneAtomDonorCheck } from '../../src/reaction-models/lone-atom-donors.js';
import {
  DEFAULT_MODEL_OPTIONS,
  TemplateReactionModel,
} from '../../src/reaction-models/template-model.js';
import { templateSet } from '../helpers/template-set.js';

const FACTOR = 0.02;
const canon = (s: string) => canonicalSmiles(s) as string;

beforeAll(async () => {
  await loadRDKit();
});

// 2-Phenylpropionic acid: its methyl "from" propionic acid (an artifact), or from methyl iodide.
const ARTIFACT =
  '[CH3;D1;+0:1]-[CH;D3;+0:2](-[c:3])-[C:4](=[O;D1;H0:5])-[OH;D1;+0:6]>>O-C(=O)-C-[CH3;D1;+0:1].[CH2;D2;+0:2](-[c:3])-[C:4](=[O;D1;H0:5])-[OH;D1;+0:6]';
const SOUND =
  '[CH3;D1;+0:1]-[CH;D3;+0:2](-[c:3])-[C:4](=[O;D1;H0:5])-[OH;D1;+0:6]>>I-[CH3;D1;+0:1].[CH2;D2;+0:2](-[c:3])-[C:4](=[O;D1;H0:5])-[OH;D1;+0:6]';

function model(specific: boolean): TemplateReactionModel {
  const smarts = [ARTIFACT, SOUND];
  const policy = { rank: () => smarts.map((_, template) => ({ template, prior: 0.5 })) };
  return new TemplateReactionModel(
    templateSet(smarts, { specific }),
    policy,
    DEFAULT_MODEL_OPTIONS,
    {
      templateJudge: new LoneAtomDonorCheck(FACTOR),
    },
  );
}

describe('one-carbon donors torn from a carbon, an aryl ether or an amine', () => {
  it("penalizes a specific template's steps and names the problem", () => {
    const steps = model(true).expand('CC(C(=O)O)c1ccccc1');
    const sound = steps.find((s) => s.source === 't1')!;
    const artifact = steps.find((s) => s.source === 't0')!;
    expect(sound.precursors).toEqual(['CI', 'O=C(O)Cc1ccccc1']);
    expect(sound.concerns).toBeUndefined();
    expect(artifact.precursors).toEqual(['CCC(=O)O', 'O=C(O)Cc1ccccc1']);
    expect(artifact.concerns).toEqual([expect.stringMatching(/lone carbon .* C-C bond/)]);
    expect(artifact.prior / sound.prior).toBeCloseTo(FACTOR, 6);
  });

  it('leaves general templates alone', () => {
    const steps = model(false).expand('CC(C(=O)O)c1ccccc1');
    expect(steps.map((s) => s.prior)).toEqual([0.5, 0.5]);
    expect(steps.every((s) => !s.concerns)).toBe(true);
  });

  it("the default engine penalizes naproxen's methyl from propionic acid that its library proposes", () => {
    const product = canon('COc1ccc2cc(C(C)C(=O)O)ccc2c1');
    const artifact = [canon('CCC(=O)O'), canon('COc1ccc2cc(CC(=O)O)ccc2c1')].sort();
    const step = (e: { model: ReturnType<typeof loadEngine>['model'] }) =>
      e.model.expand(product).find((c) => c.precursors.join('.') === artifact.join('.'));
    const judged = step(engine(DEFAULT_ENGINE_ID)!);
    const unjudged = step(loadEngine({ ...ENGINES[0], loneAtomDonors: null }));
    expect(unjudged?.concerns ?? []).toEqual([]);
    expect(judged?.concerns).toEqual([expect.stringMatching(/lone carbon/)]);
    expect(judged!.prior).toBeLessThan(unjudged!.prior * 0.1);
  });
});
