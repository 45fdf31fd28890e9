/**
 * Expansion recall on the reference routes' reactions (issue 13): applied to
 * a reference reaction's product, does the default engine's expansion — the
 * single-step proposals the search itself sees, critics included — propose
 * the recorded precursors, and at which rank? A route can only be recovered
 * when every one of its reactions is proposed, and cheaply enough: a step the
 * model proposes far down costs the route dearly (its cost is -log prior).
 *
 * Unlike the template coverage of `route-quality` (is a reproducing template
 * in the policy's ranking at all), this counts what the search gets: the
 * first productive templates only, after the feasibility minimum. Figures per
 * set and per depth of the reference route a reaction first appears in
 * (deeper routes need more steps right). SYNROUTE_ENGINE_SETTINGS overrides
 * the engine's model options for A/B runs. About 2 minutes on one thread.
 */
import { join } from 'node:path';
import { canonicalSmiles, loadRDKit } from '../src/chem/index.js';
import { DEFAULT_ENGINE_ID, engine } from '../src/engine/index.js';
import type { CandidateReaction } from '../src/reaction-models/reaction-model.js';
import {
  fragmentSetKey,
  reactionKey,
  readReferenceRoutes,
  REFERENCE_SETS,
  referenceReactions,
  share,
} from './route-match.js';
import { record, sharedDir } from './shared.js';

const RANKS = [1, 5, 10];

/**
 * Rank (0-based) of a precursor set among an expansion's proposals, or null
 * when it is not proposed. Proposals are distinct stereo-free fragment sets
 * (as route matching compares them), ordered by their best prior: the
 * cheapest step the search could take to them.
 */
export function proposalRank(candidates: CandidateReaction[], reactantsKey: string): number | null {
  const best = new Map<string, number>();
  for (const c of candidates) {
    const key = fragmentSetKey(c.precursors);
    if (key !== null && c.prior > (best.get(key) ?? -1)) best.set(key, c.prior);
  }
  const prior = best.get(reactantsKey);
  if (prior === undefined) return null;
  let rank = 0;
  for (const [key, p] of best) if (p > prior || (p === prior && key < reactantsKey)) rank++;
  return rank;
}

interface ReferenceReaction {
  set: string;
  depth: number;
  product: string;
  reactantsKey: string;
}

/** Each distinct reference reaction once, with the set and route depth it first appears in. */
function referenceReactionsOf(dir: string): ReferenceReaction[] {
  const seen = new Map<string, ReferenceReaction>();
  for (const set of REFERENCE_SETS) {
    for (const ref of readReferenceRoutes(dir, set)) {
      for (const r of referenceReactions(ref.route)) {
        const key = reactionKey(r);
        if (key === null || seen.has(key)) continue;
        seen.set(key, {
          set,
          depth: ref.depth,
          product: r.product,
          reactantsKey: key.split('>>')[0],
        });
      }
    }
  }
  return [...seen.values()];
}

function figures(ranks: (number | null)[]) {
  const n = ranks.length;
  const within = (k: number) => ranks.filter((r) => r !== null && r < k).length;
  return {
    reactions: n,
    proposed: share(ranks.filter((r) => r !== null).length, n),
    ...Object.fromEntries(RANKS.map((k) => [`top${k}`, share(within(k), n)])),
  };
}

export async function expansionRecallBench(): Promise<void> {
  await loadRDKit();
  const eng = engine(DEFAULT_ENGINE_ID)!;
  const reactions = referenceReactionsOf(join(sharedDir(), 'bench', 'reference-routes'));
  const start = performance.now();
  const ranks = reactions.map((r) => {
    const product = canonicalSmiles(r.product);
    return product === null ? null : proposalRank(eng.model.expand(product), r.reactantsKey);
  });
  const ms = performance.now() - start;
  const group = (keep: (r: ReferenceReaction) => boolean) =>
    figures(ranks.filter((_, i) => keep(reactions[i])));
  const depths = [...new Set(reactions.map((r) => r.depth))].sort((a, b) => a - b);
  record('expansion-recall', {
    engineVersion: eng.info.version,
    modelOptions: eng.settings.model,
    overall: group(() => true),
    sets: Object.fromEntries(REFERENCE_SETS.map((s) => [s, group((r) => r.set === s)])),
    byRouteDepth: Object.fromEntries(depths.map((d) => [d, group((r) => r.depth === d)])),
    expansionMsMean: Math.round(ms / reactions.length),
  });
}
