/**
 * Unactivated aryl fluorides displaced by amines (issue 13): an amine, amide
 * or hydrazine on a fluoroarene that no acceptor, halogen or heteroarene
 * activates is flagged (no SNAr, and no palladium or copper coupling takes
 * aryl fluorides); activated rings, aryl chlorides, alkoxides, azoles
 * and intramolecular displacements pass.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalSmiles, loadRDKit } from '../../src/chem/index.js';
import { DEFAULT_ENGINE_ID, engine } from '../../src/engine/index.js';
import { ENGINES, loadEngine } from '../../src/engine/engine.js';
import { FluorideDisplacementCheck } from '../../src/reaction-models/fluoride-displacement.js';

const FACTOR = 0.02;
let check: FluorideDisplacementCheck;
beforeAll(async () => {
  await loadRDKit();
  check = new FluorideDisplacementCheck(FACTOR);
});

const canon = (s: string) => canonicalSmiles(s) as string;
const judge = (product: string, precursors: string[]) =>
  check.judge(canon(product), precursors.map(canon));

describe('aryl fluorides displaced by amines', () => {
  it.each([
    [
      "sumatriptan's aryl hydrazine from the 4-fluorobenzyl sulfonamide",
      'CNS(=O)(=O)Cc1ccc(NN)cc1',
      ['CNS(=O)(=O)Cc1ccc(F)cc1', 'NN'],
    ],
    ['fluorobenzene and morpholine', 'c1ccc(N2CCOCC2)cc1', ['Fc1ccccc1', 'C1COCCN1']],
    ['4-fluoroanisole and piperazine', 'COc1ccc(N2CCNCC2)cc1', ['COc1ccc(F)cc1', 'C1CNCCN1']],
    ['benzylamine on 4-fluorotoluene', 'Cc1ccc(NCc2ccccc2)cc1', ['Cc1ccc(F)cc1', 'NCc1ccccc1']],
    [
      'an amide nitrogen on a fluorophenylacetamide',
      'CC(=O)N(C)c1ccc(CC(N)=O)cc1',
      ['NC(=O)Cc1ccc(F)cc1', 'CNC(C)=O'],
    ],
  ])('flags %s', (_name, product, precursors) => {
    expect(judge(product, precursors)).toEqual({
      factor: FACTOR,
      problems: [expect.stringMatching(/aryl fluoride displaced by an amine/)],
    });
  });

  it.each([
    // Activated rings: acceptors ortho, para or meta, a vinylogous acceptor, halogens, heteroarenes.
    [
      '4-fluoronitrobenzene',
      'O=[N+]([O-])c1ccc(N2CCOCC2)cc1',
      ['O=[N+]([O-])c1ccc(F)cc1', 'C1COCCN1'],
    ],
    ['4-fluorobenzonitrile', 'N#Cc1ccc(N2CCNCC2)cc1', ['N#Cc1ccc(F)cc1', 'C1CNCCN1']],
    ['a 3-fluorobenzoate', 'COC(=O)c1cccc(NC2CC2)c1', ['COC(=O)c1cccc(F)c1', 'NC1CC1']],
    [
      'a fluorocinnamate',
      'CCOC(=O)/C=C/c1ccc(N2CCCC2)cc1',
      ['CCOC(=O)/C=C/c1ccc(F)cc1', 'C1CCNC1'],
    ],
    ['4-chlorofluorobenzene', 'Clc1ccc(-n2ccnc2)cc1', ['Fc1ccc(Cl)cc1', 'c1c[nH]cn1']],
    [
      'a 4-fluorophenyl pyrimidine',
      'c1cnc(-c2ccc(N3CCOCC3)cc2)nc1',
      ['Fc1ccc(-c2ncccn2)cc1', 'C1COCCN1'],
    ],
    // A fluoropyridine is not a benzene ring.
    ['2-fluoropyridine', 'c1ccc(N2CCOCC2)nc1', ['Fc1ccccn1', 'C1COCCN1']],
    // Aryl chlorides: a Buchwald-Hartwig coupling, whose catalyst is never listed.
    ['an aryl chloride', 'CNS(=O)(=O)Cc1ccc(NN)cc1', ['CNS(=O)(=O)Cc1ccc(Cl)cc1', 'NN']],
    // Alkoxides and azole anions do displace unactivated fluorides in DMSO.
    ['an imidazole on 4-fluorotoluene', 'Cc1ccc(-n2ccnc2)cc1', ['Cc1ccc(F)cc1', 'c1c[nH]cn1']],
    ['an alkoxide on 2-fluorotoluene', 'Cc1ccccc1OC1CCCCC1', ['Cc1ccccc1F', 'OC1CCCCC1']],
    // Ring closures onto an unactivated fluoride are not judged.
    ['an intramolecular displacement', 'c1ccc2c(c1)CCN2', ['NCCc1ccccc1F']],
    // The fluorine stays: an amide coupling of a fluoroaniline.
    ['a fluoroaniline acylated', 'CC(=O)Nc1ccc(F)cc1', ['Nc1ccc(F)cc1', 'CC(=O)Cl']],
  ])('passes %s', (_name, product, precursors) => {
    expect(judge(product, precursors)).toEqual({ factor: 1, problems: [] });
  });

  it("the default engine penalizes the step to sumatriptan's aryl hydrazine that its library proposes", () => {
    const product = canon('CNS(=O)(=O)Cc1ccc(NN)cc1');
    const fluoride = canon('CNS(=O)(=O)Cc1ccc(F)cc1');
    const step = (e: { model: ReturnType<typeof loadEngine>['model'] }) =>
      e.model.expand(product).find((c) => c.precursors.includes(fluoride));
    const judged = step(engine(DEFAULT_ENGINE_ID)!);
    const unjudged = step(loadEngine({ ...ENGINES[0], unactivatedFluorides: null }));
    expect(unjudged?.concerns ?? []).toEqual([]);
    expect(judged?.concerns).toEqual([
      expect.stringMatching(/aryl fluoride displaced by an amine/),
    ]);
    expect(judged!.prior).toBeLessThan(unjudged!.prior * 0.1);
  });
});
