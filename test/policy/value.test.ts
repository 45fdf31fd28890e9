/**
 * The value estimate: cost classes, and a model trained on search-outcome-like
 * examples ranks molecules by what they cost to make.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit, morganOnBits } from '../../src/chem/index.js';
import { trainNetwork } from '../../src/policy/train-network.js';
import {
  classCosts,
  costClass,
  COST_EDGES,
  LearnedValue,
  loadValue,
  saveValue,
  SIZE_INPUTS,
  SIZE_STEP,
  UNSOLVED_CLASS,
  VALUE_FORMAT_VERSION,
  valueInputs,
} from '../../src/policy/value.js';

beforeAll(async () => {
  await loadRDKit();
});

describe('value estimate', () => {
  it('puts costs in ranges and unsolved targets in a class of their own', () => {
    expect(costClass(0.5)).toBe(0);
    expect(costClass(0.75)).toBe(0);
    expect(costClass(2)).toBe(2);
    expect(costClass(50)).toBe(COST_EDGES.length);
    expect(costClass(null)).toBe(UNSOLVED_CLASS);
    const costs = classCosts(12);
    expect(costs).toHaveLength(UNSOLVED_CLASS + 1);
    expect(costs[UNSOLVED_CLASS]).toBe(12);
    for (let c = 1; c < UNSOLVED_CLASS; c++) expect(costs[c]).toBeGreaterThan(costs[c - 1]);
  });

  it('learns that some molecules are cheap and others unsolved, and survives a save', () => {
    const fingerprint = { radius: 2, bits: 2048, chirality: false };
    // Amides: one cheap step; polyhalogenated aromatics: not solved.
    const cheap = ['CC(=O)NC', 'CCC(=O)NCC', 'CC(=O)NCCC', 'O=C(NC)c1ccccc1', 'CC(=O)N(C)C'];
    const hard = [
      'Brc1c(Br)c(Br)c(Br)c(Br)c1Br',
      'Clc1c(Cl)c(Cl)c(Cl)cc1Cl',
      'Ic1c(I)c(I)cc(I)c1I',
    ];
    const examples = [
      ...cheap.map((s) => ({
        bits: valueInputs(s, fingerprint, SIZE_INPUTS),
        label: costClass(0.6),
      })),
      ...hard.map((s) => ({
        bits: valueInputs(s, fingerprint, SIZE_INPUTS),
        label: costClass(null),
      })),
    ];
    const inputs = 2048 + SIZE_INPUTS;
    const { weights } = trainNetwork(examples, examples, UNSOLVED_CLASS + 1, inputs, {
      hidden: 16,
      epochs: 60,
      batchSize: 4,
      learningRate: 0.01,
      dropout: 0,
      negatives: 0,
      weightDecay: 0,
      patience: 60,
      seed: 2,
    });
    const path = join(mkdtempSync(join(tmpdir(), 'synroute-value-')), 'v.value');
    saveValue(path, {
      header: {
        format: 'synroute-value',
        version: VALUE_FORMAT_VERSION,
        name: 'toy',
        createdAt: 'now',
        fingerprint,
        hidden: 16,
        sizeInputs: SIZE_INPUTS,
        classCosts: classCosts(12),
        training: {},
      },
      mlp: weights,
    });
    const value = new LearnedValue(loadValue(path));
    // Its own examples, then molecules it has not seen, ranked the same way.
    expect(value.value('CC(=O)NC')).toBeLessThan(2);
    expect(value.value('Brc1c(Br)c(Br)c(Br)c(Br)c1Br')).toBeGreaterThan(10);
    expect(value.value('Brc1cc(Br)c(Br)c(Br)c1Br') - value.value('CCCC(=O)NC')).toBeGreaterThan(4);
  });

  it('sees a molecule as its fingerprint bits followed by its size in steps of SIZE_STEP heavy atoms', () => {
    const fingerprint = { radius: 2, bits: 2048, chirality: false };
    const smiles = 'CC(=O)Nc1ccc(O)cc1'; // paracetamol, 11 heavy atoms
    const bits = morganOnBits(smiles, fingerprint);
    const inputs = valueInputs(smiles, fingerprint, SIZE_INPUTS);
    const filled = Math.floor(11 / SIZE_STEP);
    expect([...inputs.subarray(0, bits.length)]).toEqual([...bits]);
    expect([...inputs.subarray(bits.length)]).toEqual(
      Array.from({ length: filled }, (_, i) => 2048 + i),
    );
    // Large molecules fill every size input and no more; without size inputs, the bits alone.
    expect(valueInputs('C'.repeat(200), fingerprint, SIZE_INPUTS).length).toBe(
      morganOnBits('C'.repeat(200), fingerprint).length + SIZE_INPUTS,
    );
    expect(valueInputs(smiles, fingerprint, 0)).toEqual(bits);
  });
});
