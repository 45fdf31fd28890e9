/** `synroute policy train` and `synroute one-step`. */
import { createWriteStream, existsSync } from 'node:fs';
import { loadRDKit, Molecule } from '../chem/index.js';
import { ENGINES, loadEngine } from '../engine/engine.js';
import { trainFeasibilityFilter } from '../engine/filter-training.js';
import { trainValueModel } from '../engine/value-training.js';
import { dataDir as resolveDataDir } from './libraries.js';
import { trainPolicyFromLabels } from '../policy/train.js';
import { trainPrecedents } from '../policy/train-precedents.js';
import { readLines } from '../util/files.js';
import { UserError } from './errors.js';

/** Options every network trainer takes (hidden layer, epochs, minibatches, Adam, dropout). */
export interface NetworkFitOptions {
  hidden: number;
  epochs: number;
  patience: number;
  batchSize: number;
  learningRate: number;
  dropout: number;
}

export interface TrainPolicyCommandOptions extends NetworkFitOptions {
  library: string;
  labels: string;
  output: string;
  negatives: number;
  weightDecay: number;
  minClassCount: number;
  validationFraction: number;
  fingerprintBits: number;
  fingerprintRadius: number;
  chirality: boolean;
  neighbours: boolean;
  seed: number;
}

export async function trainPolicyCommand(opts: TrainPolicyCommandOptions): Promise<void> {
  for (const f of [opts.library, opts.labels]) {
    if (!existsSync(f)) throw new UserError(`no such file: ${f}`);
  }
  if (opts.hidden % 4) throw new UserError('--hidden must be a multiple of 4');
  const { fingerprintBits, fingerprintRadius, chirality, ...rest } = opts;
  await trainPolicyFromLabels({
    ...rest,
    fingerprint: { bits: fingerprintBits, radius: fingerprintRadius, chirality },
    log: (l) => process.stderr.write(`${l}\n`),
  });
}

export interface TrainFilterCommandOptions extends NetworkFitOptions {
  library: string;
  policy: string;
  labels: string;
  output: string;
  reactions: number;
  proposals: number;
  negativesPerReaction: number;
  weightDecay: number;
  validationFraction: number;
  fingerprintBits: number;
  fingerprintRadius: number;
  chirality: boolean;
  threads: number;
  seed: number;
}

export async function trainFilterCommand(opts: TrainFilterCommandOptions): Promise<void> {
  for (const f of [opts.library, opts.policy, opts.labels]) {
    if (!existsSync(f)) throw new UserError(`no such file: ${f}`);
  }
  if (opts.hidden % 4) throw new UserError('--hidden must be a multiple of 4');
  const { fingerprintBits, fingerprintRadius, chirality, ...rest } = opts;
  await trainFeasibilityFilter({
    ...rest,
    negatives: 0,
    fingerprint: { bits: fingerprintBits, radius: fingerprintRadius, chirality },
    log: (l) => process.stderr.write(`${l}\n`),
  });
}

export interface TrainValueCommandOptions extends NetworkFitOptions {
  labels: string;
  output: string;
  targets: number;
  seconds: number;
  library: string;
  dataDir?: string;
  unsolvedCost: number;
  validationFraction: number;
  exclude: string[];
  outcomes?: string;
  fingerprintBits: number;
  chirality: boolean;
  fingerprintRadius: number;
  threads: number;
  seed: number;
}

export async function trainValueCommand(opts: TrainValueCommandOptions): Promise<void> {
  if (!existsSync(opts.labels)) throw new UserError(`no such file: ${opts.labels}`);
  if (opts.hidden % 4) throw new UserError('--hidden must be a multiple of 4');
  const missing = opts.exclude.find((f) => !existsSync(f));
  if (missing) throw new UserError(`no such file: ${missing}`);
  const { fingerprintBits, fingerprintRadius, chirality, dataDir, ...rest } = opts;
  await trainValueModel({
    ...rest,
    dataDir: resolveDataDir(dataDir),
    negatives: 0,
    weightDecay: 0,
    fingerprint: { bits: fingerprintBits, radius: fingerprintRadius, chirality },
    log: (l) => process.stderr.write(`${l}\n`),
  });
}

export interface OneStepOptions {
  input: string;
  output: string;
  topK: number;
  library?: string;
  policy?: string;
}

/** Ranked single-step predictions for each input molecule, one JSON line each. */
export async function oneStepCommand(opts: OneStepOptions): Promise<void> {
  if (!existsSync(opts.input)) throw new UserError(`no such file: ${opts.input}`);
  const base = ENGINES[0];
  const settings = {
    ...base,
    model: { ...base.model, topK: Math.max(base.model.topK, opts.topK) },
  };
  if (opts.library) settings.templateLibrary = opts.library;
  if (opts.policy) settings.policy = opts.policy;
  await loadRDKit();
  const engine = loadEngine(settings);
  const out = createWriteStream(opts.output);
  const lines = readLines(opts.input);
  let done = 0;
  lines.forEach((line, i) => {
    const smiles = line.trim().split(/\s+/)[0];
    if (!smiles) return;
    const parsed = Molecule.parse(smiles);
    if (!parsed.ok) {
      process.stderr.write(`input line ${i + 1}: ${parsed.error.code}: ${parsed.error.message}\n`);
      return;
    }
    const predictions = engine.model.predict(parsed.molecule.smiles, opts.topK);
    out.write(`${JSON.stringify({ product: smiles, predictions })}\n`);
    if (++done % 100 === 0) process.stderr.write(`${done} molecules\n`);
  });
  await new Promise<void>((resolve, reject) =>
    out.end((e?: Error | null) => (e ? reject(e) : resolve())),
  );
}

export interface TrainPrecedentsCommandOptions {
  library: string;
  policy: string;
  labels: string;
  output: string;
}

export async function trainPrecedentsCommand(opts: TrainPrecedentsCommandOptions): Promise<void> {
  for (const f of [opts.library, opts.policy, opts.labels]) {
    if (!existsSync(f)) throw new UserError(`no such file: ${f}`);
  }
  await trainPrecedents({ ...opts, log: (l) => process.stderr.write(`${l}\n`) });
}
