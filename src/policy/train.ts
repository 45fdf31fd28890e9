/**
 * Training the expansion policy from a labels file (`synroute templates
 * extract --labels`): every distinct reaction of the corpus with the id of
 * the template that reproduces it. Templates with enough reactions become the
 * network's classes; every labelled reaction goes into the nearest-neighbour
 * index, so rare templates are still proposed for similar products.
 *
 * Validation: a fraction of the distinct products (all their reactions) is
 * held out of fitting to pick the epoch and stop early; the neighbours index
 * keeps all reactions. Evaluation on USPTO-50k `valid` is leakage-free when
 * its products were held out at extraction (see data/README.md).
 */
import { createHash } from 'node:crypto';
import { loadRDKit, MorganParams, morganOnBits } from '../chem/index.js';
import { readLabels } from '../templates/corpus-files.js';
import { TemplateLibrary } from '../templates/library.js';
import { BitLists } from './bit-lists.js';
import type { TrainingExample } from './mlp.js';
import { PolicyModel, POLICY_FORMAT_VERSION, savePolicy } from './model-file.js';
import { EpochReport, NetworkTrainingOptions, trainNetwork } from './train-network.js';

export interface LabelledReaction {
  product: string;
  bits: Uint16Array;
  templateId: string;
}

export interface PolicyTrainingOptions extends Omit<NetworkTrainingOptions, 'log'> {
  fingerprint: MorganParams;
  /** Templates need this many labelled reactions to become network classes (rarer ones: neighbours only). */
  minClassCount: number;
  /** Share of distinct products held out of fitting for validation. */
  validationFraction: number;
  /** Write the nearest-neighbour index too (false: the network only, e.g. an ensemble member). */
  neighbours: boolean;
  log?: (line: string) => void;
}

export const DEFAULT_TRAINING: PolicyTrainingOptions = {
  fingerprint: { radius: 2, bits: 4096, chirality: true },
  hidden: 512,
  epochs: 20,
  batchSize: 256,
  learningRate: 1e-3,
  dropout: 0.3,
  negatives: 2048,
  weightDecay: 0,
  patience: 2,
  seed: 1,
  minClassCount: 2,
  validationFraction: 0.02,
  neighbours: true,
};

/** Whether a product belongs to the validation share (stable for a seed). */
function inValidation(product: string, fraction: number, seed: number): boolean {
  const h = createHash('sha1').update(`${seed}|${product}`).digest();
  return h.readUInt32BE(0) / 2 ** 32 < fraction;
}

export function trainPolicyModel(
  labelled: LabelledReaction[],
  name: string,
  labelStats: Record<string, unknown>,
  opts: PolicyTrainingOptions,
): PolicyModel {
  // Network classes (frequent templates) first, then templates known to the neighbours only.
  const counts = new Map<string, number>();
  for (const l of labelled) counts.set(l.templateId, (counts.get(l.templateId) ?? 0) + 1);
  const count = (id: string) => counts.get(id) as number;
  const classIds = [...counts.keys()].sort((a, b) => count(b) - count(a) || (a < b ? -1 : 1));
  const networkClasses = classIds.filter((id) => count(id) >= opts.minClassCount).length;
  const classOf = new Map(classIds.map((id, i) => [id, i]));
  const examples: TrainingExample[] = labelled.map((l) => ({
    bits: l.bits,
    label: classOf.get(l.templateId) as number,
  }));
  const fit: TrainingExample[] = [];
  const validation: TrainingExample[] = [];
  examples.forEach((e, i) => {
    if (e.label >= networkClasses) return;
    const held = inValidation(labelled[i].product, opts.validationFraction, opts.seed);
    (held ? validation : fit).push(e);
  });
  opts.log?.(
    `${labelled.length} labelled reactions, ${classIds.length} templates (${networkClasses} network classes); fitting ${fit.length}, validation ${validation.length}`,
  );
  let history: EpochReport[] = [];
  let mlp = null;
  if (opts.epochs > 0 && networkClasses > 0) {
    const trained = trainNetwork(fit, validation, networkClasses, opts.fingerprint.bits, opts);
    mlp = trained.weights;
    history = trained.history;
  }
  return {
    header: {
      format: 'synroute-policy',
      version: POLICY_FORMAT_VERSION,
      name,
      createdAt: new Date().toISOString(),
      templateIds: classIds,
      networkClasses: mlp ? networkClasses : 0,
      inputs: opts.fingerprint.bits,
      hidden: opts.hidden,
      fingerprint: opts.fingerprint,
      training: {
        labels: labelStats,
        examples: fit.length,
        validation: validation.length,
        minClassCount: opts.minClassCount,
        options: { ...opts, log: undefined },
        history,
      },
    },
    mlp,
    neighbours: opts.neighbours
      ? {
          bits: BitLists.from(examples.map((e) => e.bits)),
          labels: Int32Array.from(examples, (e) => e.label),
        }
      : null,
  };
}

export interface TrainPolicyCommandOptions extends PolicyTrainingOptions {
  library: string;
  labels: string;
  output: string;
}

/** Reads labels, keeps those whose template is in the library, trains and saves. */
export async function trainPolicyFromLabels(opts: TrainPolicyCommandOptions): Promise<void> {
  await loadRDKit();
  const log = opts.log ?? (() => undefined);
  const library = TemplateLibrary.load(opts.library);
  const rows = readLabels(opts.labels);
  const labelled: LabelledReaction[] = [];
  let missing = 0;
  let unreadable = 0;
  for (const row of rows) {
    if (!library.has(row.specific)) {
      missing++;
      continue;
    }
    const bits = morganOnBits(row.product, opts.fingerprint);
    if (!bits.length) {
      unreadable++;
      continue;
    }
    labelled.push({ product: row.product, bits, templateId: row.specific });
    if (labelled.length % 50_000 === 0) log(`  ${labelled.length} fingerprints`);
  }
  const stats = { rows: rows.length, labelled: labelled.length, missing, unreadable };
  log(`labels: ${JSON.stringify(stats)}`);
  const model = trainPolicyModel(labelled, 'synroute-default-policy', stats, opts);
  savePolicy(opts.output, model);
  log(`policy with ${model.header.templateIds.length} templates written to ${opts.output}`);
}
