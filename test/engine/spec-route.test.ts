/**
 * A route step the chemistry judges doubted carries their concerns in the
 * spec's route format (a SynRoute extension), so a chemist sees why a
 * penalized step is still there; other steps carry none.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../../src/chem/index.js';
import { toSpecRoute } from '../../src/engine/spec-route.js';
import type { ReactionNode } from '../../src/search/and-or-graph.js';
import type { RouteTree } from '../../src/search/routes.js';
import { AdHocStock } from '../../src/stock/stock.js';

beforeAll(async () => {
  await loadRDKit();
});

const META =
  'an aromatic substitution meta to the ring’s only substituent, which directs ortho and para';

const step = (smiles: string, children: RouteTree[], concerns?: string[]): RouteTree => ({
  smiles,
  reaction: { node: { source: 't', judgement: { concerns } } as unknown as ReactionNode, children },
});

// Ketoprofen: its methyl ester hydrolysed, the ester made by a meta benzoylation the judges doubt.
const route = step('CC(C(=O)O)c1cccc(C(=O)c2ccccc2)c1', [
  step(
    'COC(=O)C(C)c1cccc(C(=O)c2ccccc2)c1',
    [{ smiles: 'COC(=O)C(C)c1ccccc1' }, { smiles: 'O=C(Cl)c1ccccc1' }],
    [META],
  ),
]);

describe('route steps in the spec format', () => {
  it('carry the judges’ concerns on the doubted step only', () => {
    const stock = new AdHocStock(['COC(=O)C(C)c1ccccc1', 'O=C(Cl)c1ccccc1']);
    expect(toSpecRoute(route, stock).steps).toEqual([
      {
        number: 1,
        reactionSmiles: 'COC(=O)C(C)c1ccccc1.O=C(Cl)c1ccccc1>>COC(=O)C(C)c1cccc(C(=O)c2ccccc2)c1',
        concerns: [META],
      },
      {
        number: 2,
        reactionSmiles: 'COC(=O)C(C)c1cccc(C(=O)c2ccccc2)c1>>CC(C(=O)O)c1cccc(C(=O)c2ccccc2)c1',
      },
    ]);
  });
});
