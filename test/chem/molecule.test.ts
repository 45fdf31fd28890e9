import { beforeAll, describe, expect, it } from 'vitest';
import {
  bitCount,
  canonicalSmiles,
  loadRDKit,
  Molecule,
  moleculeSvg,
  morganFingerprint,
  onBits,
  rdkitHeapBytes,
  reactionSvg,
  tanimoto,
} from '../../src/chem/index.js';

beforeAll(async () => {
  await loadRDKit();
});

function parsed(smiles: string): Molecule {
  const r = Molecule.parse(smiles);
  if (!r.ok) throw new Error(`${smiles}: ${r.error.message}`);
  return r.molecule;
}

describe('molecule input', () => {
  it('canonicalizes equivalent SMILES to one isomeric SMILES', () => {
    expect(parsed('OCC').smiles).toBe('CCO');
    expect(parsed('C1=CC=CC=C1').smiles).toBe('c1ccccc1');
    expect(parsed('N[C@@H](C)C(=O)O').smiles).toBe(parsed('C[C@H](N)C(=O)O').smiles);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['C1CC', 'unparseable'],
    ['CC(C', 'unparseable'],
    ['Xx', 'unparseable'],
    ['C(C)(C)(C)(C)C', 'valence'],
    ['c1cccc1', 'aromaticity'],
    ['CC>>CO', 'unparseable'],
    ['[H][H]', 'empty'],
  ])('rejects %j with reason %s', (smiles, code) => {
    const r = Molecule.parse(smiles);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['C1CC', 'a ring is opened (a ring-bond digit) but never closed'],
    ['CC(C', 'a parenthesis is opened but never closed (at character 3)'],
    ['CC)C', 'a parenthesis is closed that was never opened (at character 3)'],
    ['C[Zz]C', 'not valid SMILES (at character 3)'],
    ['CN(C)(C)(C)C', 'atom 2 (N) has 5 bonds, more than N can have'],
    [
      'c1cccc1',
      'aromatic ring that cannot be drawn with alternating single and double bonds (atoms 1, 2, 3, 4, 5); check its aromatic atoms and [nH]',
    ],
  ])('says in words what is wrong with %j', (smiles, message) => {
    expect(Molecule.parse(smiles)).toEqual({
      ok: false,
      error: expect.objectContaining({ message }),
    });
  });

  it('enforces the heavy-atom and length caps', () => {
    const big = 'C'.repeat(40);
    expect(Molecule.parse(big, { maxHeavyAtoms: 30, maxSmilesLength: 1000 })).toMatchObject({
      ok: false,
      error: { code: 'too_large' },
    });
    expect(Molecule.parse(big, { maxHeavyAtoms: 100, maxSmilesLength: 10 })).toMatchObject({
      ok: false,
      error: { code: 'too_long' },
    });
    expect(Molecule.parse(big, { maxHeavyAtoms: 40, maxSmilesLength: 1000 }).ok).toBe(true);
  });

  it('never throws on arbitrary junk', () => {
    for (const junk of [
      '[',
      ']',
      '((',
      '%99',
      'C%',
      '[C@@@@H]',
      '\u0000',
      'c1ccccc1.',
      '.',
      '=C',
      'C=',
    ]) {
      expect(() => Molecule.parse(junk)).not.toThrow();
    }
  });
});

describe('identifiers', () => {
  it('gives standard InChI and InChIKey', () => {
    const ethanol = parsed('CCO');
    expect(ethanol.inchi()).toBe('InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3');
    expect(ethanol.inchiKey()).toBe('LFQSCWFLJHTTHZ-UHFFFAOYSA-N');
  });

  it('gives a stereo-free key equal for stereoisomers', () => {
    const l = parsed('C[C@H](N)C(=O)O');
    const d = parsed('C[C@@H](N)C(=O)O');
    expect(l.smiles).not.toBe(d.smiles);
    expect(l.stereoFreeSmiles()).toBe('CC(N)C(=O)O');
    expect(d.stereoFreeSmiles()).toBe(l.stereoFreeSmiles());
    expect(l.inchiKey().slice(0, 14)).toBe(d.inchiKey().slice(0, 14));
  });
});

describe('fingerprints', () => {
  it('packs 2048 Morgan bits into 64 words with Tanimoto', () => {
    const a = morganFingerprint('CCO');
    expect(a).toBeInstanceOf(Uint32Array);
    expect(a.length).toBe(64);
    expect(bitCount(a)).toBe(onBits(a).length);
    expect(tanimoto(a, a)).toBe(1);
    const toluene = morganFingerprint('Cc1ccccc1');
    const xylene = morganFingerprint('Cc1ccccc1C');
    const ethanol = morganFingerprint('CCO');
    expect(tanimoto(toluene, xylene)).toBeGreaterThan(tanimoto(toluene, ethanol));
    expect(tanimoto(morganFingerprint('c1ccccc1'), ethanol)).toBe(0);
  });
});

describe('descriptors and pictures', () => {
  it('computes scoring descriptors', () => {
    const d = parsed('C[C@H](N)C(=O)Oc1ccccc1').descriptors();
    expect(d).toMatchObject({ heavyAtoms: 12, rings: 1, aromaticRings: 1, stereocentres: 1 });
    expect(d.molecularWeight).toBeCloseTo(165.19, 1);
  });

  it('draws molecules and reactions as SVG', () => {
    expect(moleculeSvg('c1ccccc1O')).toMatch(/<svg[\s\S]*<\/svg>/);
    expect(reactionSvg('CC(=O)O.OCC>>CC(=O)OCC')).toMatch(/<svg[\s\S]*<\/svg>/);
    expect(moleculeSvg('not a smiles')).toBeNull();
  });
});

describe('WASM memory', () => {
  it('stays flat while parsing and canonicalizing after warm-up', () => {
    const work = (n: number) => {
      for (let i = 0; i < n; i++) {
        Molecule.parse(`CC(=O)N${'C'.repeat(i % 20)}c1ccccc1`);
        canonicalSmiles(`OCC${'C'.repeat(i % 30)}N${i}`.replace(/\d+$/, ''));
        Molecule.parse('C1CC');
      }
    };
    work(2000);
    const before = rdkitHeapBytes();
    work(4000);
    expect(rdkitHeapBytes()).toBe(before);
  });
});
