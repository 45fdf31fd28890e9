import { describe, expect, it } from 'vitest';
import { parseSmiles } from '../../src/chem/smiles-parser.js';

/** Hydrogens per aromatic atom, as RDKit derives them for unbracketed atoms. */
function aromaticHydrogens(smiles: string): string {
  const mol = parseSmiles(smiles);
  return mol.atoms
    .map((a, i) => (a.aromatic ? `${a.element}:${mol.totalHydrogens(i)}` : ''))
    .filter(Boolean)
    .join(' ');
}

describe('implicit hydrogens on aromatic atoms', () => {
  it('gives aromatic atoms hydrogens only up to their first allowed valence, as RDKit does', () => {
    // Thiophene sulfur has no hydrogen although sulfur also allows valence 4 and 6.
    expect(aromaticHydrogens('c1ccsc1')).toBe('6:1 6:1 6:1 16:0 6:1');
    expect(aromaticHydrogens('c1ccc2sccc2c1')).toBe('6:1 6:1 6:1 6:0 16:0 6:1 6:1 6:0 6:1');
    expect(aromaticHydrogens('c1ccoc1')).toBe('6:1 6:1 6:1 8:0 6:1');
    expect(aromaticHydrogens('c1ccccn1')).toBe('6:1 6:1 6:1 6:1 6:1 7:0');
    expect(aromaticHydrogens('c1ccn(C)c1')).toBe('6:1 6:1 6:1 7:0 6:1');
    expect(aromaticHydrogens('c1cc[nH]c1')).toBe('6:1 6:1 6:1 7:1 6:1');
    expect(aromaticHydrogens('O=c1cc[nH]cc1')).toBe('6:0 6:1 6:1 7:1 6:1 6:1');
    expect(aromaticHydrogens('c1ccpcc1')).toBe('6:1 6:1 6:1 15:0 6:1 6:1');
  });
});
