/** Worker thread of value training: plans training products and reports what their routes cost. */
import { workerData } from 'piscina';
import { loadRDKit } from '../chem/index.js';
import { planRoutes } from '../search/planner.js';
import type { RouteTree } from '../search/routes.js';
import { LibraryRegistry } from '../stock/registry.js';
import { LibraryStock, Stock } from '../stock/stock.js';
import { DEFAULT_ENGINE_ID, engine } from './index.js';
import type { Engine } from './engine.js';
import { planOptionsFrom } from './plan-target.js';

export interface ValueOutcome {
  smiles: string;
  /** Cost of the cheapest route found to make it; null when the target was not solved. */
  cost: number | null;
}

const data = workerData as { dataDir: string; library: string };
let eng: Engine | undefined;
let stock: Stock | undefined;

export default async function run(task: {
  targets: string[];
  seconds: number;
}): Promise<ValueOutcome[]> {
  await loadRDKit();
  eng ??= engine(DEFAULT_ENGINE_ID) as Engine;
  const blocks = (stock ??= new LibraryStock([
    new LibraryRegistry(data.dataDir).open(data.library),
  ]));
  const options = planOptionsFrom({ number_of_routes: 1, processing_time: task.seconds });
  const out: ValueOutcome[] = [];
  for (const target of task.targets) {
    const model = eng.model;
    const best = planRoutes(target, options, {
      model,
      inStock: (s) => blocks.contains(s),
      costs: eng.costs,
      verifyStep: (product, precursors, source) => model.verify(product, precursors, source),
    }).routes[0];
    if (best) routeCosts(best.tree, out);
    else if (!blocks.contains(target)) out.push({ smiles: target, cost: null });
  }
  return out;
}

/** Adds every made molecule of a route with the cost of its own sub-route; returns the tree's cost. */
function routeCosts(tree: RouteTree, out: ValueOutcome[]): number {
  if (!tree.reaction) return 0;
  let cost = tree.reaction.node.stepCost;
  for (const child of tree.reaction.children) cost += routeCosts(child, out);
  out.push({ smiles: tree.smiles, cost });
  return cost;
}
