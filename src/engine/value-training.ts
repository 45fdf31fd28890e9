/**
 * Training the value estimate (policy/value.ts) from search outcomes: the
 * default engine searches a sample of training products (corpus products; the
 * corpus holds out the USPTO-50k valid split, and molecules of the files named
 * by `exclude`, such as benchmark targets, are never sampled) against a
 * building-block library, each for its whole budget; every molecule with a
 * complete route in a search graph is an example with its cheapest route's
 * cost, every molecule known not to be makeable one of the unsolved class
 * (search/outcomes.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { workerPool } from '../util/worker-pool.js';
import { canonicalSmiles, loadRDKit, MorganParams, stereoFreeSmiles } from '../chem/index.js';
import type { TrainingExample } from '../policy/mlp.js';
import { mulberry32 } from '../policy/mlp.js';
import { NetworkTrainingOptions, trainNetwork } from '../policy/train-network.js';
import {
  classCosts,
  costClass,
  saveValue,
  SIZE_INPUTS,
  UNSOLVED_CLASS,
  VALUE_FORMAT_VERSION,
  valueInputs,
} from '../policy/value.js';
import type { CostOutcome } from '../search/outcomes.js';
import { LibraryRegistry } from '../stock/registry.js';
import { readLabels } from '../templates/corpus-files.js';
import { siblingWorker } from '../util/paths.js';
import { readLines } from '../util/files.js';

export interface ValueTrainingOptions extends Omit<NetworkTrainingOptions, 'log'> {
  labels: string;
  output: string;
  dataDir: string;
  library: string;
  fingerprint: MorganParams;
  /** Training products planned. */
  targets: number;
  /** Seconds of planning per product. */
  seconds: number;
  /** Cost standing for "not solved within the budget". */
  unsolvedCost: number;
  validationFraction: number;
  /** Search outcomes file: read instead of searching when it exists, else written after searching. */
  outcomes?: string;
  /** SMILES files whose molecules are never training products (benchmark targets). */
  exclude: string[];
  threads: number;
  log: (line: string) => void;
}

export const DEFAULT_VALUE_TRAINING = {
  // The feasibility filter's fingerprint: the search takes it once per molecule for both.
  fingerprint: { radius: 2, bits: 2048, chirality: true },
  hidden: 128,
  epochs: 40,
  batchSize: 64,
  learningRate: 1e-3,
  dropout: 0.2,
  negatives: 0,
  weightDecay: 0,
  patience: 4,
  seed: 1,
  targets: 2400,
  seconds: 2,
  unsolvedCost: 12,
  validationFraction: 0.1,
  library: 'default',
};

export async function trainValueModel(opts: ValueTrainingOptions): Promise<void> {
  await loadRDKit();
  const outcomes =
    opts.outcomes && existsSync(opts.outcomes)
      ? readOutcomes(opts.outcomes, opts.log)
      : await searchTrainingProducts(opts);
  const { fit, validation, stats } = valueExamples(outcomes, opts);
  opts.log(`value examples: ${JSON.stringify(stats)}`);
  const classes = UNSOLVED_CLASS + 1;
  const inputs = opts.fingerprint.bits + SIZE_INPUTS;
  const { weights, history } = trainNetwork(fit, validation, classes, inputs, {
    ...opts,
    negatives: 0,
  });
  saveValue(opts.output, {
    header: {
      format: 'synroute-value',
      version: VALUE_FORMAT_VERSION,
      name: 'synroute-default-value',
      createdAt: new Date().toISOString(),
      fingerprint: opts.fingerprint,
      hidden: opts.hidden,
      sizeInputs: SIZE_INPUTS,
      classCosts: classCosts(opts.unsolvedCost),
      training: { ...stats, history, options: { ...opts, log: undefined } },
    },
    mlp: weights,
  });
  opts.log(`value model written to ${opts.output}`);
}

/** One example per molecule (the cheapest cost seen), split into fitted and validation by molecule. */
function valueExamples(outcomes: CostOutcome[], opts: ValueTrainingOptions) {
  const best = new Map<string, number | null>();
  for (const o of outcomes) {
    const seen = best.get(o.smiles);
    if (seen === undefined || (o.cost !== null && (seen === null || o.cost < seen)))
      best.set(o.smiles, o.cost);
  }
  const rand = mulberry32(opts.seed);
  const fit: TrainingExample[] = [];
  const validation: TrainingExample[] = [];
  for (const [smiles, cost] of best) {
    const bits = valueInputs(smiles, opts.fingerprint, SIZE_INPUTS);
    if (!bits.length) continue;
    (rand() < opts.validationFraction ? validation : fit).push({ bits, label: costClass(cost) });
  }
  // Too few molecules to hold any out (tiny runs): validate on the fitted ones.
  if (!validation.length) validation.push(...fit);
  const unsolved = [...best.values()].filter((c) => c === null).length;
  return { fit, validation, stats: { outcomes: outcomes.length, molecules: best.size, unsolved } };
}

/** Searches a sample of training products; what they learned, also written to `opts.outcomes`. */
async function searchTrainingProducts(opts: ValueTrainingOptions): Promise<CostOutcome[]> {
  const registry = new LibraryRegistry(opts.dataDir);
  if (!registry.get(opts.library)) await registry.ensureBundled((m) => opts.log(m));
  if (!registry.get(opts.library))
    throw new Error(`unknown building-block library ${opts.library} in ${opts.dataDir}`);
  const sample = trainingProducts(opts);
  opts.log(`searching ${sample.length} training products, ${opts.seconds} s each`);
  const pool = workerPool(siblingWorker(import.meta.url, 'value-worker.js'), {
    minThreads: opts.threads,
    maxThreads: opts.threads,
    workerData: { dataDir: opts.dataDir, library: opts.library },
  });
  const outcomes: CostOutcome[] = [];
  try {
    const chunk = 20;
    let done = 0;
    const tasks: Promise<void>[] = [];
    for (let i = 0; i < sample.length; i += chunk) {
      const targets = sample.slice(i, i + chunk);
      tasks.push(
        pool.run({ targets, seconds: opts.seconds }).then((o: CostOutcome[]) => {
          outcomes.push(...o);
          done += targets.length;
          if (done % 200 < chunk) opts.log(`  ${done} products`);
        }),
      );
    }
    await Promise.all(tasks);
  } finally {
    await pool.destroy();
  }
  if (opts.outcomes) {
    writeFileSync(opts.outcomes, gzipSync(outcomes.map((o) => JSON.stringify(o)).join('\n')));
    opts.log(`search outcomes written to ${opts.outcomes}`);
  }
  return outcomes;
}

/** Corpus products in a seeded random order, without excluded molecules (stereo ignored). */
function trainingProducts(opts: ValueTrainingOptions): string[] {
  const rand = mulberry32(opts.seed);
  const excluded = excludedMolecules(opts.exclude);
  opts.log(`${excluded.size} molecules excluded from training products`);
  return [...new Set(readLabels(opts.labels).map((l) => l.product))]
    .map((p) => ({ p, key: rand() }))
    .sort((a, b) => a.key - b.key)
    .map(({ p }) => p)
    .filter((p) => !excluded.has(stereoFreeSmiles(p)))
    .slice(0, opts.targets);
}

function readOutcomes(path: string, log: (line: string) => void): CostOutcome[] {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split('\n');
  const outcomes = lines.filter(Boolean).map((l) => JSON.parse(l) as CostOutcome);
  log(`${outcomes.length} search outcomes read from ${path} (no new searches)`);
  return outcomes;
}

/** Every molecule in the given files, canonical and without stereo (so no stereoisomer slips in). */
function excludedMolecules(files: string[]): Set<string> {
  const out = new Set<string>();
  for (const file of files)
    for (const line of readLines(file)) {
      const smiles = canonicalSmiles(line.trim().split(/\s+/)[0] ?? '');
      if (smiles) out.add(stereoFreeSmiles(smiles));
    }
  return out;
}
