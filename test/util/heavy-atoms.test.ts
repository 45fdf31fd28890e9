/** The SMILES-text heavy-atom count (used by the search for every new molecule) agrees with RDKit. */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit, Molecule } from '../../src/chem/index.js';
import { heavyAtomCount } from '../../src/util/heavy-atoms.js';

beforeAll(async () => {
  await loadRDKit();
});

const MOLECULES = [
  'CC(=O)Nc1ccc(O)cc1',
  'CN1CCC[C@H]1c1cccnc1',
  'O=C(O)c1ccccc1Cl',
  'Brc1ccc2[nH]ccc2c1',
  'C[N+](C)(C)CCO',
  '[2H]C([2H])([2H])Oc1ccccc1',
  '[H][C@@]12CC[C@@H](O)[C@@]1(C)CC[C@H]1[C@@H]2CC=C2C[C@@H](O)CC[C@]21C',
  'CC(C)(C)OC(=O)N1CCN(c2ncc(B3OC(C)(C)C(C)(C)O3)cn2)CC1',
  'C[Si](C)(C)C#Cc1ccc(I)cc1',
  'O=S(=O)(Cl)c1ccc(F)cc1',
  '[Na+].[O-]C(=O)CP(=O)([O-])[O-]',
  'FC(F)(F)c1cc(-c2nnc3n2CCNC3)ccc1',
];

describe('heavy atoms from SMILES text', () => {
  it('counts what RDKit counts, for plain, bracket, charged, isotopic and metal atoms', () => {
    for (const smiles of MOLECULES) {
      const r = Molecule.parse(smiles);
      if (!r.ok) throw new Error(`${smiles}: ${r.error.message}`);
      const rdkit = r.molecule.descriptors().heavyAtoms;
      expect([smiles, heavyAtomCount(smiles)]).toEqual([smiles, rdkit]);
      expect([smiles, heavyAtomCount(r.molecule.smiles)]).toEqual([smiles, rdkit]);
    }
  });
});
