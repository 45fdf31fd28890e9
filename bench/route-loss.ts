/**
 * Where the reference route is lost (issue 13): for a sample of the
 * reference-route targets, the planner's own search (default engine, 10 s,
 * five routes wanted, `leaves-stock.smi` as the only stock) is run in-process
 * so that its search graph can be inspected, and each target gets the first
 * stage its reference route fails to pass:
 *
 * 1. `not reached`: a reference reaction is not in the search graph because
 *    the search never expanded its product (nor that of any other missing
 *    reference reaction): the search, not the model;
 *    `not proposed`: a reference reaction is not in the search graph although
 *    its product was expanded: the model did not propose it (in the first
 *    templates it applies);
 * 2. `incomplete`: every reaction is in the graph but not all are solved
 *    (a precursor never made from stock);
 * 3. `beyond 500`: the route is solved but not among the 500 cheapest routes;
 * 4. `not ranked`: among the 500 cheapest, but not among those the planner
 *    ranks (the 20 cheapest);
 * 5. `below 5`: ranked, but not among the five routes returned;
 * 6. `top 5` (and `first`): returned.
 *
 * Stages 1-2 are the single-step model and the search; 3-5 the search cost
 * and the route score. ROUTE_LOSS_EVERY=k: every k-th target of both sets
 * (default 4: 161 targets, about 32 minutes on one thread at 10 s, the
 * search plus about 2 s of matching per target; 8: half that);
 * ROUTE_LOSS_TIME: seconds per target.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRDKit } from '../src/chem/index.js';
import { DEFAULT_ENGINE_ID, engine } from '../src/engine/index.js';
import { searchContext } from '../src/engine/engine.js';
import { planOptionsFrom } from '../src/engine/plan-target.js';
import { AndOrGraph } from '../src/search/and-or-graph.js';
import { candidateRoutes, chooseRoutes, PlanContext, searchTarget } from '../src/search/planner.js';
import { bestRoutes, routeReactions, ScoredRoute } from '../src/search/routes.js';
import { AdHocStock } from '../src/stock/stock.js';
import {
  readReferenceRoutes,
  Reaction,
  reactionKey,
  REFERENCE_SETS,
  referenceReactions,
  routeKey,
  share,
  stereoFreeKey,
} from './route-match.js';
import { readSmilesFile, record, repoRoot, sharedDir } from './shared.js';

const POOL = 500;
const ROUTES = 5;

export const STAGES = [
  'not reached',
  'not proposed',
  'incomplete',
  'beyond 500',
  'not ranked',
  'below 5',
  'top 5',
] as const;
export type Stage = (typeof STAGES)[number];

/** A search-graph reaction in route-match terms. */
function asReaction(r: AndOrGraph['reactions'][number]): Reaction {
  return { product: r.product.smiles, reactants: r.precursors.map((p) => p.smiles) };
}

function keyOf(route: ScoredRoute): string | null {
  return routeKey(routeReactions(route.tree).map(asReaction));
}

/**
 * The stage a reference route (its reaction keys and route key) reaches in
 * one search: `pool` is the cheapest routes, cheapest first, of which the
 * first `ranked` are ranked by the planner; `chosen` the routes it returned.
 */
export function lossStage(
  want: { reactions: Set<string>; route: string },
  graph: AndOrGraph,
  pool: ScoredRoute[],
  ranked: number,
  chosen: ScoredRoute[],
): { stage: Stage; first: boolean; poolPosition: number | null } {
  const inGraph = new Set<string>();
  const solved = new Set<string>();
  for (const r of graph.reactions) {
    const key = reactionKey(asReaction(r));
    if (key === null || !want.reactions.has(key)) continue;
    inGraph.add(key);
    if (r.solved) solved.add(key);
  }
  const position = pool.findIndex((r) => keyOf(r) === want.route);
  const returned = chosen.findIndex((r) => keyOf(r) === want.route);
  const stage = ((): Stage => {
    if (returned >= 0) return 'top 5';
    if (inGraph.size < want.reactions.size) {
      const missing = [...want.reactions].filter((k) => !inGraph.has(k));
      const expanded = expandedProducts(graph);
      return missing.some((k) => expanded.has(k.split('>>')[1])) ? 'not proposed' : 'not reached';
    }
    if (solved.size < want.reactions.size) return 'incomplete';
    if (position < 0) return 'beyond 500';
    return position >= ranked ? 'not ranked' : 'below 5';
  })();
  return { stage, first: returned === 0, poolPosition: position < 0 ? null : position };
}

/** Stereo-free keys of the molecules the search expanded. */
function expandedProducts(graph: AndOrGraph): Set<string> {
  const keys = new Set<string>();
  for (const m of graph.molecules) {
    const key = m.expanded ? stereoFreeKey(m.smiles) : null;
    if (key !== null) keys.add(key);
  }
  return keys;
}

export async function routeLossBench(): Promise<void> {
  const dir = join(sharedDir(), 'bench', 'reference-routes');
  const every = Math.max(1, Number(process.env.ROUTE_LOSS_EVERY ?? 4));
  const seconds = Number(process.env.ROUTE_LOSS_TIME ?? 10);
  await loadRDKit();
  const eng = engine(DEFAULT_ENGINE_ID);
  if (!eng) throw new Error('no default engine');
  const stock = new AdHocStock(readSmilesFile(join(dir, 'leaves-stock.smi')));
  const ctx: PlanContext = { ...searchContext(eng, eng.model), inStock: (s) => stock.contains(s) };
  // As the route-quality bench asks: five routes, no diversity cap beyond five.
  const options = planOptionsFrom({
    number_of_routes: ROUTES,
    processing_time: seconds,
    building_block_limit: ROUTES,
    reaction_limit: ROUTES,
  });
  const references = REFERENCE_SETS.flatMap((set) =>
    readReferenceRoutes(dir, set).map((r) => ({ set, ...r })),
  ).filter((_, i) => i % every === 0);

  const rows: ({ set: string; id: string; depth: number } & ReturnType<typeof lossStage>)[] = [];
  for (const ref of references) {
    const reactions = referenceReactions(ref.route);
    const route = routeKey(reactions);
    const keys = reactions.map((r) => reactionKey(r));
    if (route === null || keys.some((k) => k === null)) continue;
    const search = searchTarget(ref.target, options, ctx);
    const pool = bestRoutes(search.graph, POOL);
    const chosen = chooseRoutes(search.graph, options, ctx);
    const want = { reactions: new Set(keys as string[]), route };
    const where = lossStage(want, search.graph, pool, candidateRoutes(options), chosen);
    rows.push({ set: ref.set, id: ref.id, depth: ref.depth, ...where });
  }

  writeFileSync(
    join(repoRoot, 'bench', 'results', 'route-loss-targets.jsonl'),
    rows.map((r) => JSON.stringify(r)).join('\n') + '\n',
  );
  const count = (stage: Stage) => rows.filter((r) => r.stage === stage).length;
  record('route-loss', {
    engineVersion: eng.info.version,
    stock: 'reference-routes/leaves-stock.smi only',
    settings: { seconds, routes: ROUTES, every, pool: POOL, ranked: candidateRoutes(options) },
    targets: rows.length,
    stages: Object.fromEntries(
      STAGES.map((s) => [s, { targets: count(s), share: share(count(s), rows.length) }]),
    ),
    first: share(rows.filter((r) => r.first).length, rows.length),
  });
}
