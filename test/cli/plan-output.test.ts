import { describe, expect, it } from 'vitest';
import { routeTree } from '../../src/cli/plan.js';

describe('route text tree', () => {
  it('draws steps under their products and building blocks with metadata', () => {
    const lines = routeTree({
      reactionSmiles: 'C.D.B>>T',
      buildingBlocks: [
        {
          smiles: 'C',
          buildingBlockMetadata: [{ price: 3, datasetProvider: 'acme', identifier: 'C1' }],
        },
        { smiles: 'D', buildingBlockMetadata: [] },
        { smiles: 'B', buildingBlockMetadata: [{ price: 0, datasetProvider: 'acme' }] },
      ],
      steps: [
        { number: 1, reactionSmiles: 'C.D>>A' },
        { number: 2, reactionSmiles: 'A.B>>T' },
      ],
    });
    expect(lines).toEqual([
      '  T  (step 2)',
      '  ├─ A  (step 1)',
      '  │  ├─ C  [building block: acme C1 $3]',
      '  │  └─ D  [building block]',
      '  └─ B  [building block: acme]',
    ]);
  });
});
