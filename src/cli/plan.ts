/**
 * `synroute plan`: plan one target (routes printed as text trees or JSON), or
 * a file of targets in parallel (JSON lines with a progress bar and ETA).
 */
import { createWriteStream, existsSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { workerPool } from '../util/worker-pool.js';
import { DEFAULT_ENGINE_ID } from '../engine/index.js';
import { runPlanJob } from '../engine/plan-job.js';
import {
  Diagnosis,
  MISSING_REASONS,
  Parameters,
  PlanJobInput,
  PlanJobOutput,
} from '../contract/index.js';
import { routeTree } from '../formats/route-text.js';
import { LibraryRegistry } from '../stock/registry.js';
import { siblingWorker } from '../util/paths.js';
import { describeProblems, readTargets } from './client-input.js';
import { UserError } from './errors.js';
import { dataDir as defaultDataDir } from './libraries.js';

export interface PlanCommandOptions {
  library?: string;
  stock?: string;
  time: number;
  routes: number;
  buildingBlockLimit?: number;
  reactionLimit?: number;
  maxDepth: number;
  iterations?: number;
  json?: boolean;
  input?: string;
  output?: string;
  threads?: number;
  dataDir?: string;
  engine: string;
  excludeTarget?: boolean;
}

export async function planCommand(
  smiles: string | undefined,
  opts: PlanCommandOptions,
): Promise<void> {
  if (!smiles && !opts.input) throw new UserError('give a SMILES or --input FILE');
  if (opts.input && !opts.output) throw new UserError('--input needs --output');
  const { dataDir, libraryId } = await resolveStock(opts);
  const parameters = planParameters(opts, libraryId);
  const base = { parameters, maxDepth: opts.maxDepth, iterationLimit: opts.iterations };
  if (smiles) {
    const out = await runPlanJob({ smiles, ...base }, { dataDir });
    if (out.status === 'failed') throw new UserError(`${smiles}: ${out.error?.message}`);
    process.stdout.write(opts.json ? `${JSON.stringify(out, null, 2)}\n` : describe(smiles, out));
    return;
  }
  await planFile(
    opts.input as string,
    opts.output as string,
    base,
    dataDir,
    opts.threads ?? cpus().length,
  );
}

/**
 * The job parameters of a `plan` command. The command line answers "the N best
 * routes": no diversity cap unless asked for, so a building block that every
 * route needs does not cut five routes to three (the API keeps the contract's 3).
 */
export function planParameters(opts: PlanCommandOptions, libraryId: string): Parameters {
  return {
    retrosynthesis_engine: opts.engine,
    building_block_libraries: [libraryId],
    number_of_routes: opts.routes,
    processing_time: opts.time,
    building_block_limit: opts.buildingBlockLimit ?? opts.routes,
    reaction_limit: opts.reactionLimit ?? opts.routes,
    ...(opts.excludeTarget ? { exclude_target_from_stock: true } : {}),
  };
}

/** The data dir and library id to plan against: an installed library, or a stock file imported on the fly. */
async function resolveStock(
  opts: PlanCommandOptions,
): Promise<{ dataDir: string; libraryId: string }> {
  if (opts.library && opts.stock) throw new UserError('use either --library or --stock');
  if (opts.stock) {
    if (!existsSync(opts.stock)) throw new UserError(`no such file: ${opts.stock}`);
    const dataDir = join(tmpdir(), 'synroute-plan-stocks');
    const id = `stock_${basename(opts.stock).replace(/\W+/g, '_')}`;
    const registry = new LibraryRegistry(dataDir);
    await registry.import(opts.stock, { id });
    return { dataDir, libraryId: id };
  }
  const dataDir = defaultDataDir(opts.dataDir);
  const registry = new LibraryRegistry(dataDir);
  await registry.ensureBundled();
  const libraryId = opts.library ?? 'default';
  if (!registry.get(libraryId))
    throw new UserError(`unknown library ${libraryId}; see synroute libraries list`);
  return { dataDir, libraryId };
}

async function planFile(
  input: string,
  output: string,
  base: Omit<PlanJobInput, 'smiles'>,
  dataDir: string,
  threads: number,
): Promise<void> {
  const { targets, problems } = await readTargets(input);
  if (problems.length)
    process.stderr.write(
      `${input}: ${problems.length} line(s) cannot be planned and are left out:\n${describeProblems(input, problems)}`,
    );
  const pool = workerPool(siblingWorker(import.meta.url, '../engine/plan-worker.js'), {
    minThreads: threads,
    maxThreads: threads,
  });
  const out = createWriteStream(output);
  const bar = new SingleBar({
    format:
      'planning [{bar}] {value}/{total} targets | {solved} solved | {rate}/h | ETA {eta_formatted}',
    etaBuffer: 50,
  });
  bar.start(targets.length, 0, { solved: 0, rate: 0 });
  const started = performance.now();
  const results: (string | undefined)[] = new Array(targets.length);
  let next = 0;
  let done = 0;
  let solved = 0;
  const flush = () => {
    while (next < results.length && results[next] !== undefined) {
      out.write(`${results[next]}\n`);
      results[next++] = ''; // written: not held for the rest of the run
    }
  };
  try {
    await Promise.all(
      targets.map(async (t, i) => {
        const res = (await pool.run({ smiles: t.smiles, ...base, dataDir })) as PlanJobOutput;
        if (res.status === 'failed')
          process.stderr.write(`\ninput line ${t.line}: ${res.error?.message}\n`);
        if (res.summary.synthesizable) solved++;
        const id = t.id === undefined ? {} : { compound_id: t.id };
        results[i] = JSON.stringify({ smiles: t.smiles, line: t.line, ...id, ...res });
        flush();
        done++;
        bar.update(done, {
          solved,
          rate: Math.round(done / ((performance.now() - started) / 3_600_000)),
        });
      }),
    );
  } finally {
    bar.stop();
    await pool.destroy();
    await new Promise<void>((resolve) => out.end(() => resolve()));
  }
  process.stderr.write(`${solved}/${targets.length} targets solved; results in ${output}\n`);
}

/** Routes as indented text trees, building blocks with provider, id and price. */
export function describe(smiles: string, out: PlanJobOutput): string {
  const s = out.summary;
  const lines = [
    `${smiles}: ${s.synthesizable ? `synthesizable, ${out.routes.length} route(s)` : 'no route found'}` +
      ` (${out.stats.stopReason}, ${out.stats.iterations} iterations, ${out.stats.elapsedMs} ms)`,
  ];
  if (s.synthesizable) {
    lines.push(
      `best route: score ${s.score}, certainty ${s.certainty}, ${s.reactionCount} reaction(s), price ${s.price ?? 'unknown'}`,
    );
  }
  out.routes.forEach((route, i) => {
    lines.push('', `Route ${i + 1}: ${route.steps.length} step(s)`);
    lines.push(...routeTree(route));
  });
  if (out.diagnosis) lines.push('', ...describeDiagnosis(out.diagnosis));
  return `${lines.join('\n')}\n`;
}

/** The most promising partial route as a tree, then the molecules not in stock and why. */
export function describeDiagnosis(d: Diagnosis): string[] {
  const missing = new Map(d.missingMolecules.map((m) => [m.smiles, MISSING_REASONS[m.reason]]));
  return [
    `Most promising partial route: ${d.partialRoute.steps.length} step(s), ${missing.size} molecule(s) not in stock`,
    ...routeTree(d.partialRoute, missing),
    '',
    'Not in stock:',
    ...[...missing].map(([smiles, reason]) => `  ${smiles}  (${reason})`),
  ];
}

export const DEFAULT_PLAN_ENGINE = DEFAULT_ENGINE_ID;
