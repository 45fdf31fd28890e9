import { beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalSmiles,
  compoundKeyer,
  inchiKeyOf,
  loadRDKit,
  parentSmiles,
  tautomerKey,
} from '../../src/chem/index.js';

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

describe('compound keyer', () => {
  it.each(PAIRS)('names %s and %s one compound exactly when InChI does', (a, b) => {
    const [ca, cb] = [canonicalSmiles(a)!, canonicalSmiles(b)!];
    const key = compoundKeyer();
    expect(key(ca)).toBe(ca); // the first spelling seen names the compound
    expect(key(cb) === ca).toBe(inchiKeyOf(ca) === inchiKeyOf(cb));
  });

  it('keeps stereoisomers and molecules without a tautomer system apart', () => {
    const key = compoundKeyer();
    const [r, s] = ['C[C@H](N)C(=O)O', 'C[C@@H](N)C(=O)O'].map((x) => canonicalSmiles(x)!);
    expect([key(r), key(s)]).toEqual([r, s]);
    expect([key('CCCC'), key('CCCC')]).toEqual(['CCCC', 'CCCC']);
  });
});

describe('parent compound', () => {
  const PARENTS: [string, string][] = [
    ['Cl.NCc1ccccc1', 'NCc1ccccc1'], // hydrochloride
    ['NCc1ccccc1.O=C(O)C(F)(F)F', 'NCc1ccccc1'], // TFA salt: the larger fragment is the counter-ion
    ['Cl.Cl.NCCN', 'NCCN'],
    ['O=C([O-])c1ccccc1.[Na+]', 'O=C(O)c1ccccc1'],
    ['CC(=O)[O-].[Na+]', 'CC(=O)[O-].[Na+]'], // sodium acetate: only counter-ions
    ['[C-]#N.[K+]', 'C#N'],
    ['[C-]#N', 'C#N'],
    ['[NH3+]CC(=O)[O-]', 'NCC(=O)O'], // zwitterion
    ['c1cc[nH+]cc1.[Cl-]', 'c1ccncc1'],
    ['[O-]c1ccccc1.[Na+]', 'Oc1ccccc1'],
    // kept as they are: charges without a proton to move, balanced neighbours, inorganic salts
    ['O=[N+]([O-])c1ccccc1', 'O=[N+]([O-])c1ccccc1'],
    ['C[n+]1ccccc1', 'C[n+]1ccccc1'],
    ['C[N+](C)(C)C.[Cl-]', 'C[N+](C)(C)C'],
    ['[O-][n+]1ccccc1', '[O-][n+]1ccccc1'],
    ['F[B-](F)(F)C1CC1.[K+]', 'F[B-](F)(F)C1CC1'],
    ['[Na+].[Cl-]', '[Cl-].[Na+]'],
    ['[Na+].[OH-]', '[OH-]'], // hydroxide is not water
    ['[Cl-]', '[Cl-]'],
    ['[c-]1ccccc1.[Li+]', '[c-]1ccccc1'], // phenyllithium is not benzene
    ['[C-]#CC.[Na+]', 'C#CC'],
    ['CCO', 'CCO'],
  ];

  it.each(PARENTS)('of %s is %s', (input, parent) => {
    expect(parentSmiles(canonicalSmiles(input)!)).toBe(canonicalSmiles(parent));
  });

  it('is the same compound as RDKit sees it: ions and their parents differ only in the protonation flag', () => {
    // (standard InChI moves protons on heteroatoms only, so cyanide is left out here)
    for (const ion of ['[NH3+]CC(=O)[O-]', 'c1cc[nH+]cc1', '[O-]c1ccccc1', '[NH3+]Cc1ccccc1']) {
      const parent = parentSmiles(canonicalSmiles(ion)!);
      expect(parent).not.toBe(canonicalSmiles(ion));
      expect(inchiKeyOf(parent).slice(0, 25)).toBe(inchiKeyOf(ion).slice(0, 25));
    }
  });
});
