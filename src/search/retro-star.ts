/**
 * Retro*-style best-first search over the AND-OR graph. Each molecule's cost
 * is the cheapest known way to get it (0 when purchasable, a heuristic guess
 * when unexplored); a reaction costs -log(prior) plus its precursors. Every
 * iteration expands an unexplored molecule of the currently cheapest partial
 * route, which is the molecule with the lowest Retro* value V(m).
 */
import { AndOrGraph, MoleculeNode } from './and-or-graph.js';
import { CandidateReaction, ReactionModel } from '../reaction-models/reaction-model.js';

/** Why a search stopped. */
export type StopReason = 'routes' | 'time' | 'iterations' | 'exhausted' | 'in_stock';

export interface SearchLimits {
  /** Expansions allowed (the iteration limit). */
  maxIterations: number;
  /** Wall-clock budget in milliseconds. */
  timeLimitMs: number;
  /** Longest route, in reactions from the target. */
  maxDepth: number;
  /** Search on after the target's first complete route, until a limit (for alternatives). */
  pastFirstRoute?: boolean;
}

export interface SearchHooks {
  /** Monotonic clock in ms (tests may inject one). */
  now?: () => number;
}

export interface SearchCosts {
  /** Added to -log(prior) for every reaction: prefers shorter routes. */
  reactionBaseCost: number;
  /** Estimated cost to make a molecule not yet explored. */
  value: (smiles: string) => number;
}

export interface SearchResult {
  graph: AndOrGraph;
  iterations: number;
  stopReason: StopReason;
  elapsedMs: number;
  /** Milliseconds until the target first had a complete route, or null. */
  firstRouteMs: number | null;
}

const MIN_PRIOR = 1e-6;

export function retroStar(
  target: string,
  model: ReactionModel,
  inStock: (smiles: string) => boolean,
  limits: SearchLimits,
  costs: SearchCosts,
  hooks: SearchHooks = {},
): SearchResult {
  const now = hooks.now ?? (() => performance.now());
  const start = now();
  const graph = new AndOrGraph(target, inStock, costs.value);
  const root = graph.root;
  if (root.inStock)
    return { graph, iterations: 0, stopReason: 'in_stock', elapsedMs: 0, firstRouteMs: 0 };

  let iterations = 0;
  let firstRouteMs: number | null = null;
  let stopReason: StopReason = 'exhausted';
  for (;;) {
    if (root.solved && !limits.pastFirstRoute) {
      stopReason = 'routes';
      break;
    }
    if (iterations >= limits.maxIterations) {
      stopReason = 'iterations';
      break;
    }
    if (now() - start >= limits.timeLimitMs) {
      stopReason = 'time';
      break;
    }
    // Once the target has a route, more routes come from the cheapest partial
    // route that is still open (the cheapest one is complete).
    const next = root.solved ? selectAlternativeFrontier(root) : selectFrontier(root);
    if (!next) break;
    expand(graph, next, model.expand(next.smiles), limits.maxDepth, costs);
    iterations++;
    if (root.solved && firstRouteMs === null) firstRouteMs = now() - start;
  }
  return { graph, iterations, stopReason, elapsedMs: now() - start, firstRouteMs };
}

/**
 * The first unexplored molecule of the cheapest partial route (following each
 * molecule's cheapest reaction from the root). All such molecules share the
 * minimal Retro* value, so this is Retro*'s choice.
 */
export function selectFrontier(root: MoleculeNode): MoleculeNode | null {
  if (!Number.isFinite(root.cost)) return null;
  const stack = [root];
  const seen = new Set<MoleculeNode>();
  while (stack.length) {
    const m = stack.pop() as MoleculeNode;
    if (seen.has(m)) continue;
    seen.add(m);
    if (m.isFrontier) return m;
    if (m.inStock || !m.expanded) continue;
    let best = null;
    for (const r of m.reactions) if (!best || r.cost < best.cost) best = r;
    if (!best || !Number.isFinite(best.cost)) continue;
    for (let i = best.precursors.length - 1; i >= 0; i--) {
      const p = best.precursors[i];
      if (!p.solved) stack.push(p);
    }
  }
  return null;
}

/**
 * The first unexplored molecule of the cheapest partial route that still has
 * one: for each molecule, the cheapest way to make it that keeps exactly one
 * open branch (one precursor on its own cheapest open way, the others at their
 * cheapest), found by dynamic programming over the graph.
 */
export function selectAlternativeFrontier(root: MoleculeNode): MoleculeNode | null {
  const memo = new Map<MoleculeNode, { cost: number; via: MoleculeNode | null }>();
  const open = (m: MoleculeNode): { cost: number; via: MoleculeNode | null } => {
    if (m.isFrontier) return { cost: m.cost, via: null };
    if (m.inStock || m.dead || !m.expanded) return { cost: Infinity, via: null };
    const known = memo.get(m);
    if (known) return known;
    memo.set(m, { cost: Infinity, via: null }); // acyclic; guards against surprises
    let best = { cost: Infinity, via: null as MoleculeNode | null };
    for (const r of m.reactions) {
      const base = r.stepCost + r.precursors.reduce((sum, p) => sum + p.cost, 0);
      for (const p of r.precursors) {
        const sub = open(p);
        if (!Number.isFinite(sub.cost)) continue;
        const cost = Number.isFinite(p.cost) ? base - p.cost + sub.cost : Infinity;
        if (cost < best.cost) best = { cost, via: p };
      }
    }
    memo.set(m, best);
    return best;
  };
  let m: MoleculeNode | null = root;
  for (let guard = 0; m && guard < 1000; guard++) {
    if (m.isFrontier) return m;
    m = open(m).via;
  }
  return null;
}

function expand(
  graph: AndOrGraph,
  node: MoleculeNode,
  candidates: CandidateReaction[],
  maxDepth: number,
  costs: SearchCosts,
): void {
  node.expanded = true;
  const ancestors = graph.ancestors(node);
  const revived: MoleculeNode[] = [];
  const depth = node.depth + 1;
  for (const c of likeliestPerPrecursorSet(candidates)) {
    if (c.precursors.some((p) => isAncestor(graph, ancestors, p))) continue;
    const precursors = c.precursors.map((p) => graph.molecule(p, depth));
    for (const p of precursors) {
      if (p.inStock || p.expanded) continue;
      if (p.depth >= maxDepth && !p.dead) {
        p.dead = true;
        p.cost = Infinity;
      } else if (p.depth < maxDepth && p.dead) {
        // reached by a shorter path: explorable again
        p.dead = false;
        p.cost = costs.value(p.smiles);
        revived.push(p);
      }
    }
    const stepCost = -Math.log(Math.max(c.prior, MIN_PRIOR)) + costs.reactionBaseCost;
    graph.addReaction(node, precursors, stepCost, c.prior, c.source, {
      feasibility: c.feasibility,
      concerns: c.concerns,
      precedent: c.precedent,
    });
  }
  if (node.reactions.length === 0) node.dead = true;
  for (const p of revived) graph.propagate(p);
  graph.propagate(node);
}

/**
 * One candidate per precursor set, the likeliest, in the order the sets first
 * appear. Candidates come in the policy's template order, but a template judge
 * may have penalized the first template to give a set (a mis-mapped template
 * giving the same precursors as a sound one, such as triethyl orthoformate and
 * a diamine making a benzimidazole), so the first is not always the likeliest.
 */
function likeliestPerPrecursorSet(candidates: CandidateReaction[]): CandidateReaction[] {
  const best = new Map<string, CandidateReaction>();
  for (const c of candidates) {
    const key = c.precursors.join('.');
    const seen = best.get(key);
    if (!seen || c.prior > seen.prior) best.set(key, c);
  }
  return [...best.values()];
}

function isAncestor(graph: AndOrGraph, ancestors: Set<MoleculeNode>, smiles: string): boolean {
  const n = graph.get(smiles);
  return n !== undefined && ancestors.has(n);
}
