/**
 * Route comparison for the route-quality benchmark (PaRoutes' measure): two
 * routes match when they hold the same set of reactions, a reaction being its
 * product and its set of reactants, all as canonical SMILES without stereo.
 *
 * Reactant sets are sets of molecule fragments: the planner writes a step as
 * `a.b>>p` and cannot tell a salt `a.b` from two precursors, so a reference
 * reactant `a.b` is read as the fragments `a` and `b` too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalSmiles, inchiKeyOf, stereoFreeSmiles } from '../src/chem/index.js';
import type { Route } from '../src/contract/index.js';
import { LruCache } from '../src/util/lru.js';
import { quantile } from './shared.js';

/** A node of a reference route: a molecule, with the molecules it is made from (none: starting material). */
export interface ReferenceNode {
  smiles: string;
  children?: ReferenceNode[];
}

/** The development sets of `shared/bench/reference-routes`. */
export const REFERENCE_SETS = ['mkt-cnv-160', 'mkt-lin-500'];

/** One target of a reference set with the route used in the patent. */
export interface ReferenceRoute {
  id: string;
  target: string;
  /** Longest chain of reactions. */
  depth: number;
  route: ReferenceNode;
}

/** The reference routes of set `name` in directory `dir` (`<name>.routes.jsonl`). */
export function readReferenceRoutes(dir: string, name: string): ReferenceRoute[] {
  return readFileSync(join(dir, `${name}.routes.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ReferenceRoute);
}

export interface Reaction {
  product: string;
  reactants: string[];
}

/** The reference route's reactions in post-order: precursors' reactions first, the target's last. */
export function referenceReactions(node: ReferenceNode): Reaction[] {
  const children = node.children ?? [];
  if (!children.length) return [];
  return [
    ...children.flatMap(referenceReactions),
    { product: node.smiles, reactants: children.map((c) => c.smiles) },
  ];
}

/** A planner route's reactions, parsed from its steps (`reactants>>product`), in step order. */
export function plannedReactions(route: Route): Reaction[] {
  return route.steps.map((s) => parseReaction(s.reactionSmiles));
}

function parseReaction(smiles: string): Reaction {
  const [reactants, product] = smiles.split('>>');
  return { product, reactants: reactants.split('.') };
}

const stereoFreeKeys = new LruCache<string, string | null>(200_000);

/**
 * Canonical SMILES without stereo, or null when RDKit cannot read it. Cached:
 * a search graph's reactions share their molecules.
 */
export function stereoFreeKey(smiles: string): string | null {
  let key = stereoFreeKeys.get(smiles);
  if (key === undefined) {
    const canonical = canonicalSmiles(smiles);
    key = canonical === null ? null : stereoFreeSmiles(canonical);
    stereoFreeKeys.set(smiles, key);
  }
  return key;
}

const compoundKeys = new LruCache<string, string | null>(200_000);

/**
 * The compound a molecule is, stereo ignored: the standard InChIKey of its
 * stereo-free form, whose mobile-hydrogen layer makes tautomers one compound
 * (a 4-hydroxyquinoline and its 4-quinolone; the strict measure tells them
 * apart, as the SMILES differ). Null when RDKit cannot read the molecule.
 */
export function compoundKey(smiles: string): string | null {
  let key = compoundKeys.get(smiles);
  if (key === undefined) {
    const free = stereoFreeKey(smiles);
    key = free === null ? null : inchiKeyOf(free) || free;
    compoundKeys.set(smiles, key);
  }
  return key;
}

/**
 * A reaction as `reactants>>product`: stereo-free canonical fragments, sorted
 * and without repeats, so equal reactions give equal keys. Null when a
 * molecule cannot be read.
 */
export function reactionKey(r: Reaction, byCompound = false): string | null {
  const product = byCompound ? compoundKey(r.product) : stereoFreeKey(r.product);
  const reactants = fragmentSetKey(r.reactants, byCompound);
  return product === null || reactants === null ? null : `${reactants}>>${product}`;
}

/** Molecules as their stereo-free canonical fragments, sorted, without repeats, '.'-joined. */
export function fragmentSetKey(molecules: readonly string[], byCompound = false): string | null {
  const fragments = new Set<string>();
  for (const m of molecules) {
    const key = stereoFreeKey(m);
    if (key === null) return null;
    for (const f of key.split('.')) fragments.add(byCompound ? (compoundKey(f) as string) : f);
  }
  return [...fragments].sort().join('.');
}

/** The set of reaction keys of a route, as one string; null when a reaction cannot be read. */
export function routeKey(reactions: Reaction[], byCompound = false): string | null {
  const keys = new Set<string>();
  for (const r of reactions) {
    const key = reactionKey(r, byCompound);
    if (key === null) return null;
    keys.add(key);
  }
  return [...keys].sort().join('|');
}

/** Position (0-based) of the first planner route holding exactly the reference's reactions, or null. */
export function referenceRank(
  reference: ReferenceNode,
  routes: Route[],
  byCompound = false,
): number | null {
  const want = routeKey(referenceReactions(reference), byCompound);
  if (want === null) return null;
  const rank = routes.findIndex((r) => routeKey(plannedReactions(r), byCompound) === want);
  return rank < 0 ? null : rank;
}

/** The reaction making the route's target (its first disconnection), or null for a route without steps. */
export function firstDisconnection(route: Route): Reaction | null {
  const target = stereoFreeKey(route.reactionSmiles.split('>>')[1]);
  if (target === null) return null;
  return plannedReactions(route).find((r) => stereoFreeKey(r.product) === target) ?? null;
}

/** Whether the best planner route starts with the reference route's last reaction (the one making the target). */
export function firstStepMatches(reference: ReferenceNode, routes: Route[]): boolean {
  const want = referenceReactions(reference).at(-1);
  const got = routes.length ? firstDisconnection(routes[0]) : null;
  if (!want || !got) return false;
  const key = reactionKey(want);
  return key !== null && key === reactionKey(got);
}

/** What the benchmark records per target. */
export interface TargetOutcome {
  solved: boolean;
  /** Position of the reference route among the returned routes, or null. */
  rank: number | null;
  /** The same with molecules compared as compounds (tautomers one; `compoundKey`). */
  compoundRank?: number | null;
  firstStep: boolean;
  firstRouteMs: number | null;
}

export interface QualityFigures {
  targets: number;
  solved: number;
  solveRate: number;
  top1: number;
  top5: number;
  /** Top-1 / top-5 with molecules compared as compounds (when the outcomes carry it). */
  top1Compound?: number;
  top5Compound?: number;
  firstStep: number;
  /** Median time to the first route over solved targets (ms), null when none. */
  firstRouteMsMedian: number | null;
}

/** Solve rate, route recovery top-1/top-5 and first-step recovery, as shares of all targets. */
export function qualityFigures(outcomes: TargetOutcome[]): QualityFigures {
  const n = outcomes.length;
  const count = (f: (o: TargetOutcome) => boolean) => outcomes.filter(f).length;
  const solved = count((o) => o.solved);
  const times = outcomes
    .filter((o) => o.solved && o.firstRouteMs !== null)
    .map((o) => o.firstRouteMs as number)
    .sort((a, b) => a - b);
  return {
    targets: n,
    solved,
    solveRate: share(solved, n),
    top1: share(
      count((o) => o.rank === 0),
      n,
    ),
    top5: share(
      count((o) => o.rank !== null && o.rank < 5),
      n,
    ),
    ...(outcomes.some((o) => o.compoundRank !== undefined)
      ? {
          top1Compound: share(
            count((o) => o.compoundRank === 0),
            n,
          ),
          top5Compound: share(
            count((o) => o.compoundRank != null && o.compoundRank < 5),
            n,
          ),
        }
      : {}),
    firstStep: share(
      count((o) => o.firstStep),
      n,
    ),
    firstRouteMsMedian: times.length ? quantile(times, 0.5) : null,
  };
}

/** k of n as a share rounded to 0.001 (0 when n is 0). */
export function share(k: number, n: number): number {
  return n ? Math.round((1000 * k) / n) / 1000 : 0;
}
