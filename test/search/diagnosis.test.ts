import { describe, expect, it } from 'vitest';
import { planOptionsFrom } from '../../src/engine/plan-target.js';
import { Network, planToy as plan, SetStock } from '../helpers/toy-search.js';

describe('diagnosis of a target without a route', () => {
  // T needs A and B; A is made from the building block S1 and D, for which no reaction exists.
  const net: Network = { T: [[['A', 'B'], 0.9]], A: [[['S1', 'D'], 0.9]] };
  const stock = new SetStock(['S1'], { S1: 4 });

  it('gives the partial route with its leaves marked and why each missing one is missing', () => {
    // Expansions: T, A, D; the iteration limit stops the search before B.
    const r = plan(net, stock, { maxIterations: 3 });
    expect(r.stopReason).toBe('iterations');
    expect(r.routes).toEqual([]);
    expect(r.diagnosis).toEqual({
      partialRoute: {
        reactionSmiles: 'D.S1.B>>T',
        buildingBlocks: [
          { smiles: 'D', inStock: false, buildingBlockMetadata: [] },
          {
            smiles: 'S1',
            inStock: true,
            buildingBlockMetadata: [
              { price: 4, priceKnown: true, datasetProvider: 'toy', identifier: 'id_S1' },
            ],
          },
          { smiles: 'B', inStock: false, buildingBlockMetadata: [] },
        ],
        steps: [
          { number: 1, reactionSmiles: 'D.S1>>A' },
          { number: 2, reactionSmiles: 'A.B>>T' },
        ],
      },
      missingMolecules: [
        { smiles: 'D', reason: 'no_reaction' },
        { smiles: 'B', reason: 'iteration_limit' },
      ],
    });
  });

  it('says a molecule was left unexplored when its route was already a dead end', () => {
    // After D turns out a dead end no open route is left: the search is exhausted.
    const r = plan(net, stock);
    expect(r.stopReason).toBe('exhausted');
    expect(r.diagnosis?.missingMolecules).toEqual([
      { smiles: 'D', reason: 'no_reaction' },
      { smiles: 'B', reason: 'not_explored' },
    ]);
  });

  it('follows the cheapest reaction, not the first one proposed', () => {
    const twoWays: Network = {
      T: [
        [['A'], 0.5],
        [['B'], 0.5],
      ],
    };
    const values = { A: 3, B: 1 };
    const r = plan(twoWays, new SetStock([]), { maxIterations: 1 }, values);
    expect(r.diagnosis?.partialRoute.steps).toEqual([{ number: 1, reactionSmiles: 'B>>T' }]);
    expect(r.diagnosis?.missingMolecules).toEqual([{ smiles: 'B', reason: 'iteration_limit' }]);
    // A dead end costs more than any estimate: the cheaper branch is left once it dies.
    const deadB = plan({ ...twoWays, B: [] }, new SetStock([]), { maxIterations: 2 }, values);
    expect(deadB.stopReason).toBe('iterations');
    expect(deadB.diagnosis?.partialRoute.steps).toEqual([{ number: 1, reactionSmiles: 'A>>T' }]);
  });

  it('names the depth limit and the time limit', () => {
    const chain: Network = { T: [[['A1'], 0.9]], A1: [[['A2'], 0.9]], A2: [[['S1'], 0.9]] };
    const deep = plan(chain, stock, { maxDepth: 2 });
    expect(deep.diagnosis?.partialRoute.steps.map((s) => s.reactionSmiles)).toEqual([
      'A2>>A1',
      'A1>>T',
    ]);
    expect(deep.diagnosis?.missingMolecules).toEqual([{ smiles: 'A2', reason: 'depth_limit' }]);

    const late = plan(chain, stock, { processingTime: 0 });
    expect(late.stopReason).toBe('time');
    expect(late.diagnosis).toEqual({
      partialRoute: {
        reactionSmiles: 'T>>T',
        buildingBlocks: [{ smiles: 'T', inStock: false, buildingBlockMetadata: [] }],
        steps: [],
      },
      missingMolecules: [{ smiles: 'T', reason: 'time_limit' }],
    });
  });

  it('is left out when there is a route', () => {
    const r = plan({ ...net, D: [[['S2'], 0.9]], B: [[['S1'], 0.9]] }, new SetStock(['S1', 'S2']));
    expect(r.routes).toHaveLength(1);
    expect(r.diagnosis).toBeUndefined();
  });
});

describe('excluding the target from the stock', () => {
  const net: Network = { T: [[['A', 'B'], 0.9]] };
  const stock = new SetStock(['T', 'A', 'B']);

  it('plans a purchasable target when asked, and takes it as bought otherwise', () => {
    expect(plan(net, stock).stopReason).toBe('in_stock');
    const r = plan(net, stock, { excludeTarget: true });
    expect(r.routes.map((route) => route.steps)).toEqual([
      [{ number: 1, reactionSmiles: 'A.B>>T' }],
    ]);
    expect(planOptionsFrom({ exclude_target_from_stock: true }).excludeTarget).toBe(true);
    expect(planOptionsFrom({}).excludeTarget).toBe(false);
  });

  it('reports the target itself as missing when nothing makes it', () => {
    const r = plan({}, stock, { excludeTarget: true });
    expect(r.diagnosis?.missingMolecules).toEqual([{ smiles: 'T', reason: 'no_reaction' }]);
    expect(r.diagnosis?.partialRoute.buildingBlocks).toEqual([
      { smiles: 'T', inStock: false, buildingBlockMetadata: [] },
    ]);
  });
});
