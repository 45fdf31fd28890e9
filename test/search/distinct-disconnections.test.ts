/**
 * A disconnection proposed by several templates: one reaction in the search
 * graph, as likely as the templates' priors together, credited to the likeliest
 * template. Hand-made networks with costs computed by hand.
 */
import { describe, expect, it } from 'vitest';
import { distinctDisconnections, retroStar } from '../../src/search/retro-star.js';
import { Network, SetStock, ToyModel } from '../helpers/toy-search.js';

const BASE = 0.1;

function searchGraph(net: Network, stock: string[]) {
  const s = new SetStock(stock);
  return retroStar(
    'T',
    new ToyModel(net),
    (m) => s.contains(m),
    { maxIterations: 10, timeLimitMs: 60_000, maxDepth: 3, pastFirstRoute: true },
    { reactionBaseCost: BASE, value: () => 0.5 },
  ).graph;
}

describe('distinct disconnections', () => {
  it('adds the priors of the templates giving the same precursors, once per template', () => {
    const merged = distinctDisconnections([
      { precursors: ['A', 'B'], prior: 0.2, source: 't1' },
      { precursors: ['C'], prior: 0.3, source: 't2' },
      { precursors: ['A', 'B'], prior: 0.25, source: 't3' },
      // A template matching twice with the same outcome counts once.
      { precursors: ['A', 'B'], prior: 0.25, source: 't3' },
    ]);
    expect(merged).toEqual([
      { precursors: ['A', 'B'], prior: 0.45, source: 't3' },
      { precursors: ['C'], prior: 0.3, source: 't2' },
    ]);
  });

  it('makes the search prefer a disconnection two templates agree on over a likelier single one', () => {
    // T from A by two templates (0.3 each) or from B by one (0.5); A and B are bought.
    const graph = searchGraph(
      {
        T: [
          [['A'], 0.3],
          [['B'], 0.5],
          [['A'], 0.3],
        ],
      },
      ['A', 'B'],
    );
    const reactions = graph.root.reactions.map((r) => ({
      precursors: r.precursors.map((p) => p.smiles),
      prior: r.prior,
      source: r.source,
    }));
    expect(reactions).toEqual([
      { precursors: ['A'], prior: 0.6, source: 'T#0' },
      { precursors: ['B'], prior: 0.5, source: 'T#1' },
    ]);
    expect(graph.root.cost).toBeCloseTo(-Math.log(0.6) + BASE, 10);
  });
});
