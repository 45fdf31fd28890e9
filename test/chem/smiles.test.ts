import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalSmiles, loadRDKit } from '../../src/chem/index.js';
import { parseSmiles } from '../../src/chem/smiles-parser.js';
import { writeSmiles } from '../../src/chem/smiles-writer.js';
import { writeCanonicalFragments } from '../../src/chem/canon-order.js';
import { uspto50k } from '../helpers/datasets.js';

beforeAll(async () => {
  await loadRDKit();
});

/**
 * Every molecule written back by our graph code must canonicalize to the same
 * molecule; inputs RDKit cannot read are failures too, so nothing is skipped unseen.
 */
function roundTrips(smiles: string[]): string[] {
  const failures: string[] = [];
  for (const s of smiles) {
    const canonical = canonicalSmiles(s);
    if (!canonical) {
      failures.push(`${s}: unreadable`);
      continue;
    }
    const mol = parseSmiles(canonical);
    const plain = canonicalSmiles(writeSmiles(mol));
    const ranked = canonicalSmiles(writeCanonicalFragments(mol).join('.'));
    if (plain !== canonical || ranked !== canonical)
      failures.push(`${canonical} -> ${plain} / ${ranked}`);
  }
  return failures;
}

describe('SMILES graph round trip', () => {
  it('handles stereo, charges, isotopes, rings and aromatic heteroatoms', () => {
    const cases = [
      'C[C@H](N)C(=O)O',
      'C[C@@H](O)[C@H](N)C(=O)O',
      'F/C=C/F',
      'F/C=C\\Cl',
      'C/C=C/C=C/C(=O)O',
      'C1CC[C@H]2CCCC[C@@H]2C1',
      'c1ccc2[nH]ccc2c1',
      'O=[N+]([O-])c1ccccc1',
      '[2H]C([2H])([2H])O',
      'C[S@@](=O)c1ccccc1',
      'O=c1cc[nH]cc1',
      'Cn1cnc2c1c(=O)n(C)c(=O)n2C',
      '[Na+].[Cl-]',
      'C1=CC=CC=CC=C1',
      'c1ccc2c(c1)ccc1ccccc12',
      'N[C@@H]1CC[C@H](C(=O)O)CC1',
      'C/C=C1\\CCCCC1',
      'OB(O)c1ccccc1',
      'CC(C)(C)[Si](C)(C)OC',
      'C[C@]12CC[C@H]3[C@@H](CC=C4C[C@@H](O)CC[C@@]43C)[C@@H]1CC[C@@H]2O',
    ];
    expect(roundTrips(cases)).toEqual([]);
  });

  it('round-trips 3,000 USPTO-50k products and reactants', () => {
    const rows = uspto50k().slice(0, 1500);
    const smiles = rows.flatMap((r) => [r.product, ...r.reactants.split('.')]).slice(0, 3000);
    expect(roundTrips(smiles)).toEqual([]);
  });

  it('writes the same string for a molecule whatever its atom order', () => {
    const a = parseSmiles('OC(=O)c1ccc(Br)cc1');
    const b = parseSmiles('Brc1ccc(C(O)=O)cc1');
    expect(writeCanonicalFragments(a)).toEqual(writeCanonicalFragments(b));
  });
});
