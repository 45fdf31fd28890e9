/**
 * Route extraction: the cheapest solved routes of the search graph (k-best
 * over the AND-OR DAG), a diverse selection under building-block and
 * reaction usage limits, and conversion to the spec's route format.
 */
import { AndOrGraph, MoleculeNode, ReactionNode } from './and-or-graph.js';

/** A solved synthesis tree: a purchasable leaf, or a molecule made by a reaction from subtrees. */
export interface RouteTree {
  smiles: string;
  reaction?: { node: ReactionNode; children: RouteTree[] };
}

export interface ScoredRoute {
  tree: RouteTree;
  cost: number;
}

/**
 * Up to `k` cheapest solved routes for the target, cheapest first. Each
 * molecule keeps its own k best subroutes, so the work stays bounded.
 */
export function bestRoutes(graph: AndOrGraph, k: number): ScoredRoute[] {
  const memo = new Map<MoleculeNode, ScoredRoute[]>();
  const routesOf = (m: MoleculeNode): ScoredRoute[] => {
    const cached = memo.get(m);
    if (cached) return cached;
    memo.set(m, []); // the graph is acyclic; this only guards against surprises
    let result: ScoredRoute[];
    if (m.inStock) {
      result = [{ tree: { smiles: m.smiles }, cost: 0 }];
    } else {
      result = [];
      for (const r of m.reactions) {
        if (!r.solved) continue;
        for (const combo of kBestCombinations(r.precursors.map(routesOf), k)) {
          result.push({
            tree: {
              smiles: m.smiles,
              reaction: { node: r, children: combo.parts.map((p) => p.tree) },
            },
            cost: r.stepCost + combo.cost,
          });
        }
      }
      result.sort((a, b) => a.cost - b.cost);
      result = result.slice(0, k);
    }
    memo.set(m, result);
    return result;
  };
  return graph.root.solved || graph.root.inStock ? routesOf(graph.root) : [];
}

/** The k cheapest ways to pick one entry from each (cost-sorted) list. */
function kBestCombinations(
  lists: ScoredRoute[][],
  k: number,
): { parts: ScoredRoute[]; cost: number }[] {
  if (lists.some((l) => l.length === 0)) return [];
  const out: { parts: ScoredRoute[]; cost: number }[] = [];
  const start = lists.map(() => 0);
  const costOf = (idx: number[]) => idx.reduce((s, i, j) => s + lists[j][i].cost, 0);
  const heap: { idx: number[]; cost: number }[] = [{ idx: start, cost: costOf(start) }];
  const seen = new Set<string>([start.join(',')]);
  while (heap.length && out.length < k) {
    heap.sort((a, b) => a.cost - b.cost);
    const { idx, cost } = heap.shift() as { idx: number[]; cost: number };
    out.push({ parts: idx.map((i, j) => lists[j][i]), cost });
    for (let j = 0; j < idx.length; j++) {
      if (idx[j] + 1 >= lists[j].length) continue;
      const next = idx.slice();
      next[j]++;
      const key = next.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      heap.push({ idx: next, cost: costOf(next) });
    }
  }
  return out;
}

/** Reactions of a route, children before parents (post-order). */
export function routeReactions(tree: RouteTree): ReactionNode[] {
  if (!tree.reaction) return [];
  return [...tree.reaction.children.flatMap(routeReactions), tree.reaction.node];
}

/** Purchasable leaves of a route, in order of appearance (with repeats). */
export function routeLeaves(tree: RouteTree): string[] {
  if (!tree.reaction) return [tree.smiles];
  return tree.reaction.children.flatMap(routeLeaves);
}

/** Longest chain of reactions from the target to a leaf. */
export function routeDepth(tree: RouteTree): number {
  if (!tree.reaction) return 0;
  return 1 + Math.max(...tree.reaction.children.map(routeDepth));
}

/**
 * Picks routes cheapest first while no building block is used by more than
 * `buildingBlockLimit` chosen routes and no reaction by more than `reactionLimit`.
 * Molecules are compared by `compoundKey`: with a tautomer-insensitive key, two
 * routes that write a building block or an intermediate as different tautomers
 * (a 7H- and a 9H-purine, a 2-pyridone and a 2-hydroxypyridine) are the same
 * route, and only the first is shown.
 */
export function selectDiverse(
  routes: ScoredRoute[],
  count: number,
  buildingBlockLimit: number,
  reactionLimit: number,
  compoundKey: (smiles: string) => string = (s) => s,
): ScoredRoute[] {
  const keys = new Map<string, string>();
  const key = (smiles: string) => {
    let k = keys.get(smiles);
    if (k === undefined) keys.set(smiles, (k = compoundKey(smiles)));
    return k;
  };
  const reactionKey = (r: ReactionNode) =>
    `${r.precursors
      .map((p) => key(p.smiles))
      .sort()
      .join('.')}>>${key(r.product.smiles)}`;
  const bbUse = new Map<string, number>();
  const rxnUse = new Map<string, number>();
  const chosen: ScoredRoute[] = [];
  const signatures = new Set<string>();
  for (const route of routes) {
    if (chosen.length >= count) break;
    const leaves = [...new Set(routeLeaves(route.tree).map(key))];
    const reactions = [...new Set(routeReactions(route.tree).map(reactionKey))];
    const signature = reactions.slice().sort().join('|') || key(route.tree.smiles);
    if (signatures.has(signature)) continue;
    if (leaves.some((b) => (bbUse.get(b) ?? 0) >= buildingBlockLimit)) continue;
    if (reactions.some((r) => (rxnUse.get(r) ?? 0) >= reactionLimit)) continue;
    signatures.add(signature);
    for (const b of leaves) bbUse.set(b, (bbUse.get(b) ?? 0) + 1);
    for (const r of reactions) rxnUse.set(r, (rxnUse.get(r) ?? 0) + 1);
    chosen.push(route);
  }
  return chosen;
}
