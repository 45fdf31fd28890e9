/** `synroute policy train` and `synroute one-step`. */
import { createWriteStream, existsSync } from 'node:fs';
import { loadRDKit, Molecule } from '../chem/index.js';
import { ENGINES, loadEngine } from '../engine/engine.js';
import { trainDefaultPolicy, type TrainPolicyOptions } from '../policy/train.js';
import { readLines } from '../util/files.js';
import { UserError } from './errors.js';

export async function trainPolicyCommand(opts: TrainPolicyOptions): Promise<void> {
  for (const f of [opts.library, opts.uspto50k, opts.preferredLibrary]) {
    if (f && !existsSync(f)) throw new UserError(`no such file: ${f}`);
  }
  await trainDefaultPolicy({ ...opts, log: (l) => process.stderr.write(`${l}\n`) });
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
