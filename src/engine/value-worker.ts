/**
 * Worker thread of value training: searches each training product for its
 * whole budget (past the first route, so alternatives get costs too) and
 * reports what the search learned about every molecule's cost to make.
 */
import { workerData } from 'node:worker_threads';
import { loadRDKit } from '../chem/index.js';
import { CostOutcome, searchOutcomes } from '../search/outcomes.js';
import { retroStar } from '../search/retro-star.js';
import { LibraryRegistry } from '../stock/registry.js';
import { LibraryStock, Stock } from '../stock/stock.js';
import { DEFAULTS } from '../contract/index.js';
import { DEFAULT_ENGINE_ID, engine } from './index.js';
import type { Engine } from './engine.js';

const data = workerData as { dataDir: string; library: string };
let eng: Engine | undefined;
let stock: Stock | undefined;

export default async function run(task: {
  targets: string[];
  seconds: number;
}): Promise<CostOutcome[]> {
  await loadRDKit();
  eng ??= engine(DEFAULT_ENGINE_ID) as Engine;
  const blocks = (stock ??= new LibraryStock([
    new LibraryRegistry(data.dataDir).open(data.library),
  ]));
  const limits = {
    maxIterations: Number.MAX_SAFE_INTEGER,
    timeLimitMs: task.seconds * 1000,
    maxDepth: DEFAULTS.maxDepth,
    pastFirstRoute: true,
  };
  const out: CostOutcome[] = [];
  for (const target of task.targets) {
    if (blocks.contains(target)) continue;
    const search = retroStar(target, eng.model, (s) => blocks.contains(s), limits, eng.costs);
    out.push(...searchOutcomes(search.graph));
  }
  return out;
}
