/**
 * Search outcomes, the value estimate's training examples: cheapest complete
 * route costs computed by hand on a toy network, molecules the model cannot
 * make, and open molecules left out.
 */
import { describe, expect, it } from 'vitest';
import { searchOutcomes } from '../../src/search/outcomes.js';
import { retroStar } from '../../src/search/retro-star.js';
import { Network, SetStock, ToyModel } from '../helpers/toy-search.js';

const BASE = 0.1;
const step = (prior: number) => -Math.log(prior) + BASE;

function search(net: Network, stock: string[], maxIterations = 100) {
  const s = new SetStock(stock);
  return retroStar(
    'T',
    new ToyModel(net),
    (m) => s.contains(m),
    { maxIterations, timeLimitMs: 60_000, maxDepth: 5, pastFirstRoute: true },
    { reactionBaseCost: BASE, value: () => 0.5 },
  ).graph;
}

const byMolecule = (graph: ReturnType<typeof search>) =>
  Object.fromEntries(searchOutcomes(graph).map((o) => [o.smiles, o.cost]));

describe('search outcomes', () => {
  it('gives every made molecule the cost of its cheapest complete route', () => {
    // T from A + S1 (0.5) or directly from B (0.2); A from S2 (0.8); B from S3 (0.9) or C (0.9).
    const net: Network = {
      T: [
        [['A', 'S1'], 0.5],
        [['B'], 0.2],
      ],
      A: [[['S2'], 0.8]],
      B: [
        [['S3'], 0.9],
        [['C'], 0.9],
      ],
      C: [],
    };
    const outcomes = byMolecule(search(net, ['S1', 'S2', 'S3']));
    const a = step(0.8);
    const b = step(0.9);
    expect(outcomes.A).toBeCloseTo(a, 10);
    expect(outcomes.B).toBeCloseTo(b, 10);
    expect(outcomes.T).toBeCloseTo(Math.min(step(0.5) + a, step(0.2) + b), 10);
    // The model proposed nothing for C: it cannot be made. Building blocks are no examples.
    expect(outcomes.C).toBeNull();
    expect(Object.keys(outcomes).sort()).toEqual(['A', 'B', 'C', 'T']);
  });

  it('leaves out molecules still open, and marks an unsolved target', () => {
    const net: Network = { T: [[['A', 'B'], 0.9]], A: [[['S1'], 0.9]], B: [[['D'], 0.9]] };
    // Two expansions: T, then A (solved); B is open, never expanded.
    const outcomes = byMolecule(search(net, ['S1'], 2));
    expect(outcomes).toEqual({ A: step(0.9), T: null });
  });
});
