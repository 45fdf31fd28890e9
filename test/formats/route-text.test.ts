/**
 * Routes as text trees for the command line: each made molecule names its
 * step, a step the chemistry judges doubted says why, and building blocks show
 * their offers.
 */
import { describe, expect, it } from 'vitest';
import type { Route } from '../../src/contract/index.js';
import { routeTree } from '../../src/formats/route-text.js';

const route: Route = {
  reactionSmiles: 'COC(=O)C(C)c1ccccc1.O=C(Cl)c1ccccc1>>CC(C(=O)O)c1cccc(C(=O)c2ccccc2)c1',
  buildingBlocks: [
    {
      smiles: 'COC(=O)C(C)c1ccccc1',
      buildingBlockMetadata: [{ price: 12, priceKnown: true, datasetProvider: 'acme' }],
    },
    { smiles: 'O=C(Cl)c1ccccc1', buildingBlockMetadata: [] },
  ],
  steps: [
    {
      number: 1,
      reactionSmiles: 'COC(=O)C(C)c1ccccc1.O=C(Cl)c1ccccc1>>COC(=O)C(C)c1cccc(C(=O)c2ccccc2)c1',
      concerns: ['meta to a lone ortho/para director'],
    },
    {
      number: 2,
      reactionSmiles: 'COC(=O)C(C)c1cccc(C(=O)c2ccccc2)c1>>CC(C(=O)O)c1cccc(C(=O)c2ccccc2)c1',
    },
  ],
};

describe('routeTree', () => {
  it('names each step, says why a doubted step is doubtful and lists offers', () => {
    expect(routeTree(route)).toEqual([
      '  CC(C(=O)O)c1cccc(C(=O)c2ccccc2)c1  (step 2)',
      '  └─ COC(=O)C(C)c1cccc(C(=O)c2ccccc2)c1  (step 1; doubtful: meta to a lone ortho/para director)',
      '     ├─ COC(=O)C(C)c1ccccc1  [building block: acme $12]',
      '     └─ O=C(Cl)c1ccccc1  [building block]',
    ]);
  });
});
