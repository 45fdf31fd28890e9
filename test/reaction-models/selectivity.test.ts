/**
 * Selectivity checks on steps a chemist rejects at a glance (issue 13), and on
 * ordinary steps that must pass untouched.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalSmiles, loadRDKit } from '../../src/chem/index.js';
import { SelectivityCheck } from '../../src/reaction-models/selectivity.js';

let check: SelectivityCheck;
beforeAll(async () => {
  await loadRDKit();
  check = new SelectivityCheck();
});

const canon = (s: string) => canonicalSmiles(s) as string;
function judge(product: string, precursors: string[]) {
  return check.judge(canon(product), precursors.map(canon));
}

describe('selectivity of a step', () => {
  it.each([
    [
      'an amine alkylated at the halide of a haloacetyl chloride',
      'O=C(Cl)CNC1CCCCC1',
      ['NC1CCCCC1', 'O=C(Cl)CCl'],
      /more reactive acyl halide survives/,
    ],
    [
      'an aryl iodide coupled with an aryl bromide, no boron or metal',
      'Cc1ccc(-c2ccc(OC)cc2)cc1',
      ['Cc1ccc(I)cc1', 'COc1ccc(Br)cc1'],
      /without a metal or boron partner/,
    ],
    [
      'the aniline acetylated while an aliphatic amine is free',
      'CC(=O)Nc1ccc(CN)cc1',
      ['CC(=O)Cl', 'NCc1ccc(N)cc1'],
      /more nucleophilic primary aliphatic amine survives/,
    ],
    [
      'an alcohol esterified while an amine is free',
      'CC(=O)OCCCN',
      ['CC(=O)Cl', 'NCCCO'],
      /more nucleophilic primary aliphatic amine survives/,
    ],
    [
      'an amide coupling at the aniline while an aliphatic amine is free',
      'O=C(Nc1ccc(CN)cc1)c1ccccc1',
      ['O=C(O)c1ccccc1', 'NCc1ccc(N)cc1'],
      /carboxylic acid acylates the primary aniline while a more nucleophilic primary aliphatic amine of the same precursor survives/,
    ],
    [
      'an ester aminolysed by the aniline while an aliphatic amine is free',
      'O=C(Nc1ccc(CN)cc1)c1ccccc1',
      ['COC(=O)c1ccccc1', 'NCc1ccc(N)cc1'],
      /ester acylates the primary aniline while a more nucleophilic primary aliphatic amine of the same precursor survives/,
    ],
    [
      'the secondary alcohol of a 1,3-diol tosylated while its primary alcohol is free',
      'Cc1ccc(S(=O)(=O)OC(C)CCO)cc1',
      ['CC(O)CCO', 'Cc1ccc(S(=O)(=O)Cl)cc1'],
      /sulfonyl halide reacts with the secondary or tertiary alcohol while a more nucleophilic primary alcohol survives/,
    ],
    [
      'a phenol O-alkylated while a piperidine NH is free',
      'c1ccc(COc2ccc(C3CCNCC3)cc2)cc1',
      ['BrCc1ccccc1', 'Oc1ccc(C2CCNCC2)cc1'],
      /alkyl halide reacts with the phenol while a more nucleophilic secondary aliphatic amine survives/,
    ],
    [
      'hydrazine substituting an aryl chloride while a sulfonyl chloride of that arene survives',
      'NNc1ccc(CS(=O)(=O)Cl)cc1',
      ['NN', 'O=S(=O)(Cl)Cc1ccc(Cl)cc1'],
      /hydrazine reacts elsewhere while an unreacted sulfonyl chloride survives/,
    ],
    [
      'morpholine substituting a fluoroarene while its acyl chloride survives',
      'O=C(Cl)c1ccc(N2CCOCC2)cc1',
      ['C1COCCN1', 'O=C(Cl)c1ccc(F)cc1'],
      /secondary aliphatic amine reacts elsewhere while an unreacted acyl halide survives/,
    ],
  ])('flags %s', (_what, product, precursors, problem) => {
    const verdict = judge(product, precursors);
    expect(verdict.factor).toBeLessThan(0.1);
    expect(verdict.problems.join('; ')).toMatch(problem);
  });

  it('flags removing one of two identical Boc groups as unselective, mildly', () => {
    const verdict = judge('CC(C)(C)OC(=O)NCCN', ['CC(C)(C)OC(=O)NCCNC(=O)OC(C)(C)C']);
    expect(verdict.factor).toBeGreaterThan(0.1);
    expect(verdict.factor).toBeLessThan(1);
    expect(verdict.problems.join('; ')).toMatch(/one of several Boc groups/);
  });

  it.each([
    [
      'an amide from an amine and an acyl chloride',
      'O=C(NC1CCCCC1)c1ccccc1',
      ['NC1CCCCC1', 'O=C(Cl)c1ccccc1'],
    ],
    ['a Suzuki coupling', 'Cc1ccc(-c2ccc(OC)cc2)cc1', ['Cc1ccc(B(O)O)cc1', 'COc1ccc(Br)cc1']],
    [
      'an aza-Michael addition to ethenesulfonyl fluoride (amines leave the fluoride alone)',
      'O=S(=O)(F)CCNc1ccccc1',
      ['C=CS(=O)(=O)F', 'Nc1ccccc1'],
    ],
    // Phosgene and sulfuryl chloride react at one halide and keep the other.
    ['a chloroformate from phosgene', 'O=C(Cl)Oc1ccccc1', ['O=C(Cl)Cl', 'Oc1ccccc1']],
    [
      'a sulfamoyl chloride from sulfuryl chloride',
      'O=S(=O)(Cl)N1CCOCC1',
      ['C1COCCN1', 'O=S(=O)(Cl)Cl'],
    ],
    [
      'hydrazine substituting an aryl chloride next to a sulfonamide',
      'NNc1ccc(S(N)(=O)=O)cc1',
      ['NN', 'NS(=O)(=O)c1ccc(Cl)cc1'],
    ],
    [
      'an aniline acetylated next to a Boc-protected amine',
      'CC(=O)Nc1ccc(CNC(=O)OC(C)(C)C)cc1',
      ['CC(=O)Cl', 'CC(C)(C)OC(=O)NCc1ccc(N)cc1'],
    ],
    ['an N-alkylation with an alkyl bromide', 'c1ccc(CN2CCOCC2)cc1', ['C1COCCN1', 'BrCc1ccccc1']],
    ['a Boc removal', 'NCCc1ccccc1', ['CC(C)(C)OC(=O)NCCc1ccccc1']],
    ['an ester hydrolysis', 'O=C(O)c1ccccc1', ['COC(=O)c1ccccc1']],
    [
      'an amide coupling at the aliphatic amine of an aminobenzylamine',
      'Nc1ccc(CNC(=O)c2ccccc2)cc1',
      ['O=C(O)c1ccccc1', 'NCc1ccc(N)cc1'],
    ],
    [
      'an amide coupling with an amino acid ester (the ester survives)',
      'COC(=O)CNC(=O)c1ccccc1',
      ['COC(=O)CN', 'O=C(O)c1ccccc1'],
    ],
    [
      'an amide coupling with an acid carrying an alkyl chloride',
      'O=C(CCCCl)Nc1ccccc1',
      ['Nc1ccccc1', 'O=C(O)CCCCl'],
    ],
    // Kinds of step that recorded reactions use: acid-catalysed esterification with the
    // amine protonated, an unprotected amino acid coupled with an aniline, a benzimidazole
    // from a diamine.
    ['an amino acid esterified', 'COC(=O)C1CCNCC1', ['CO', 'O=C(O)C1CCNCC1']],
    [
      'an amino acid coupled unprotected with an aniline',
      'O=C(Nc1ccccc1)C1CCCN1',
      ['Nc1ccccc1', 'O=C(O)C1CCCN1'],
    ],
    [
      'a benzimidazole from a diamine and an amino acid',
      'c1ccc2[nH]c(C3CCNC3)nc2c1',
      ['Nc1ccccc1N', 'O=C(O)C1CCNC1'],
    ],
    [
      'a methyl ester cleaved next to a tert-butyl ester',
      'CC(C)(C)OC(=O)CCC(=O)O',
      ['COC(=O)CCC(=O)OC(C)(C)C'],
    ],
    // Selective steps that recorded reactions run (USPTO-50k; BENCHMARKS.md counts them).
    [
      'a salicylaldehyde O-benzylated (an aldehyde does not compete for a phenol)',
      'O=Cc1ccccc1OCc1ccccc1',
      ['BrCc1ccccc1', 'O=Cc1ccccc1O'],
    ],
    [
      'an aminophenol O-alkylated under base (the phenoxide outruns the aniline)',
      'Nc1ncccc1OCc1ccccc1',
      ['BrCc1ccccc1', 'Nc1ncccc1O'],
    ],
    [
      'an alcohol mesylated next to a diarylamine',
      'CS(=O)(=O)OCCc1ccc(Nc2ccccc2)cc1',
      ['CS(=O)(=O)Cl', 'OCCc1ccc(Nc2ccccc2)cc1'],
    ],
    [
      'the primary alcohol of a 1,3-diol tosylated',
      'CC(O)CCOS(=O)(=O)c1ccc(C)cc1',
      ['CC(O)CCO', 'Cc1ccc(S(=O)(=O)Cl)cc1'],
    ],
    [
      'an amine Boc-protected with Boc2O (its two halves are equivalent)',
      'CC(C)(C)OC(=O)N1CCC(c2ccccc2)CC1',
      ['CC(C)(C)OC(=O)OC(=O)OC(C)(C)C', 'c1ccc(C2CCNCC2)cc1'],
    ],
    ['piperazine arylated once', 'N#Cc1ccc(N2CCNCC2)cc1', ['C1CNCCN1', 'N#Cc1ccc(F)cc1']],
    [
      'a phenol alkylated at the bromide of 1-bromo-3-chloropropane',
      'ClCCCOc1ccccc1',
      ['ClCCCBr', 'Oc1ccccc1'],
    ],
  ])('passes %s', (_what, product, precursors) => {
    expect(judge(product, precursors)).toEqual({ factor: 1, problems: [] });
  });
});
