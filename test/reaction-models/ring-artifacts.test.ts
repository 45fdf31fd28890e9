/**
 * Templates that change a ring as no reaction does (issue 13): their steps are
 * penalized as strongly as a selectivity error, and template judges sit on one
 * panel that judges each template once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalSmiles, loadRDKit, RetroTemplate } from '../../src/chem/index.js';
import { DEFAULT_ENGINE_ID, engine } from '../../src/engine/index.js';
import { ENGINES, loadEngine } from '../../src/engine/engine.js';
import { TemplateJudge, TemplateJudgePanel } from '../../src/reaction-models/critics.js';
import { LoneAtomDonorCheck } from '../../src/reaction-models/lone-atom-donors.js';
import { RingArtifactCheck } from '../../src/reaction-models/ring-artifacts.js';

const canon = (s: string) => canonicalSmiles(s) as string;

beforeAll(async () => {
  await loadRDKit();
});

// A phenyl "from" a cyclohexyl whose methyl comes from propionic acid: both judges flag it.
const DOUBLE_ARTIFACT =
  '[CH3;D1;+0:7]-[c;H0;D3;+0:1]1:[cH;D2;+0:2]:[cH;D2;+0:3]:[cH;D2;+0:4]:[cH;D2;+0:5]:[cH;D2;+0:6]:1>>O-C(=O)-C-[CH3;D1;+0:7].[CH2;D2;+0:1]1-[CH2;D2;+0:2]-[CH2;D2;+0:3]-[CH2;D2;+0:4]-[CH2;D2;+0:5]-[CH2;D2;+0:6]-1';

describe('ring artifacts of mis-mapped templates', () => {
  it('the panel multiplies its judges’ factors, adds their problems and judges a template once', () => {
    let asked = 0;
    const counting: TemplateJudge = {
      judgeTemplate: (t) => {
        asked++;
        return new RingArtifactCheck(0.1).judgeTemplate(t);
      },
    };
    const panel = new TemplateJudgePanel([new LoneAtomDonorCheck(0.02), counting]);
    const template = new RetroTemplate(DOUBLE_ARTIFACT);
    const verdict = panel.judgeTemplate(template);
    expect(verdict.factor).toBeCloseTo(0.002, 9);
    expect(verdict.problems).toEqual([
      expect.stringMatching(/lone carbon/),
      expect.stringMatching(/aromatic ring made from a precursor ring/),
    ]);
    expect(panel.judgeTemplate(template)).toBe(verdict);
    expect(asked).toBe(1);
  });

  it("the default engine penalizes ketoprofen's benzene ring from 2-benzoylcyclohexanone that its library proposes", () => {
    const product = canon('CC(C(=O)O)c1cccc(C(=O)c2ccccc2)c1');
    const artifact = [canon('CCOC(=O)C(C)=O'), canon('O=C1CCCCC1C(=O)c1ccccc1')].sort();
    const step = (e: { model: ReturnType<typeof loadEngine>['model'] }) =>
      e.model.expand(product).find((c) => c.precursors.join('.') === artifact.join('.'));
    const judged = step(engine(DEFAULT_ENGINE_ID)!);
    const unjudged = step(loadEngine({ ...ENGINES[0], ringArtifacts: null }));
    expect(unjudged?.concerns ?? []).toEqual([]);
    expect(judged?.concerns).toEqual([expect.stringMatching(/aromatic ring made from/)]);
    expect(judged!.prior).toBeLessThan(unjudged!.prior * 0.1);
  });
});
