/**
 * Structures RDKit's WASM build cannot survive are refused before it sees
 * them, and an abort that happens anyway replaces the broken instance instead
 * of leaving chemistry broken for every later caller (issue 17, item 1).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalSmiles,
  loadRDKit,
  Molecule,
  moleculeSvg,
  morganFingerprint,
  rdkitReady,
  rdkitStatus,
  reactionSvg,
  ChemistryCrashError,
} from '../../src/chem/index.js';
import { molBlockSize, smilesSize } from '../../src/chem/input-size.js';
import { rdkit, withScope } from '../../src/chem/rdkit.js';

beforeAll(async () => {
  await loadRDKit();
});

/** A chain this long aborts RDKit 2026.9 ("memory access out of bounds"). */
const ABORTING_CHAIN = 'C'.repeat(900);
const generous = { maxHeavyAtoms: 5000, maxSmilesLength: 5000 };

describe('structure size read from text', () => {
  it('counts atoms, ring bonds and fragments of SMILES', () => {
    expect(smilesSize('CC(=O)Nc1ccc(O)cc1')).toEqual({ atoms: 11, ringBonds: 1, fragments: 1 });
    expect(smilesSize('[Na+].[Cl-]')).toEqual({ atoms: 2, ringBonds: 0, fragments: 2 });
    expect(smilesSize('ClCBr')).toEqual({ atoms: 3, ringBonds: 0, fragments: 1 });
    expect(smilesSize('C%10CC%10')).toEqual({ atoms: 3, ringBonds: 1, fragments: 1 });
    expect(smilesSize('CC(=O)O.N>>CC(N)=O').fragments).toBe(4);
  });

  it('reads atom counts from V2000 and V3000 molblocks', () => {
    const v2000 = withScope((own) => own(rdkit().get_mol('c1ccccc1O'))!.get_molblock());
    expect(molBlockSize(v2000)).toMatchObject({ atoms: 7, ringBonds: 1 });
    const v3000 = withScope((own) => own(rdkit().get_mol('CCO'))!.get_v3Kmolblock());
    expect(molBlockSize(v3000)).toMatchObject({ atoms: 3, ringBonds: 0 });
  });
});

describe('oversized input never reaches RDKit', () => {
  it('refuses an aborting chain as too large, and chemistry keeps working', () => {
    const r = Molecule.parse(ABORTING_CHAIN, generous);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('too_large');
    expect(canonicalSmiles('OCC')).toBe('CCO');
    expect(rdkitStatus()).toMatchObject({ state: 'ok', crashes: 0 });
  });

  it('gives null for oversized pictures, fingerprints and canonical SMILES', () => {
    expect(moleculeSvg(ABORTING_CHAIN)).toBeNull();
    expect(reactionSvg(`${ABORTING_CHAIN}>>CC`)).toBeNull();
    expect(reactionSvg(Array(150).fill('C').join('.') + '>>CC')).toBeNull();
    expect(canonicalSmiles(ABORTING_CHAIN)).toBeNull();
    expect(Array.from(morganFingerprint(ABORTING_CHAIN)).every((w) => w === 0)).toBe(true);
    expect(moleculeSvg('CCO')).toContain('<svg');
    expect(rdkitStatus().crashes).toBe(0);
  });

  it('refuses a molblock whose counts line says it is too large', () => {
    const counts = `${'900'.padStart(3)}${'899'.padStart(3)}  0  0  0  0  0  0  0  0999 V2000`;
    const block = `\n  fake\n\n${counts}\nM  END\n`;
    const r = Molecule.fromMolBlock(block, generous);
    expect(r.ok ? 'ok' : r.error.code).toBe('too_large');
  });
});

describe('an abort that happens anyway', () => {
  it('fails that call, replaces the instance, and later calls work', async () => {
    // Bypass the size check on purpose to make RDKit abort for real.
    expect(() => withScope((own) => own(rdkit().get_mol(ABORTING_CHAIN)))).toThrow(
      ChemistryCrashError,
    );
    expect(rdkitStatus()).toMatchObject({ state: 'restarting', crashes: 1 });
    await rdkitReady();
    expect(rdkitStatus()).toMatchObject({ state: 'ok', crashes: 1 });
    expect(canonicalSmiles('C1=CC=CC=C1O')).toBe('Oc1ccccc1');
    expect(moleculeSvg('CCN')).toContain('<svg');
  });
});
