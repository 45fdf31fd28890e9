import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalSmiles, inchiKeyOf, loadRDKit, tautomerKey } from '../../src/chem/index.js';

beforeAll(async () => {
  await loadRDKit();
});

// Pairs of structures: tautomers that move a hydrogen between heteroatoms
// (standard InChI's mobile hydrogens), and near misses that are other compounds.
const PAIRS: [string, string][] = [
  ['O=c1cccc[nH]1', 'Oc1ccccn1'], // 2-pyridone / 2-hydroxypyridine
  ['O=c1cc[nH]cc1', 'Oc1ccncc1'], // 4-pyridone / 4-hydroxypyridine
  ['Cc1cc(C)[nH]n1', 'Cc1cc(C)n[nH]1'],
  ['Cc1cc(Br)[nH]n1', 'Cc1cc(Br)n[nH]1'], // 3-bromo-5-methyl / 5-bromo-3-methyl pyrazole
  ['c1nc[nH]n1', 'c1n[nH]cn1'], // 1H- / 4H-1,2,4-triazole
  ['c1ccc2[nH]cnc2c1', 'c1ccc2nc[nH]c2c1'],
  ['Clc1ccc2[nH]cnc2c1', 'Clc1ccc2nc[nH]c2c1'], // 5- / 6-chlorobenzimidazole
  ['O=c1[nH]cnc2[nH]cnc12', 'O=c1[nH]cnc2nc[nH]c12'], // hypoxanthine N9-H / N7-H
  ['CC(=O)Nc1ccccc1', 'CC(O)=Nc1ccccc1'], // amide / imidic acid
  ['NC(=S)c1ccccc1', 'N=C(S)c1ccccc1'], // thioamide / thioimidic acid
  ['O=c1[nH]c2ccccc2o1', 'Oc1nc2ccccc2o1'],
  // not tautomers
  ['Oc1ccccn1', 'Oc1cccnc1'],
  ['Cc1ccn[nH]1', 'Cn1cccn1'],
  ['Oc1ccccc1', 'O=C1C=CC=CC1'], // keto-enol: a carbon hydrogen moves (not matched, as in InChI)
  ['CC(=O)O', 'OCC=O'],
  ['c1ccc2[nH]cnc2c1', 'c1ccc2[nH]ncc2c1'],
  ['O=C1CCCN1', 'O=C1CCCCN1'],
];

describe('tautomer key', () => {
  it.each(PAIRS)('agrees with standard InChIKey on %s / %s', (a, b) => {
    const [ca, cb] = [canonicalSmiles(a)!, canonicalSmiles(b)!];
    const sameKey = tautomerKey(ca) !== null && tautomerKey(ca) === tautomerKey(cb);
    expect(sameKey).toBe(inchiKeyOf(ca) === inchiKeyOf(cb));
  });

  it('is null for molecules without a heteroatom tautomer system and for unparseable input', () => {
    for (const s of ['CCCC', 'c1ccccc1', 'COC', 'CN(C)C', 'Oc1ccccc1', 'Nc1ccccc1', 'C1CC(']) {
      expect(tautomerKey(s)).toBeNull();
    }
  });

  it('does not depend on how the molecule is written', () => {
    const forms = ['O=c1[nH]cnc2[nH]cnc12', 'c1nc2c([nH]1)c(=O)[nH]cn2', 'O=C1NC=NC2=C1N=CN2'];
    const keys = new Set(forms.map((s) => tautomerKey(canonicalSmiles(s)!)));
    expect(keys.size).toBe(1);
  });
});
