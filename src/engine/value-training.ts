/**
 * Training the value estimate (policy/value.ts) from search outcomes: the
 * default engine plans a sample of training products (corpus products, so
 * never a benchmark target: the corpus holds out the USPTO-50k valid split)
 * against a building-block library; every molecule made on a found route is
 * an example with the cost of its sub-route, every unsolved target an example
 * of the unsolved class.
 */
import { Piscina } from 'piscina';
import { loadRDKit, MorganParams, morganOnBits } from '../chem/index.js';
import type { TrainingExample } from '../policy/mlp.js';
import { mulberry32 } from '../policy/mlp.js';
import { NetworkTrainingOptions, trainNetwork } from '../policy/train-network.js';
import {
  classCosts,
  costClass,
  saveValue,
  UNSOLVED_CLASS,
  VALUE_FORMAT_VERSION,
} from '../policy/value.js';
import { LibraryRegistry } from '../stock/registry.js';
import { readLabels } from '../templates/corpus-files.js';
import { siblingWorker } from '../util/paths.js';
import type { ValueOutcome } from './value-worker.js';

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
  threads: number;
  log: (line: string) => void;
}

export const DEFAULT_VALUE_TRAINING = {
  fingerprint: { radius: 2, bits: 2048, chirality: false },
  hidden: 128,
  epochs: 40,
  batchSize: 64,
  learningRate: 1e-3,
  dropout: 0.2,
  negatives: 0,
  weightDecay: 0,
  patience: 4,
  seed: 1,
  targets: 2000,
  seconds: 3,
  unsolvedCost: 12,
  validationFraction: 0.1,
  library: 'default',
};

export async function trainValueModel(opts: ValueTrainingOptions): Promise<void> {
  await loadRDKit();
  await new LibraryRegistry(opts.dataDir).ensureBundled((m) => opts.log(m));
  const rand = mulberry32(opts.seed);
  const products = [...new Set(readLabels(opts.labels).map((l) => l.product))];
  const sample = products
    .map((p) => ({ p, key: rand() }))
    .sort((a, b) => a.key - b.key)
    .slice(0, opts.targets)
    .map(({ p }) => p);
  opts.log(`planning ${sample.length} training products, ${opts.seconds} s each`);
  const pool = new Piscina({
    filename: siblingWorker(import.meta.url, 'value-worker.js'),
    minThreads: opts.threads,
    maxThreads: opts.threads,
    workerData: { dataDir: opts.dataDir, library: opts.library },
  });
  const outcomes: ValueOutcome[][] = [];
  try {
    const chunk = 20;
    const tasks: Promise<void>[] = [];
    for (let i = 0; i < sample.length; i += chunk) {
      const targets = sample.slice(i, i + chunk);
      tasks.push(
        pool.run({ targets, seconds: opts.seconds }).then((o: ValueOutcome[]) => {
          outcomes.push(o);
          if (outcomes.length % 10 === 0) opts.log(`  ${outcomes.length * chunk} products`);
        }),
      );
    }
    await Promise.all(tasks);
  } finally {
    await pool.destroy();
  }
  // One example per molecule (the cheapest cost seen), split by molecule.
  const best = new Map<string, number | null>();
  for (const o of outcomes.flat()) {
    const seen = best.get(o.smiles);
    if (seen === undefined || (o.cost !== null && (seen === null || o.cost < seen)))
      best.set(o.smiles, o.cost);
  }
  const fit: TrainingExample[] = [];
  const validation: TrainingExample[] = [];
  for (const [smiles, cost] of best) {
    const bits = morganOnBits(smiles, opts.fingerprint);
    if (!bits.length) continue;
    (rand() < opts.validationFraction ? validation : fit).push({ bits, label: costClass(cost) });
  }
  const unsolved = [...best.values()].filter((c) => c === null).length;
  const stats = { planned: sample.length, molecules: best.size, unsolvedTargets: unsolved };
  opts.log(`value examples: ${JSON.stringify(stats)}`);
  const classes = UNSOLVED_CLASS + 1;
  const { weights, history } = trainNetwork(fit, validation, classes, opts.fingerprint.bits, {
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
      classCosts: classCosts(opts.unsolvedCost),
      training: { ...stats, history, options: { ...opts, log: undefined } },
    },
    mlp: weights,
  });
  opts.log(`value model written to ${opts.output}`);
}
