/**
 * What a search without a route still tells a chemist: the most promising
 * partial route of its AND-OR graph (from the target, each molecule's
 * cheapest reaction) and the molecules it still lacks, each with why the
 * search did not make it.
 */
import { AndOrGraph, MoleculeNode, ReactionNode } from './and-or-graph.js';
import type { RouteTree } from './routes.js';
import type { StopReason } from './retro-star.js';

/**
 * Why a molecule of a partial route is not made: the search stopped (time or
 * iteration limit) before expanding it, or stopped with no open route through
 * it (`not_explored`); the model proposed no usable reaction for it
 * (`no_reaction`: a dead end); or it sits at the depth limit.
 */
export type MissingReason =
  'time_limit' | 'iteration_limit' | 'not_explored' | 'no_reaction' | 'depth_limit';

export interface MissingMolecule {
  smiles: string;
  reason: MissingReason;
}

export interface PartialTree {
  /** Leaves are building blocks or the missing molecules. */
  tree: RouteTree;
  /** Leaves not in stock, in order of first appearance. */
  missing: MissingMolecule[];
}

/**
 * The cost of the best way found to get a molecule: dead ends on the way
 * first (only a route through no dead end has a finite cost), then the
 * Retro* cost (reactions' costs plus the estimates of unexplored molecules),
 * so that it is the graph's own cheapest partial route whenever that is finite.
 */
interface Choice {
  deadEnds: number;
  cost: number;
  reaction: ReactionNode | null;
}

const better = (a: Choice, b: Choice) =>
  a.deadEnds < b.deadEnds || (a.deadEnds === b.deadEnds && a.cost < b.cost);

export function cheapestPartialRoute(graph: AndOrGraph, stopReason: StopReason): PartialTree {
  const choices = new Map<MoleculeNode, Choice>();
  const choose = (m: MoleculeNode): Choice => {
    const known = choices.get(m);
    if (known) return known;
    let best = leafChoice(m);
    choices.set(m, best); // the graph is acyclic; this only guards against surprises
    if (!m.inStock && m.expanded)
      for (const r of m.reactions) {
        const option = { deadEnds: 0, cost: r.stepCost, reaction: r };
        for (const p of r.precursors) {
          const sub = choose(p);
          option.deadEnds += sub.deadEnds;
          option.cost += sub.cost;
        }
        if (best.reaction === null || better(option, best)) best = option;
      }
    choices.set(m, best);
    return best;
  };
  const missing = new Map<string, MissingReason>();
  const build = (m: MoleculeNode): RouteTree => {
    const r = choose(m).reaction;
    if (r) return { smiles: m.smiles, reaction: { node: r, children: r.precursors.map(build) } };
    if (!m.inStock && !missing.has(m.smiles)) missing.set(m.smiles, reasonFor(m, stopReason));
    return { smiles: m.smiles };
  };
  const tree = build(graph.root);
  return { tree, missing: [...missing].map(([smiles, reason]) => ({ smiles, reason })) };
}

function leafChoice(m: MoleculeNode): Choice {
  if (m.inStock) return { deadEnds: 0, cost: 0, reaction: null };
  if (m.dead) return { deadEnds: 1, cost: 0, reaction: null };
  return { deadEnds: 0, cost: m.cost, reaction: null };
}

function reasonFor(m: MoleculeNode, stopReason: StopReason): MissingReason {
  // A molecule is dead either after an expansion that gave nothing usable or,
  // unexpanded, because it was reached at the depth limit.
  if (m.dead) return m.expanded ? 'no_reaction' : 'depth_limit';
  if (stopReason === 'time') return 'time_limit';
  if (stopReason === 'iterations') return 'iteration_limit';
  return 'not_explored';
}
