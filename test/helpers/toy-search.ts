/** A hand-made reaction network and a set of building blocks, for search tests. */
import { planOptionsFrom, planTarget } from '../../src/engine/plan-target.js';
import type { PlanOptions } from '../../src/search/planner.js';
import type { CandidateReaction, ReactionModel } from '../../src/reaction-models/reaction-model.js';
import type { Stock } from '../../src/stock/stock.js';

/** A hand-made reaction network: product -> list of [precursors, prior, precedent evidence?]. */
export type Network = Record<string, [string[], number, number?][]>;

export class ToyModel implements ReactionModel {
  calls: string[] = [];
  constructor(private readonly net: Network) {}
  expand(smiles: string): CandidateReaction[] {
    this.calls.push(smiles);
    return (this.net[smiles] ?? []).map(([precursors, prior, precedent], i) => ({
      precursors: [...precursors].sort(),
      prior,
      source: `${smiles}#${i}`,
      ...(precedent === undefined ? {} : { precedent }),
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

/**
 * Plans `T` over a toy network for one route; unexplored molecules are
 * estimated at `values[smiles]` (default 0.5), each reaction adds 0.1.
 */
export function planToy(
  net: Network,
  stock: Stock,
  extra: Partial<PlanOptions> = {},
  values: Record<string, number> = {},
) {
  const options = planOptionsFrom(
    { number_of_routes: 1, processing_time: 60 },
    { maxIterations: 1000, ...extra },
  );
  return planTarget('T', options, {
    model: new ToyModel(net),
    stock,
    costs: { reactionBaseCost: 0.1, value: (s) => values[s] ?? 0.5 },
  });
}
