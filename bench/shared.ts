/** Helpers for benchmarks: locating shared data, reading sets, recording results. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Piscina } from 'piscina';
import { DEFAULT_ENGINE_ID } from '../src/engine/index.js';
import type { PlanJobInput, PlanJobOutput } from '../src/contract/index.js';
import { LibraryRegistry } from '../src/stock/registry.js';

/** Repository root (benchmarks run from dist/bench). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function sharedDir(): string {
  const candidates = [process.env.SYNROUTE_SHARED, join(repoRoot, '..', 'shared'), '/work/shared'];
  for (const c of candidates) if (c && existsSync(join(c, 'data'))) return c;
  throw new Error(
    'shared data not found: set SYNROUTE_SHARED to the folder holding data/ and bench/',
  );
}

export function readSmilesFile(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim().split(/\s+/)[0])
    .filter(Boolean);
}

export interface UsptoRow {
  /** Patent id (several reactions share one). */
  id: string;
  product: string;
  reactants: string;
  split: string;
  template: string;
  reactionClass: number;
}

export function readUspto50k(): UsptoRow[] {
  const path = join(sharedDir(), 'data', 'uspto50k_mhnreact', 'USPTO_50k_MHN_prepro.csv.gz');
  const lines = gunzipSync(readFileSync(path)).toString().split('\n');
  const header = lines[0].split(',');
  const c = (n: string) => header.indexOf(n);
  return lines
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(','))
    .map((f) => ({
      id: f[c('id')],
      product: f[c('prod_smiles')],
      reactants: f[c('reactants_can')],
      split: f[c('split')],
      template: f[c('reaction_smarts')],
      reactionClass: Number(f[c('class')]),
    }));
}

export function machine(): Record<string, unknown> {
  return {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    node: process.version,
    loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
    date: new Date().toISOString(),
  };
}

/** Writes bench/results/<name>.json and prints a summary line. */
export function record(name: string, result: Record<string, unknown>): void {
  const dir = join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const body = { benchmark: name, machine: machine(), ...result };
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(body, null, 2)}\n`);
  process.stdout.write(`${name}: ${JSON.stringify(result)}\n`);
}

export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** The n most frequent retro templates of the USPTO-50k train split (shared data, already sorted by count). */
export function readTopTrainTemplates(n: number): string[] {
  const file = join(
    sharedDir(),
    'data',
    'templates_uspto50k_train_derived',
    'uspto50k_train_retro_templates.csv',
  );
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(1, n + 1)
    .map((l) => l.split(',')[1]);
}

/** Imports a SMILES file as a building-block library under `dataDir`, unless already there. */
export async function ensureLibrary(
  dataDir: string,
  file: string,
  library: { id: string; name: string; provider: string },
): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const registry = new LibraryRegistry(dataDir);
  if (registry.get(library.id)) return;
  if (!existsSync(file)) throw new Error(`missing ${file}`);
  await registry.import(file, library);
}

export interface PlanOutcome {
  target: string;
  output: PlanJobOutput;
}

/** Plans every target on the pool's worker threads with the default engine and one library. */
export function planAll(
  pool: Piscina,
  targets: string[],
  o: {
    seconds: number;
    routes: number;
    library: string;
    dataDir: string;
    /** building_block_limit and reaction_limit (default: the contract's 3). */
    diversityLimit?: number;
  },
): Promise<PlanOutcome[]> {
  return Promise.all(
    targets.map(async (target) => {
      const input: PlanJobInput & { dataDir: string } = {
        smiles: target,
        parameters: {
          retrosynthesis_engine: DEFAULT_ENGINE_ID,
          building_block_libraries: [o.library],
          number_of_routes: o.routes,
          processing_time: o.seconds,
          building_block_limit: o.diversityLimit ?? 3,
          reaction_limit: o.diversityLimit ?? 3,
        },
        dataDir: o.dataDir,
      };
      return { target, output: (await pool.run(input)) as PlanJobOutput };
    }),
  );
}
