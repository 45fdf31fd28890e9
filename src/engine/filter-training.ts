/**
 * Training the feasibility filter (policy/feasibility.ts) from the corpus
 * labels: for a sample of recorded reactions, the engine's own single-step
 * model proposes precursor sets for the product; the recorded one is a
 * positive, the best-ranked others (other sites of the same template, other
 * templates) are negatives. Proposals come from worker threads.
 */
import { createHash } from 'node:crypto';
import { workerPool } from '../util/worker-pool.js';
import { loadRDKit, MorganParams } from '../chem/index.js';
import { filterInputs, FILTER_FORMAT_VERSION, saveFilter } from '../policy/feasibility.js';
import type { TrainingExample } from '../policy/mlp.js';
import { mulberry32 } from '../policy/mlp.js';
import { NetworkTrainingOptions, trainNetwork } from '../policy/train-network.js';
import { readLabels } from '../templates/corpus-files.js';
import { siblingWorker } from '../util/paths.js';
import type { FilterExampleTask } from './filter-worker.js';

export interface FilterTrainingOptions extends Omit<NetworkTrainingOptions, 'log'> {
  library: string;
  policy: string;
  labels: string;
  output: string;
  fingerprint: MorganParams;
  /** Recorded reactions sampled as positives. */
  reactions: number;
  /** Wrong proposals kept per reaction as negatives (the best-ranked ones). */
  negativesPerReaction: number;
  /** Proposals asked of the single-step model per product. */
  proposals: number;
  validationFraction: number;
  threads: number;
  log: (line: string) => void;
}

export const DEFAULT_FILTER_TRAINING = {
  fingerprint: { radius: 2, bits: 2048, chirality: true },
  hidden: 256,
  epochs: 20,
  batchSize: 256,
  learningRate: 1e-3,
  dropout: 0.2,
  negatives: 0,
  weightDecay: 0,
  patience: 2,
  seed: 1,
  reactions: 40_000,
  negativesPerReaction: 8,
  proposals: 20,
  validationFraction: 0.05,
};

export async function trainFeasibilityFilter(opts: FilterTrainingOptions): Promise<void> {
  await loadRDKit();
  const rows = readLabels(opts.labels);
  const rand = mulberry32(opts.seed);
  const sample = rows
    .map((r) => ({ r, key: rand() }))
    .sort((a, b) => a.key - b.key)
    .slice(0, opts.reactions)
    .map(({ r }) => ({ product: r.product, reactants: r.reactants }));
  opts.log(`proposing precursors for ${sample.length} recorded reactions`);
  const pool = workerPool(siblingWorker(import.meta.url, 'filter-worker.js'), {
    minThreads: opts.threads,
    maxThreads: opts.threads,
    workerData: { library: opts.library, policy: opts.policy, fingerprint: opts.fingerprint },
  });
  const fit: TrainingExample[] = [];
  const validation: TrainingExample[] = [];
  let done = 0;
  let recordedProposed = 0;
  try {
    const chunk = 200;
    const tasks: Promise<void>[] = [];
    for (let i = 0; i < sample.length; i += chunk) {
      const task: FilterExampleTask = {
        reactions: sample.slice(i, i + chunk),
        proposals: opts.proposals,
        negativesPerReaction: opts.negativesPerReaction,
      };
      tasks.push(
        pool.run(task).then((res: { examples: TrainingExample[][]; recordedProposed: number }) => {
          res.examples.forEach((group, j) => {
            const held = inValidation(
              task.reactions[j].product,
              opts.validationFraction,
              opts.seed,
            );
            (held ? validation : fit).push(...group);
          });
          recordedProposed += res.recordedProposed;
          done += task.reactions.length;
          if (done % 5000 < chunk) opts.log(`  ${done}/${sample.length} reactions`);
        }),
      );
    }
    await Promise.all(tasks);
  } finally {
    await pool.destroy();
  }
  const positives = [...fit, ...validation].filter((e) => e.label === 1).length;
  const stats = {
    reactions: sample.length,
    examples: fit.length + validation.length,
    positives,
    recordedAmongProposals: recordedProposed,
  };
  opts.log(`filter examples: ${JSON.stringify(stats)}`);
  const { weights, history } = trainNetwork(fit, validation, 2, filterInputs(opts.fingerprint), {
    ...opts,
    // Two classes: both are scored in every batch, nothing is drawn.
    negatives: 0,
  });
  saveFilter(opts.output, {
    header: {
      format: 'synroute-filter',
      version: FILTER_FORMAT_VERSION,
      name: 'synroute-default-filter',
      createdAt: new Date().toISOString(),
      fingerprint: opts.fingerprint,
      hidden: opts.hidden,
      training: { ...stats, history, options: { ...opts, log: undefined } },
    },
    mlp: weights,
  });
  opts.log(`filter written to ${opts.output}`);
}

function inValidation(product: string, fraction: number, seed: number): boolean {
  const h = createHash('sha1').update(`filter|${seed}|${product}`).digest();
  return h.readUInt32BE(0) / 2 ** 32 < fraction;
}
