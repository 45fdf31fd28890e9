/**
 * The Retro* search's expansion step: one reaction per precursor set, from the
 * likeliest of the candidates that give it.
 */
import { describe, expect, it } from 'vitest';
import { retroStar } from '../../src/search/retro-star.js';
import { Network, SetStock, ToyModel } from '../helpers/toy-search.js';

const BASE = 0.1;

function search(net: Network, stock: string[]) {
  const s = new SetStock(stock);
  return retroStar(
    'T',
    new ToyModel(net),
    (m) => s.contains(m),
    { maxIterations: 100, timeLimitMs: 60_000, maxDepth: 5, pastFirstRoute: true },
    { reactionBaseCost: BASE, value: () => 0.5 },
  ).graph;
}

describe('Retro* expansion', () => {
  it('keeps the likeliest candidate for a precursor set, not the first', () => {
    // A penalized template first (a mis-mapped one), a sound one giving the same precursors later.
    const graph = search(
      {
        T: [
          [['A', 'B'], 0.001],
          [['C'], 0.2],
          [['A', 'B'], 0.5],
        ],
      },
      ['A', 'B', 'C'],
    );
    const made = graph.root.reactions.map((r) => ({
      precursors: r.precursors.map((p) => p.smiles),
      prior: r.prior,
      source: r.source,
    }));
    expect(made).toEqual([
      { precursors: ['A', 'B'], prior: 0.5, source: 'T#2' },
      { precursors: ['C'], prior: 0.2, source: 'T#1' },
    ]);
    expect(graph.root.reactions[0].stepCost).toBeCloseTo(-Math.log(0.5) + BASE, 12);
  });
});
