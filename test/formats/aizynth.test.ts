import { describe, expect, it } from 'vitest';
import { aizynthTarget, aizynthTree } from '../../src/formats/aizynth.js';
import type { Route } from '../../src/contract/index.js';
import { expectAizynthTarget, expectAizynthTree } from '../helpers/aizynth.js';

const block = (smiles: string) => ({ smiles, buildingBlockMetadata: [{ price: 1 }] });

/** Paracetamol's O-benzyl ether from 4-aminophenol: benzylation, then acetylation. */
const twoSteps: Route = {
  reactionSmiles: 'Nc1ccc(O)cc1.BrCc1ccccc1.CC(=O)Cl>>CC(=O)Nc1ccc(OCc2ccccc2)cc1',
  buildingBlocks: [block('Nc1ccc(O)cc1'), block('BrCc1ccccc1'), block('CC(=O)Cl')],
  steps: [
    { number: 1, reactionSmiles: 'Nc1ccc(O)cc1.BrCc1ccccc1>>Nc1ccc(OCc2ccccc2)cc1' },
    { number: 2, reactionSmiles: 'Nc1ccc(OCc2ccccc2)cc1.CC(=O)Cl>>CC(=O)Nc1ccc(OCc2ccccc2)cc1' },
  ],
};

describe("AiZynthFinder's reaction-tree format", () => {
  it('writes a route as alternating molecule and reaction nodes, target first', () => {
    const tree = aizynthTree(twoSteps);
    expect(expectAizynthTree(tree).sort()).toEqual(
      ['BrCc1ccccc1', 'CC(=O)Cl', 'Nc1ccc(O)cc1'].sort(),
    );
    expect(tree).toMatchObject({
      type: 'mol',
      smiles: 'CC(=O)Nc1ccc(OCc2ccccc2)cc1',
      in_stock: false,
      children: [{ type: 'reaction', metadata: { step: 2 } }],
    });
  });

  it('writes a target in stock as a single leaf', () => {
    const inStock: Route = {
      reactionSmiles: 'CCO>>CCO',
      buildingBlocks: [block('CCO')],
      steps: [],
    };
    expect(aizynthTree(inStock)).toEqual({
      type: 'mol',
      hide: false,
      smiles: 'CCO',
      is_chemical: true,
      in_stock: true,
    });
  });

  it('makes one record per target, as a row of aizynthcli output', () => {
    const record = aizynthTarget({
      id: 'job_1',
      query: 'CC(=O)Nc1ccc(OCc2ccccc2)cc1',
      status: 'completed',
      routes: [twoSteps, twoSteps],
      compound_id: 'PCM-7',
    });
    expectAizynthTarget(record);
    expect(record).toMatchObject({ compound_id: 'PCM-7', is_solved: true, number_of_routes: 2 });
    const unsolved = aizynthTarget({ id: 'job_2', query: 'C', status: 'completed', routes: [] });
    expectAizynthTarget(unsolved);
    expect(unsolved).toMatchObject({ is_solved: false, trees: [] });
    expect(Object.keys(unsolved)).not.toContain('compound_id');
  });
});
