/**
 * Directing effects on a benzene ring and the site a substitution step uses,
 * against textbook orientations (known answers).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  benzeneRing,
  canonicalSmiles,
  loadRDKit,
  PreparedMolecule,
  positionActivation,
  substitutionSite,
} from '../../src/chem/index.js';

beforeAll(loadRDKit);

const prepared = (s: string) => new PreparedMolecule(canonicalSmiles(s) as string);

/** Activation of the ring's free positions by their distance (1-3) from the first substituted atom. */
function byDistance(smiles: string): Map<number, number> {
  const mol = prepared(smiles);
  const t = mol.target;
  const start = [...Array(t.n).keys()].find((i) => t.aromatic[i] && t.totalH[i] === 0) as number;
  const ring = benzeneRing(t, start) as number[];
  const activation = positionActivation(t, ring);
  return new Map(activation.map((a, i) => [Math.min(i, 6 - i), a] as const).filter(([d]) => d));
}

describe('position activation', () => {
  it('a methoxy group activates para, then ortho, and leaves meta behind', () => {
    const a = byDistance('COc1ccccc1');
    expect(a.get(3)).toBeGreaterThan(a.get(1) as number);
    expect((a.get(1) as number) - (a.get(2) as number)).toBeGreaterThan(0.5);
  });

  it('a nitro group deactivates ortho and para more than meta', () => {
    const a = byDistance('O=[N+]([O-])c1ccccc1');
    expect(a.get(2)).toBeGreaterThan(a.get(3) as number);
    expect(a.get(2)).toBeGreaterThan(a.get(1) as number);
  });

  it('substituted positions are never free', () => {
    const t = prepared('Cc1ccc(C)cc1').target;
    const ring = benzeneRing(t, 1) as number[];
    expect(positionActivation(t, ring).filter((x) => x === -Infinity)).toHaveLength(2);
  });
});

describe('the site a step substitutes', () => {
  it('finds the CH of the arene that the product substitutes', () => {
    const arene = prepared('COc1cccc(OC)c1OC');
    const found = substitutionSite(arene, prepared('COc1cc(Cc2cnc(N)nc2N)cc(OC)c1OC'));
    expect(found).not.toBeNull();
    const t = arene.target;
    const ring = benzeneRing(t, found!.site) as number[];
    // C5 of 1,2,3-trimethoxybenzene: both ring neighbours and their neighbours' ring partners.
    expect(ring.map((r) => t.totalH[r])).toEqual([1, 1, 0, 0, 0, 1]);
  });

  it('gives nothing when the arene does not embed or more than one atom changes', () => {
    expect(substitutionSite(prepared('Clc1ccccc1'), prepared('COc1ccccc1'))).toBeNull();
    expect(substitutionSite(prepared('c1ccccc1'), prepared('Brc1ccc(Br)cc1'))).toBeNull();
  });

  it('a new bond at a heteroatom is not a ring substitution', () => {
    expect(substitutionSite(prepared('Nc1ccccc1'), prepared('CC(=O)Nc1ccccc1'))).toBeNull();
  });
});
