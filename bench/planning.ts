/**
 * Multi-step planning (issue 4) on the development sets, with the dev stock
 * imported as a library: solve rate at 10 s and 60 s per target (fast mode:
 * one route wanted), time to first route, routes per target (default route
 * count), and throughput in targets per hour with both cores planning.
 *
 * `npm run bench -- planning` runs everything (about an hour);
 * PLANNING_TARGETS=n limits the number of targets for a quick look;
 * PLANNING_SHORT=1 leaves out the 60 s re-runs and the many-routes sample
 * (the 10 s solve rate, time to first route and throughput remain).
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeFileSync } from 'node:fs';
import { Piscina } from 'piscina';
import { siblingWorker } from '../src/util/paths.js';
import {
  ensureLibrary,
  planAll,
  quantile,
  readSmilesFile,
  record,
  repoRoot,
  sharedDir,
} from './shared.js';

const dataDir = join(tmpdir(), 'synroute-bench', 'planning-data');

const runAll = (pool: Piscina, targets: string[], o: { seconds: number; routes: number }) =>
  planAll(pool, targets, { ...o, library: 'dev_stock', dataDir });

export async function planningBench(): Promise<void> {
  await ensureLibrary(dataDir, join(sharedDir(), 'bench', 'dev-stock.smi'), {
    id: 'dev_stock',
    name: 'dev stock',
    provider: 'dev',
  });
  const limit = Number(process.env.PLANNING_TARGETS ?? 0) || undefined;
  const targets = readSmilesFile(join(sharedDir(), 'bench', 'dev-targets-300.smi')).slice(0, limit);
  const throughputTargets = readSmilesFile(
    join(sharedDir(), 'bench', 'dev-throughput-100.smi'),
  ).slice(0, limit);
  const pool = new Piscina({
    filename: siblingWorker(import.meta.url, '../src/engine/plan-worker.js'),
    maxThreads: cpus().length,
    minThreads: cpus().length,
  });
  try {
    const at10 = await runAll(pool, targets, { seconds: 10, routes: 1 });
    const unsolved = at10.filter((o) => !o.output.summary.synthesizable).map((o) => o.target);
    const short = process.env.PLANNING_SHORT === '1';
    const at60extra = short ? [] : await runAll(pool, unsolved, { seconds: 60, routes: 1 });
    const solved10 = at10.filter((o) => o.output.summary.synthesizable);
    const solved60 =
      solved10.length + at60extra.filter((o) => o.output.summary.synthesizable).length;
    const firstRoute = solved10.map((o) => o.output.stats.firstRouteMs ?? 0).sort((a, b) => a - b);

    const sample = targets.slice(
      0,
      Math.min(targets.length, Number(process.env.ROUTES_SAMPLE ?? 50)),
    );
    const many = short ? [] : await runAll(pool, sample, { seconds: 30, routes: 25 });
    const routeCounts = many.map((o) => o.output.routes.length);

    const throughput = [];
    for (const seconds of [10, 3]) {
      const t = performance.now();
      const fast = await runAll(pool, throughputTargets, { seconds, routes: 1 });
      const hours = (performance.now() - t) / 3_600_000;
      throughput.push({
        targets: throughputTargets.length,
        threads: cpus().length,
        settings: `fast mode: 1 route wanted, ${seconds} s cap`,
        solved: fast.filter((o) => o.output.summary.synthesizable).length,
        targetsPerHour: Math.round(throughputTargets.length / hours),
      });
    }

    writeFileSync(
      join(repoRoot, 'bench', 'results', 'planning-targets.jsonl'),
      at10
        .map((o) =>
          JSON.stringify({
            i: targets.indexOf(o.target),
            solved: o.output.summary.synthesizable,
            ms: o.output.stats.firstRouteMs,
            stop: o.output.stats.stopReason,
            iterations: o.output.stats.iterations,
          }),
        )
        .join('\n') + '\n',
    );
    record('planning', {
      engineVersion: at10[0]?.output.stats.engineVersion,
      stock: 'dev-stock.smi (186,029 molecules)',
      targets: targets.length,
      solvedAt10s: solved10.length,
      solveRateAt10s: round(solved10.length / targets.length),
      solvedAt60s: short ? null : solved60,
      solveRateAt60s: short ? null : round(solved60 / targets.length),
      firstRouteMsMedian: Math.round(quantile(firstRoute, 0.5)),
      firstRouteMsP90: Math.round(quantile(firstRoute, 0.9)),
      routesPerTarget: short
        ? null
        : {
            targets: sample.length,
            settings: '25 routes wanted, 30 s, building_block_limit 3, reaction_limit 3',
            mean: round(routeCounts.reduce((a, b) => a + b, 0) / Math.max(1, routeCounts.length)),
            median: quantile(
              [...routeCounts].sort((a, b) => a - b),
              0.5,
            ),
          },
      throughput,
    });
  } finally {
    await pool.destroy();
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
