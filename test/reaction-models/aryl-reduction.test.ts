/**
 * One-step aryl reductions no reagent performs (issue 13): a phenol's OH or an
 * unactivated aryl fluoride's F replaced by hydrogen, or several substituents
 * not all halides removed at once, is flagged; aryl chlorides, bromides and
 * triflates (hydrogenolysis), anilines (diazotization), activated fluorides,
 * fluoropyridines, deprotections and steps that keep the OH or F pass.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalSmiles, loadRDKit } from '../../src/chem/index.js';
import { DEFAULT_ENGINE_ID, engine } from '../../src/engine/index.js';
import { ENGINES, loadEngine } from '../../src/engine/engine.js';
import { ArylReductionCheck } from '../../src/reaction-models/aryl-reduction.js';

const FACTOR = 0.02;
let check: ArylReductionCheck;
beforeAll(async () => {
  await loadRDKit();
  check = new ArylReductionCheck(FACTOR);
});

const canon = (s: string) => canonicalSmiles(s) as string;
const judge = (product: string, precursors: string[]) =>
  check.judge(canon(product), precursors.map(canon));

const TRIAMTERENE = 'Nc1nc(N)c2nc(-c3ccccc3)c(N)nc2n1';
const FLUORO_TRIAMTERENE = 'Nc1nc(N)c2nc(-c3ccc(F)cc3)c(N)nc2n1';

describe('aryl substituents reduced off in one step', () => {
  it.each([
    ['triamterene from its 4-fluorophenyl analogue', TRIAMTERENE, [FLUORO_TRIAMTERENE], /fluoride/],
    [
      'an anisole from a fluoroanisole, with hydrogen',
      'COc1ccccc1CCO',
      ['COc1ccc(F)cc1CCO', '[H][H]'],
      /fluoride/,
    ],
    ['biphenyl from 4-phenylphenol', 'c1ccc(-c2ccccc2)cc1', ['Oc1ccc(-c2ccccc2)cc1'], /phenol/],
    [
      'benzocaine from a hydroxy benzocaine',
      'CCOC(=O)c1ccc(N)cc1',
      ['CCOC(=O)c1ccc(N)c(O)c1'],
      /phenol/,
    ],
    [
      'a chlorobenzene from a chlorofluorobenzene',
      'Clc1ccc(CN)cc1',
      ['NCc1ccc(Cl)c(F)c1'],
      /fluoride/,
    ],
    [
      '2-methoxybenzamide from cisapride',
      'COc1ccccc1C(N)=O',
      ['COc1cc(N)c(Cl)cc1C(=O)N[C@H]1CCN(CCCOc2ccc(F)cc2)C[C@H]1OC'],
      /several aryl substituents/,
    ],
    ['benzene from catechol', 'c1ccccc1', ['Oc1ccccc1O'], /several aryl substituents/],
    ['quinoline from a quinolinol', 'c1ccc2ncccc2c1', ['Oc1ccc2ncccc2c1'], /phenol/],
  ])('flags %s', (_name, product, precursors, problem) => {
    expect(judge(product, precursors)).toEqual({
      factor: FACTOR,
      problems: [expect.stringMatching(problem)],
    });
  });

  it.each([
    // Hydrogenolysis of heavier halides and of a triflate is recorded chemistry.
    ['an aryl chloride hydrogenolysed', 'Cc1ccccc1N', ['Cc1ccc(Cl)cc1N', '[H][H]']],
    ['an aryl bromide reduced', 'COc1ccccc1', ['COc1ccc(Br)cc1']],
    ['a dichloropyrimidine reduced', 'Cc1cncnc1', ['Cc1c(Cl)ncnc1Cl']],
    ['a bromochloroarene reduced', 'Cc1ccccc1C#N', ['Cc1c(Cl)ccc(Br)c1C#N']],
    ['a phenol triflate reduced', 'c1ccc(-c2ccccc2)cc1', ['O=S(=O)(Oc1ccc(-c2ccccc2)cc1)C(F)(F)F']],
    // Diazotization and hypophosphorous acid remove an amino group in one pot.
    ['an aniline deaminated', 'Cc1cccc(C)c1', ['Cc1cc(C)cc(N)c1']],
    // A hydride does displace a fluoride that an acceptor activates; pyridines are not judged.
    ['4-fluoronitrobenzene reduced', 'O=[N+]([O-])c1ccccc1', ['O=[N+]([O-])c1ccc(F)cc1']],
    ['a pentafluorophenyl reduced', 'Fc1cc(F)c(F)c(C#N)c1F', ['N#Cc1c(F)c(F)c(F)c(F)c1F']],
    ['a fluoropyridine reduced', 'c1ccc(-c2ccccn2)cc1', ['Fc1ccc(-c2ccccc2)nc1']],
    // Deprotections and reductions that leave the ring's CHs as they were.
    ['a Boc group removed', 'Nc1ccc(O)cc1', ['CC(C)(C)OC(=O)Nc1ccc(O)cc1']],
    ['a nitroarene reduced', 'Nc1ccccc1O', ['O=[N+]([O-])c1ccccc1O']],
    // The OH or F stays: demethylation gives the phenol, an acylation keeps the fluorine.
    ['an anisole demethylated', 'Oc1ccccc1', ['COc1ccccc1']],
    ['a fluoroaniline acylated', 'CC(=O)Nc1ccc(F)cc1', ['Nc1ccc(F)cc1', 'CC(=O)Cl']],
    // A benzylic alcohol's OH is not a phenol's.
    ['a benzyl alcohol reduced', 'Cc1ccccc1', ['OCc1ccccc1']],
  ])('passes %s', (_name, product, precursors) => {
    expect(judge(product, precursors)).toEqual({ factor: 1, problems: [] });
  });

  it('the default engine penalizes the defluorination to triamterene that its library proposes', () => {
    const product = canon(TRIAMTERENE);
    const fluoride = canon(FLUORO_TRIAMTERENE);
    const step = (e: { model: ReturnType<typeof loadEngine>['model'] }) =>
      e.model.expand(product).find((c) => c.precursors.includes(fluoride));
    const judged = step(engine(DEFAULT_ENGINE_ID)!);
    const unjudged = step(loadEngine({ ...ENGINES[0], arylReductions: null }));
    expect(unjudged?.concerns ?? []).toEqual([]);
    expect(judged?.concerns).toEqual([expect.stringMatching(/aryl fluoride reduced/)]);
    expect(judged!.prior).toBeLessThan(unjudged!.prior * 0.1);
  });
});
