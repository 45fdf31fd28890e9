/**
 * Route quality (issue 13) on the reference-route development sets
 * (shared/bench/reference-routes, whose README defines the measures): each
 * target is planned with the set's starting materials (`leaves-stock.smi`)
 * as the only building-block library, and the planner's routes are compared
 * with the route used in the patent (route-match.ts). Per set and overall:
 * solve rate, reference route among the first 1 / 5 routes, first-step
 * recovery, and template coverage of the reference reactions: by any
 * template of the engine's library, and by one the policy ranks within the
 * top 50 / 300 for the product (a miss there is ranking, not coverage).
 *
 * ROUTE_QUALITY_TIME: seconds per target (default 10); ROUTE_QUALITY_TARGETS=n:
 * first n targets of each set only (quick looks); ROUTE_QUALITY_SKIP=k: leave out
 * the first k of each set (with both, targets k+1 to n); ROUTE_QUALITY_IDS=file:
 * only the targets whose ids the file lists, one per line (rechecking the targets
 * an A/B changed, with both builds). Planning uses two threads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { loadRDKit } from '../src/chem/index.js';
import { DEFAULT_ENGINE_ID, engine } from '../src/engine/index.js';
import { siblingWorker } from '../src/util/paths.js';
import {
  firstStepMatches,
  qualityFigures,
  readReferenceRoutes,
  REFERENCE_SETS,
  referenceRank,
  referenceReactions,
  share,
  TargetOutcome,
} from './route-match.js';
import { ReactionCoverage, TemplateCoverage } from './route-coverage.js';
import { ensureLibrary, planAll, record, repoRoot, sharedDir } from './shared.js';

const THREADS = 2;
const ROUTES = 5;
const LIBRARY = 'reference_leaves';
const dataDir = join(tmpdir(), 'synroute-bench', 'route-quality-data');

interface Row extends TargetOutcome {
  set: string;
  id: string;
  /** The reference route's depth (longest chain of reactions). */
  depth: number;
  routes: number;
  stop: string;
  error?: string;
  reactions: number;
  /** Reference reactions reproduced by some library template / a policy top-50 template. */
  covered: number;
  coveredTop50: number;
}

export async function routeQualityBench(): Promise<void> {
  const dir = join(sharedDir(), 'bench', 'reference-routes');
  const limit = Number(process.env.ROUTE_QUALITY_TARGETS ?? 0) || undefined;
  // Skipping the first k of each set continues an earlier partial run (the whole set is slow).
  const skip = Number(process.env.ROUTE_QUALITY_SKIP ?? 0) || 0;
  const seconds = Number(process.env.ROUTE_QUALITY_TIME ?? 10);
  await ensureLibrary(dataDir, join(dir, 'leaves-stock.smi'), {
    id: LIBRARY,
    name: 'reference-route starting materials',
    provider: 'reference',
  });
  const idsFile = process.env.ROUTE_QUALITY_IDS;
  const ids = idsFile ? new Set(readFileSync(idsFile, 'utf8').split(/\s+/).filter(Boolean)) : null;
  const sets = REFERENCE_SETS.map((name) => ({
    name,
    references: readReferenceRoutes(dir, name)
      .slice(skip, limit)
      .filter((r) => !ids || ids.has(r.id)),
  }));
  const references = sets.flatMap((s) => s.references);

  const pool = new Piscina({
    filename: siblingWorker(import.meta.url, '../src/engine/plan-worker.js'),
    maxThreads: THREADS,
    minThreads: THREADS,
  });
  const start = performance.now();
  let planned;
  try {
    planned = await planAll(
      pool,
      references.map((r) => r.target),
      // As `synroute plan --routes 5` asks: the five best routes, no diversity cap.
      { seconds, routes: ROUTES, library: LIBRARY, dataDir, diversityLimit: ROUTES },
    );
  } finally {
    await pool.destroy();
  }
  const planningSeconds = (performance.now() - start) / 1000;

  // Coverage runs after planning so that it does not take CPU from the timed searches.
  await loadRDKit();
  const coverage = new TemplateCoverage(engine(DEFAULT_ENGINE_ID)!);
  const rows: Row[] = [];
  const reactions = new Map<string, ReactionCoverage[]>();
  for (const set of sets) {
    const perSet: ReactionCoverage[] = [];
    for (const ref of set.references) {
      const { output } = planned[rows.length];
      const steps = referenceReactions(ref.route).map((r) => coverage.of(r));
      perSet.push(...steps);
      rows.push({
        set: set.name,
        id: ref.id,
        depth: ref.depth,
        solved: output.summary.synthesizable,
        rank: referenceRank(ref.route, output.routes),
        compoundRank: referenceRank(ref.route, output.routes, true),
        firstStep: firstStepMatches(ref.route, output.routes),
        firstRouteMs: output.stats.firstRouteMs,
        routes: output.routes.length,
        stop: output.stats.stopReason,
        ...(output.error ? { error: output.error.code } : {}),
        reactions: steps.length,
        covered: steps.filter((s) => s.library).length,
        coveredTop50: steps.filter((s) => s.policyRank !== null && s.policyRank < 50).length,
      });
    }
    reactions.set(set.name, perSet);
  }

  writeFileSync(
    join(repoRoot, 'bench', 'results', 'route-quality-targets.jsonl'),
    rows.map((r) => JSON.stringify(r)).join('\n') + '\n',
  );
  const figures = (set?: string) => {
    const chosen = rows.filter((r) => !set || r.set === set);
    const steps = set ? (reactions.get(set) ?? []) : [...reactions.values()].flat();
    return {
      ...qualityFigures(chosen),
      referenceRoutesFullyCovered: share(
        chosen.filter((r) => r.covered === r.reactions).length,
        chosen.length,
      ),
      templateCoverage: TemplateCoverage.summary(steps),
    };
  };
  record('route-quality', {
    engineVersion: planned[0]?.output.stats.engineVersion,
    stock: 'reference-routes/leaves-stock.smi only',
    settings: {
      secondsPerTarget: seconds,
      threads: THREADS,
      numberOfRoutes: ROUTES,
      buildingBlockAndReactionLimit: ROUTES,
      targetsPerSet: limit ?? 'all',
      skippedPerSet: skip,
      ...(ids ? { onlyIds: ids.size } : {}),
    },
    templates: coverage.size,
    sets: Object.fromEntries(REFERENCE_SETS.map((s) => [s, figures(s)])),
    overall: figures(),
    // Recovery falls with the reference route's depth: every step must be proposed, cheaply.
    byRouteDepth: Object.fromEntries(
      [...new Set(rows.map((r) => r.depth))]
        .sort((a, b) => a - b)
        .map((d) => [d, qualityFigures(rows.filter((r) => r.depth === d))]),
    ),
    planningSeconds: Math.round(planningSeconds),
  });
}
