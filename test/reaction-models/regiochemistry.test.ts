/**
 * Regiochemistry of electrophilic aromatic substitution (issue 13): a step
 * substituting a benzene ring where the electrophile would not go is flagged;
 * recorded kinds of substitution, including ortho ones, pass.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalSmiles, loadRDKit } from '../../src/chem/index.js';
import { DEFAULT_ENGINE_ID, engine } from '../../src/engine/index.js';
import { ENGINES, loadEngine } from '../../src/engine/engine.js';
import { RegiochemistryCheck } from '../../src/reaction-models/regiochemistry.js';

const FACTOR = 0.02;
let check: RegiochemistryCheck;
beforeAll(async () => {
  await loadRDKit();
  check = new RegiochemistryCheck(FACTOR);
});

const canon = (s: string) => canonicalSmiles(s) as string;
const judge = (product: string, precursors: string[]) =>
  check.judge(canon(product), precursors.map(canon));

describe('aromatic substitution regiochemistry', () => {
  it.each([
    // 1,2,3-Trimethoxybenzene reacts at C4 (ortho and para to methoxy groups), not C5.
    [
      'trimethoprim by Friedel-Crafts alkylation of 1,2,3-trimethoxybenzene',
      'COc1cc(Cc2cnc(N)nc2N)cc(OC)c1OC',
      ['COc1cccc(OC)c1OC', 'Nc1ncc(CO)c(N)n1'],
    ],
    ['anisole brominated meta', 'COc1cccc(Br)c1', ['COc1ccccc1', 'BrBr']],
    ['anisole acylated meta', 'CC(=O)c1cccc(OC)c1', ['COc1ccccc1', 'CC(=O)Cl']],
    [
      'acetanilide nitrated meta',
      'CC(=O)Nc1cccc([N+](=O)[O-])c1',
      ['CC(=O)Nc1ccccc1', 'O=[N+]([O-])O'],
    ],
    ['phenol sulfonylated meta', 'O=S(=O)(Cl)c1cccc(O)c1', ['Oc1ccccc1', 'O=S(=O)(Cl)O']],
    // One ortho/para director alone: meta is the minor product even where sigma differs little.
    [
      'ketoprofen by benzoylating 2-phenylpropionic acid meta to its alkyl group',
      'CC(C(=O)O)c1cccc(C(=O)c2ccccc2)c1',
      ['CC(C(=O)O)c1ccccc1', 'O=C(Cl)c1ccccc1'],
    ],
    ['toluene nitrated meta', 'Cc1cccc([N+](=O)[O-])c1', ['Cc1ccccc1', 'O=[N+]([O-])O']],
    ['chlorobenzene brominated meta', 'Clc1cccc(Br)c1', ['Clc1ccccc1', 'BrBr']],
  ])('flags %s', (_name, product, precursors) => {
    expect(judge(product, precursors)).toEqual({
      factor: FACTOR,
      problems: [expect.stringMatching(/less activated than a free one/)],
    });
  });

  it.each([
    [
      'the same alkylation at C4',
      'COc1ccc(Cc2cnc(N)nc2N)c(OC)c1OC',
      ['COc1cccc(OC)c1OC', 'Nc1ncc(CO)c(N)n1'],
    ],
    ['anisole brominated para', 'COc1ccc(Br)cc1', ['COc1ccccc1', 'BrBr']],
    [
      '2-phenylpropionic acid benzoylated para',
      'CC(C(=O)O)c1ccc(C(=O)c2ccccc2)cc1',
      ['CC(C(=O)O)c1ccccc1', 'O=C(Cl)c1ccccc1'],
    ],
    // A lone meta director: nitrobenzene and benzoates react meta.
    ['nitrobenzene brominated meta', 'O=[N+]([O-])c1cccc(Br)c1', ['O=[N+]([O-])c1ccccc1', 'BrBr']],
    [
      'methyl benzoate nitrated meta',
      'COC(=O)c1cccc([N+](=O)[O-])c1',
      ['COC(=O)c1ccccc1', 'O=[N+]([O-])O'],
    ],
    // Two substituents (an indane): the margin decides, not the lone-director rule.
    ['indane acylated at C5', 'CC(=O)c1ccc2c(c1)CCC2', ['c1ccc2c(c1)CCC2', 'CC(=O)Cl']],
    // Ortho against para is left to conditions and chelation (salicylaldehydes, ortho-lithiation).
    ['anisole brominated ortho', 'COc1ccccc1Br', ['COc1ccccc1', 'BrBr']],
    ['a phenol formylated ortho', 'O=Cc1ccccc1O', ['Oc1ccccc1', 'C=O']],
    // Methyl veratrate nitrates ortho to its ester (para to a methoxy group), as recorded.
    [
      'methyl veratrate nitrated at C6',
      'COC(=O)c1cc(OC)c(OC)cc1[N+](=O)[O-]',
      ['COC(=O)c1ccc(OC)c(OC)c1', 'O=[N+]([O-])O'],
    ],
    // No donor: a ring of halogens is substituted where a metalation directs it.
    [
      'a difluorobenzene formylated between its fluorines',
      'O=Cc1c(F)cccc1F',
      ['Fc1cccc(F)c1', 'CN(C)C=O'],
    ],
    // Not a substitution at a CH: an amide coupling and a Suzuki coupling.
    ['an amide coupling', 'CC(=O)Nc1cccc(OC)c1', ['COc1cccc(N)c1', 'CC(=O)Cl']],
    ['a Suzuki coupling', 'COc1cccc(-c2ccccc2)c1', ['COc1cccc(Br)c1', 'OB(O)c1ccccc1']],
    // A pyridine or a naphthalene is not judged (other rules).
    ['a naphthalene', 'Brc1cccc2ccccc12', ['c1ccc2ccccc2c1', 'BrBr']],
  ])('passes %s', (_name, product, precursors) => {
    expect(judge(product, precursors)).toEqual({ factor: 1, problems: [] });
  });

  it('the default engine penalizes the Friedel-Crafts step to trimethoprim that its library proposes', () => {
    const product = canon('COc1cc(Cc2cnc(N)nc2N)cc(OC)c1OC');
    const wrongRing = canon('COc1cccc(OC)c1OC');
    const judgedSteps = engine(DEFAULT_ENGINE_ID)!.model.expand(product);
    const unjudgedSteps = loadEngine({ ...ENGINES[0], regiochemistry: null }).model.expand(product);
    const wrong = (steps: typeof judgedSteps) =>
      steps.find((c) => c.precursors.includes(wrongRing));
    const judged = wrong(judgedSteps);
    const unjudged = wrong(unjudgedSteps);
    expect(unjudged?.concerns ?? []).toEqual([]);
    expect(judged?.concerns).toEqual([expect.stringMatching(/less activated than a free one/)]);
    // Priors are renormalized per expansion, so the penalty shows against another step of
    // the same expansion: the best step nobody judged.
    const fine = judgedSteps.find((c) => !c.concerns?.length)!;
    const same = (c: (typeof judgedSteps)[number]) =>
      c.precursors.join('.') === fine.precursors.join('.');
    const fineUnjudged = unjudgedSteps.find(same)!;
    expect(judged!.prior / fine.prior).toBeLessThan((0.1 * unjudged!.prior) / fineUnjudged.prior);
    // The textbook route's step (guanidine and the enaminonitrile) outranks it: the flagged
    // step's precursors look like trimethoprim's recorded building blocks, so with precedent
    // credit it outweighed its penalty.
    const enaminonitrile = canon('COc1cc(CC(C#N)=CN2CCOCC2)cc(OC)c1OC');
    const textbook = judgedSteps.find((c) => c.precursors.includes(enaminonitrile));
    expect(textbook!.prior).toBeGreaterThan(judged!.prior);
  });
});
