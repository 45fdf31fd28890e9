/** A hand-made reaction network and a set of building blocks, for search tests. */
import type { CandidateReaction, ReactionModel } from '../../src/search/reaction-model.js';
import type { Stock } from '../../src/stock/stock.js';

/** A hand-made reaction network: product -> list of [precursors, prior]. */
export class ToyModel implements ReactionModel {
  calls: string[] = [];
  constructor(private readonly net: Record<string, [string[], number][]>) {}
  expand(smiles: string): CandidateReaction[] {
    this.calls.push(smiles);
    return (this.net[smiles] ?? []).map(([precursors, prior], i) => ({
      precursors: [...precursors].sort(),
      prior,
      source: `${smiles}#${i}`,
    }));
  }
}

export class SetStock implements Stock {
  constructor(
    private readonly items: string[],
    private readonly prices: Record<string, number> = {},
  ) {}
  contains(s: string) {
    return this.items.includes(s);
  }
  lookup(s: string) {
    return this.contains(s)
      ? [
          {
            smiles: s,
            price: this.prices[s] ?? null,
            library: 'toy',
            provider: 'toy',
            identifier: `id_${s}`,
          },
        ]
      : [];
  }
}
