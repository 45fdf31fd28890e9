/**
 * Solvents and bases taken as reactants (template artifacts a chemist rejects
 * at a glance, issue 13), the recorded steps in which DMF, dichloromethane and
 * acetone do react, and the check's place among the default engine's judges.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalSmiles, loadRDKit } from '../../src/chem/index.js';
import { DEFAULT_ENGINE_ID, engine } from '../../src/engine/index.js';
import { ENGINES, loadEngine } from '../../src/engine/engine.js';
import { JudgePanel } from '../../src/reaction-models/critics.js';
import { SolventReactantCheck } from '../../src/reaction-models/solvent-reactants.js';

const FACTOR = 0.02;
let check: SolventReactantCheck;
beforeAll(async () => {
  await loadRDKit();
  check = new SolventReactantCheck(FACTOR);
});

const canon = (s: string) => canonicalSmiles(s) as string;
const judge = (product: string, precursors: string[]) =>
  check.judge(canon(product), precursors.map(canon));

describe('a solvent or base taken as a reactant', () => {
  it.each([
    [
      'triethylamine as the methyl source of an N-methylation',
      'CNCC1CCOCC1',
      ['CCN(CC)CC', 'NCC1CCOCC1'],
      /triethylamine taken as a reactant/,
    ],
    [
      'carbonic acid (the record’s K2CO3) as a methylating agent',
      'Cn1cnc2c(Cl)nc(Cl)nc21',
      ['Clc1nc(Cl)c2nc[nH]c2n1', 'OC(=O)O'],
      /carbonic acid taken as a reactant/,
    ],
    [
      'THF as a reactant',
      'Clc1cccc(Cl)c1CCOCCN1CCC2(CC1)CO2',
      ['C1CCOC1', 'O=C1CCN(CCOCCc2c(Cl)cccc2Cl)CC1'],
      /THF taken as a reactant/,
    ],
    [
      'DMF as the methyl of a methyl ester',
      'COC(=O)c1ccc(Cl)nn1',
      ['CN(C)C=O', 'O=C(O)c1ccc(Cl)nn1'],
      /DMF taken as a methyl, nitrogen or carbonyl source/,
    ],
    [
      'DMF as the nitrogen of a primary amide',
      'COc1c(F)ccc(C(N)=O)c1F',
      ['CN(C)C=O', 'COc1c(F)ccc(C(=O)O)c1F'],
      /DMF taken as/,
    ],
    [
      'dichloromethane as the chlorine of a benzylic chloride',
      'Cc1cc(CCl)cc(Oc2ccc(C(F)(F)F)cn2)c1',
      ['Cc1cc(CO)cc(Oc2ccc(C(F)(F)F)cn2)c1', 'ClCCl'],
      /dichloromethane taken as a chlorine or methyl source/,
    ],
    [
      'acetone as the methyl of a methyl ester',
      'COC(=O)CN',
      ['CC(C)=O', 'NCC(=O)O'],
      /acetone taken as a carbon source/,
    ],
    [
      'acetone as an N-allyl group',
      'C=CCn1c(-c2cccc(Cl)c2[N+](=O)[O-])nc2ccccc21',
      ['CC(C)=O', 'O=[N+]([O-])c1c(Cl)cccc1-c1nc2ccccc2[nH]1'],
      /acetone taken as a carbon source/,
    ],
  ])('flags %s', (_name, product, precursors, problem) => {
    const verdict = judge(product, precursors);
    expect(verdict.factor).toBe(FACTOR);
    expect(verdict.problems).toEqual([expect.stringMatching(problem)]);
  });

  it.each([
    [
      'Vilsmeier formylation of an indole',
      'O=Cc1c[nH]c2cc(Cl)c(Br)cc12',
      ['CN(C)C=O', 'Clc1cc2[nH]ccc2cc1Br'],
    ],
    ['lithiation and DMF quench', 'O=Cc1ccc(CO)cc1', ['CN(C)C=O', 'OCc1ccc(Br)cc1']],
    [
      'an enaminone from DMF (recorded for DMF-DMA)',
      'CCOC(=O)C(=CN(C)C)C(=O)C(F)(F)F',
      ['CCOC(=O)CC(=O)C(F)(F)F', 'CN(C)C=O'],
    ],
    [
      'a formamidine from DMF',
      'CN(C)C=Nc1ccc([N+](=O)[O-])cc1F',
      ['CN(C)C=O', 'Nc1ccc([N+](=O)[O-])cc1F'],
    ],
    [
      'DMF closing an isoflavone ring',
      'COc1ccccc1-c1coc2cc(O)c(Cl)cc2c1=O',
      ['CN(C)C=O', 'COc1ccccc1CC(=O)O', 'Oc1ccc(Cl)c(O)c1'],
    ],
    [
      'a chloromethyl ester from dichloromethane',
      'CCCCCCCCCCCCC(C)(C)C(=O)OCCl',
      ['CCCCCCCCCCCCC(C)(C)C(=O)O', 'ClCCl'],
    ],
    [
      'a methylenedioxy ring from dichloromethane',
      'O=Cc1ccc2c(c1)OCO2',
      ['ClCCl', 'O=Cc1ccc(O)c(O)c1'],
    ],
    [
      'a Fischer esterification (methanol is not judged)',
      'COC(=O)c1ccccc1',
      ['CO', 'O=C(O)c1ccccc1'],
    ],
    ['an amide coupling', 'O=C(NC1CCCCC1)c1ccccc1', ['NC1CCCCC1', 'O=C(O)c1ccccc1']],
    // Acetone's recorded roles: its oxygen in a Jones oxidation (no carbon given), its
    // C(CH3)2, a methyl ketone or a new ring.
    [
      'a Jones oxidation recorded with acetone',
      'N#Cc1ccc(Oc2ccc(C(=O)O)cc2)cc1',
      ['CC(C)=O', 'N#Cc1ccc(Oc2ccc(C=O)cc2)cc1'],
    ],
    ['an N-isopropyl by reductive amination', 'CC(C)N1CCNCC1', ['C1CNCCN1', 'CC(C)=O']],
    ['an acetonide', 'CC1(C)OCC(CO)O1', ['CC(C)=O', 'OCC(O)CO']],
    ['an alpha-bromination of acetone', 'CC(=O)CBr', ['BrBr', 'CC(C)=O']],
    ['a Friedlander naphthyridine', 'Cc1ccc2cccnc2n1', ['CC(C)=O', 'Nc1ncccc1C=O']],
  ])('passes %s', (_name, product, precursors) => {
    expect(judge(product, precursors)).toEqual({ factor: 1, problems: [] });
  });
});

describe('a saturated amine taken as a carbon source', () => {
  it.each([
    [
      'diisopropylamine (the LDA base) as the methyl of an alpha-methylation',
      'CC(C)Cc1ccc(C(C)C(=O)O)cc1',
      ['CC(C)Cc1ccc(CC(=O)O)cc1', 'CC(C)NC(C)C'],
    ],
    ['TMEDA as an ethyl source', 'CCc1ccccc1', ['CN(C)CCN(C)C', 'c1ccccc1']],
    ['DABCO as a carbon source', 'CCOc1ccccc1', ['C1CN2CCN1CC2', 'Oc1ccccc1']],
  ])('flags %s', (_name, product, precursors) => {
    const verdict = judge(product, precursors);
    expect(verdict.factor).toBe(FACTOR);
    expect(verdict.problems).toEqual([expect.stringMatching(/amine base .* carbon source/)]);
  });

  it.each([
    [
      'a diisopropylamide from diisopropylamine',
      'CC(C)N(C(=O)c1ccccc1)C(C)C',
      ['CC(C)NC(C)C', 'O=C(Cl)c1ccccc1'],
    ],
    [
      'an SNAr with piperidine',
      'O=[N+]([O-])c1ccc(N2CCCCC2)cc1',
      ['C1CCNCC1', 'O=[N+]([O-])c1ccc(F)cc1'],
    ],
    // The leaving 4-nitrophenol takes a nitrogen, yet methylamine's reaches the urea.
    [
      'a urea from methylamine and a 4-nitrophenyl carbamate',
      'CNC(=O)N1CCN(C)CC1',
      ['CN', 'CN1CCNCC1', 'O=C(Cl)Oc1ccc([N+](=O)[O-])cc1'],
    ],
    // A Stork enamine alkylation keeps the enamine's carbons, not its nitrogen: not saturated.
    ['an enamine alkylation', 'C=CCC1CCCCC1=O', ['C1=C(N2CCCC2)CCCC1', 'C=CCBr']],
    // A Duff formylation takes a carbon of hexamine (an aminal): not judged.
    ['a Duff formylation', 'O=Cc1ccccc1O', ['C1N2CN3CN1CN(C2)C3', 'Oc1ccccc1']],
  ])('passes %s', (_name, product, precursors) => {
    expect(judge(product, precursors)).toEqual({ factor: 1, problems: [] });
  });
});

describe('judges together', () => {
  it('multiplies the factors and lists every problem', () => {
    const panel = new JudgePanel([check, { judge: () => ({ factor: 0.5, problems: ['other'] }) }]);
    const verdict = panel.judge(canon('CNCC1CCOCC1'), [canon('CCN(CC)CC'), canon('NCC1CCOCC1')]);
    expect(verdict.factor).toBeCloseTo(FACTOR * 0.5);
    expect(verdict.problems).toEqual([expect.stringMatching(/triethylamine/), 'other']);
  });

  it('the default engine penalizes the triethylamine "methylation" its library proposes', () => {
    const product = canon('CNCC1CCOCC1');
    const isArtifact = (precursors: string[]) => precursors.includes(canon('CCN(CC)CC'));
    const judged = engine(DEFAULT_ENGINE_ID)!
      .model.expand(product)
      .find((c) => isArtifact(c.precursors));
    // The template also tears a lone carbon from triethylamine (lone-atom-donors.test.ts).
    const unjudged = loadEngine({ ...ENGINES[0], solventReactants: null, loneAtomDonors: null })
      .model.expand(product)
      .find((c) => isArtifact(c.precursors));
    expect(unjudged?.concerns ?? []).toEqual([]);
    expect(judged?.concerns).toContainEqual(
      expect.stringMatching(/triethylamine taken as a reactant/),
    );
    expect(judged!.prior).toBeLessThan(unjudged!.prior * 0.1);
  });
});
