/**
 * The route format of the contract (the spec's `Route`), the diagnosis of an
 * unsolved target in the same format, and how a route's price is read.
 * Imports nothing: the engine writes these, the store keeps them, the API and
 * the command line send and show them.
 */

/**
 * The spec's `BuildingBlockMetadata`, whose strings must match `^\w+$` and
 * whose `price` is a required number. SynRoute's extensions: `priceKnown`
 * (false when the library lists no price: `price` is then 0 only because the
 * spec requires a number) and `verbatim`, the library's own text of any field
 * the spec's pattern altered (a catalogue id `EN-001` is `EN_001` in
 * `identifier`).
 */
export interface BuildingBlockMetadata {
  availability?: string;
  datasetProvider?: string;
  identifier?: string;
  price: number;
  priceKnown?: boolean;
  verbatim?: { availability?: string; datasetProvider?: string; identifier?: string };
}

export interface RouteBuildingBlock {
  smiles: string;
  buildingBlockMetadata: BuildingBlockMetadata[];
}

export interface RouteStep {
  number: number;
  reactionSmiles: string;
  /**
   * SynRoute extension: what the chemistry judges found doubtful about this step
   * (a selectivity or regiochemistry problem, a template artifact); absent when nothing.
   */
  concerns?: string[];
}

/** The spec's `Route`: building blocks `>>` target summary, building blocks, steps in post-order. */
export interface Route {
  reactionSmiles: string;
  buildingBlocks: RouteBuildingBlock[];
  steps: RouteStep[];
}

/** Why a molecule of a partial route is not made (MISSING_REASONS says what each means). */
export type MissingReason =
  'time_limit' | 'iteration_limit' | 'not_explored' | 'no_reaction' | 'depth_limit';

export interface MissingMolecule {
  smiles: string;
  reason: MissingReason;
}

/** A leaf of a partial route: a building block, or a molecule still to be made. */
export interface PartialRouteLeaf extends RouteBuildingBlock {
  inStock: boolean;
}

/** A route (same format) whose leaves may be missing from the stock. */
export interface PartialRoute {
  reactionSmiles: string;
  buildingBlocks: PartialRouteLeaf[];
  steps: RouteStep[];
}

/** What an unsolved search found: its most promising partial route and what it lacks. */
export interface Diagnosis {
  partialRoute: PartialRoute;
  missingMolecules: MissingMolecule[];
}

/** What each reason means, for people (API documentation, command line). */
export const MISSING_REASONS: Record<MissingReason, string> = {
  time_limit: 'not explored before the time limit',
  iteration_limit: 'not explored before the iteration limit',
  not_explored: 'not explored: every route through it also needs a molecule that cannot be made',
  no_reaction: 'a dead end: no template applies to it (or every proposal was rejected)',
  depth_limit: 'at the longest route length searched, so not expanded',
};

/**
 * The price of one offer, or null when unknown. Routes stored before
 * `priceKnown` existed wrote 0 for a missing price, so there 0 reads as unknown.
 */
export function offerPrice(m: BuildingBlockMetadata): number | null {
  if (m.priceKnown === false || !Number.isFinite(m.price)) return null;
  if (m.priceKnown === undefined && m.price <= 0) return null;
  return m.price;
}

/** Sum of each building block's cheapest known price; null when any block has none. */
export function routePrice(route: Route): number | null {
  let total = 0;
  for (const bb of route.buildingBlocks) {
    const prices = bb.buildingBlockMetadata.map(offerPrice).filter((p): p is number => p !== null);
    if (!prices.length) return null;
    total += Math.min(...prices);
  }
  return Math.round(total * 100) / 100;
}
