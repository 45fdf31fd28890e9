/**
 * What a finished search learned about the cost of making its molecules, as
 * examples for a value estimate (Retro*'s value function is trained on such
 * outcomes): every molecule with a complete route in the graph, at the cost of
 * its cheapest one, and every molecule the search knows it cannot make (the
 * model proposed nothing usable for it, or it is the target and no route was
 * found). Open molecules say nothing yet and are left out.
 */
import type { AndOrGraph, MoleculeNode } from './and-or-graph.js';

export interface CostOutcome {
  smiles: string;
  /** Cost of the cheapest complete route to it; null when it cannot be made. */
  cost: number | null;
}

export function searchOutcomes(graph: AndOrGraph): CostOutcome[] {
  const cheapest = cheapestCompleteCosts(graph);
  const out: CostOutcome[] = [];
  for (const m of graph.molecules) {
    if (m.inStock) continue;
    const cost = cheapest.get(m) ?? Infinity;
    if (Number.isFinite(cost)) out.push({ smiles: m.smiles, cost });
    else if ((m.expanded && m.reactions.length === 0) || m === graph.root)
      out.push({ smiles: m.smiles, cost: null });
  }
  return out;
}

/**
 * Cost of each molecule's cheapest complete route (stock leaves only), or
 * Infinity; unlike a node's running cost it never includes a guess.
 */
export function cheapestCompleteCosts(graph: AndOrGraph): Map<MoleculeNode, number> {
  const memo = new Map<MoleculeNode, number>();
  const visit = (m: MoleculeNode): number => {
    const known = memo.get(m);
    if (known !== undefined) return known;
    if (m.inStock) return 0;
    memo.set(m, Infinity); // the graph is acyclic; this only guards against surprises
    let best = Infinity;
    for (const r of m.reactions) {
      let cost = r.stepCost;
      for (const p of r.precursors) {
        cost += visit(p);
        if (cost >= best) break;
      }
      if (cost < best) best = cost;
    }
    memo.set(m, best);
    return best;
  };
  for (const m of graph.molecules) visit(m);
  return memo;
}
