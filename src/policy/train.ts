/**
 * Training the default expansion policy from unmapped reactions (product,
 * recorded reactants): each reaction is labelled with a library template
 * whose application to the product reproduces exactly its recorded
 * reactants; the network and the neighbour index then learn product -> label.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  applyTemplate,
  canonicalSet,
  canonicalSmiles,
  loadRDKit,
  morganFingerprint,
  onBits,
  PreparedMolecule,
} from '../chem/index.js';
import { canonicalizeTemplate } from '../templates/canonical.js';
import { extractTemplates } from '../templates/extract.js';
import { heldOutKey } from '../templates/held-out.js';
import { readReactionFile } from '../templates/reaction-input.js';
import { TemplateLibrary, templateId } from '../templates/library.js';
import { hiddenLayer, logits, MlpWeights, mulberry32, train, TrainingExample } from './mlp.js';
import { PolicyModel, POLICY_FORMAT_VERSION, savePolicy } from './model-file.js';
import { SimilarityPolicy } from './similarity.js';

export interface ReactionRecord {
  product: string;
  reactants: string;
  /** A reference template for the reaction, when the data set has one. */
  template?: string;
}

export interface LabelledReaction {
  product: string;
  bits: Uint16Array;
  templateId: string;
}

export interface LabelStats {
  reactions: number;
  byReferenceTemplate: number;
  bySearch: number;
  unlabelled: number;
  invalid: number;
}

/** Reads the train split of the USPTO-50k (MHNreact) table. */
export function readUsptoTrain(path: string): ReactionRecord[] {
  const lines = gunzipSync(readFileSync(path)).toString().split('\n');
  const header = lines[0].split(',');
  const [cP, cR, cS, cT] = ['prod_smiles', 'reactants_can', 'split', 'reaction_smarts'].map((c) =>
    header.indexOf(c),
  );
  if (cP < 0 || cR < 0 || cS < 0)
    throw new Error('expected columns prod_smiles, reactants_can, split');
  return lines
    .slice(1)
    .map((l) => l.split(','))
    .filter((f) => f[cS] === 'train')
    .map((f) => ({ product: f[cP], reactants: f[cR], template: cT >= 0 ? f[cT] : undefined }));
}

function reproduces(
  library: TemplateLibrary,
  id: string,
  product: PreparedMolecule,
  reactants: string,
): boolean {
  try {
    const tpl = library.template(id);
    return !!tpl && applyTemplate(tpl, product).includes(reactants);
  } catch {
    return false;
  }
}

/**
 * Labels reactions: first through the reference template (same canonical
 * template = same library id), then by applying the templates a neighbour
 * policy suggests. Templates in `preferred` win when several reproduce.
 */
export function labelReactions(
  records: ReactionRecord[],
  library: TemplateLibrary,
  preferred: Set<string> | null,
  onProgress?: (done: number, total: number) => void,
): { labelled: LabelledReaction[]; stats: LabelStats } {
  const stats: LabelStats = {
    reactions: records.length,
    byReferenceTemplate: 0,
    bySearch: 0,
    unlabelled: 0,
    invalid: 0,
  };
  const labelled: LabelledReaction[] = [];
  const pending: { product: string; reactants: string; bits: Uint16Array }[] = [];
  records.forEach((r, i) => {
    const product = canonicalSmiles(r.product);
    const reactants = canonicalSet(r.reactants.split('.'));
    if (!product || !reactants) {
      stats.invalid++;
      return;
    }
    const bits = Uint16Array.from(onBits(morganFingerprint(product)));
    let id: string | null = null;
    if (r.template) {
      try {
        id = templateId(canonicalizeTemplate(r.template));
      } catch {
        id = null;
      }
    }
    if (
      id &&
      library.has(id) &&
      reproduces(library, id, new PreparedMolecule(product), reactants)
    ) {
      labelled.push({ product, bits, templateId: id });
      stats.byReferenceTemplate++;
    } else {
      pending.push({ product, reactants, bits });
    }
    if (i % 500 === 0) onProgress?.(i, records.length);
  });
  const ids = [...new Set(labelled.map((l) => l.templateId))];
  const index = new Map(ids.map((id, i) => [id, i]));
  const knn = new SimilarityPolicy({
    bits: labelled.map((l) => l.bits),
    labels: Int32Array.from(labelled, (l) => index.get(l.templateId) as number),
  });
  const entries = library.entries('specific');
  for (const p of pending) {
    const mol = new PreparedMolecule(p.product);
    const suggested = knn.rank(p.product, 200).map((r) => ids[r.template]);
    // Templates the neighbours do not know still get a chance, most frequent first.
    const candidates = [...suggested, ...entries.slice(0, 300).map((e) => e.id)];
    let found: string | null = null;
    for (const id of candidates) {
      if (!reproduces(library, id, mol, p.reactants)) continue;
      if (!preferred || preferred.has(id)) {
        found = id;
        break;
      }
      found ??= id;
    }
    if (found) {
      labelled.push({ product: p.product, bits: p.bits, templateId: found });
      stats.bySearch++;
    } else stats.unlabelled++;
  }
  onProgress?.(records.length, records.length);
  return { labelled, stats };
}

/**
 * Extra examples from atom-mapped reactions (e.g. USPTO-MIT): each reaction's
 * own extracted template is its label (when the library has it). Reactions
 * whose product is held out (stereo ignored) are skipped.
 */
export function labelMappedReactions(
  files: string[],
  library: TemplateLibrary,
  heldOut: ReadonlySet<string>,
  onProgress?: (done: number) => void,
): { labelled: LabelledReaction[]; skipped: number; heldOut: number } {
  const labelled: LabelledReaction[] = [];
  let skipped = 0;
  let excluded = 0;
  for (const file of files) {
    for (const { text } of readReactionFile(file).records) {
      const productSmiles = text.split('>').pop() as string;
      const product = canonicalSmiles(productSmiles.replace(/:\d+\]/g, ']'));
      const key = product ? heldOutKey(product) : null;
      if (key && heldOut.has(key)) {
        excluded++;
        continue;
      }
      const extracted = product && !product.includes('.') ? extractTemplates(text) : null;
      const id = extracted?.ok ? templateId(extracted.specific) : null;
      if (!product || !id || !library.has(id)) {
        skipped++;
        continue;
      }
      labelled.push({
        product,
        bits: Uint16Array.from(onBits(morganFingerprint(product))),
        templateId: id,
      });
      if (labelled.length % 5000 === 0) onProgress?.(labelled.length);
    }
  }
  return { labelled, skipped, heldOut: excluded };
}

/** Stereo-free keys of the products of one split of the USPTO-50k table (held out from training). */
export function splitProducts(usptoCsvGz: string, split: string): Set<string> {
  const lines = gunzipSync(readFileSync(usptoCsvGz)).toString().split('\n');
  const header = lines[0].split(',');
  const [cP, cS] = ['prod_smiles', 'split'].map((c) => header.indexOf(c));
  const keys = new Set<string>();
  for (const l of lines.slice(1)) {
    const f = l.split(',');
    if (f[cS] !== split) continue;
    const key = heldOutKey(f[cP]);
    if (key) keys.add(key);
  }
  return keys;
}

export interface PolicyTrainingOptions {
  hidden: number;
  epochs: number;
  seed: number;
  /** Templates need this many labelled reactions to become network classes (rarer ones: neighbours only). */
  minClassCount: number;
  /** Fraction of labelled reactions held out to watch training (never used for fitting). */
  monitorFraction: number;
  log?: (line: string) => void;
}

export function trainPolicyModel(
  labelled: LabelledReaction[],
  name: string,
  labelStats: LabelStats,
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
  const rand = mulberry32(opts.seed);
  const monitor: TrainingExample[] = [];
  const fit: TrainingExample[] = [];
  for (const e of examples) {
    if (e.label >= networkClasses) continue;
    (rand() < opts.monitorFraction ? monitor : fit).push(e);
  }
  const history: { epoch: number; loss: number; monitorTop1: number; monitorTop10: number }[] = [];
  let best: { top1: number; weights: MlpWeights } | undefined;
  if (opts.epochs > 0) trainNetwork();
  function trainNetwork(): void {
    train(fit, networkClasses, 2048, {
      hidden: opts.hidden,
      epochs: opts.epochs,
      batchSize: 128,
      learningRate: 1e-3,
      dropout: 0.3,
      weightDecay: 0,
      seed: opts.seed,
      onEpoch: (epoch, loss, w) => {
        const [top1, top10] = topKAccuracy(w, monitor, [1, 10]);
        history.push({ epoch, loss, monitorTop1: top1, monitorTop10: top10 });
        opts.log?.(
          `epoch ${epoch + 1}: loss ${loss.toFixed(3)}, held-out top-1 ${(100 * top1).toFixed(1)}%, top-10 ${(100 * top10).toFixed(1)}%`,
        );
        // Keep the epoch that did best on the held-out part of the training data.
        if (!best || top1 > best.top1) best = { top1, weights: copyWeights(w) };
      },
    });
  }
  return {
    header: {
      format: 'synroute-policy',
      version: POLICY_FORMAT_VERSION,
      name,
      createdAt: new Date().toISOString(),
      templateIds: classIds,
      networkClasses: best ? networkClasses : 0,
      inputs: 2048,
      hidden: opts.hidden,
      training: {
        labels: labelStats,
        examples: fit.length,
        monitor: monitor.length,
        minClassCount: opts.minClassCount,
        history,
        seed: opts.seed,
      },
    },
    mlp: best ? (best as { weights: MlpWeights }).weights : null,
    neighbours: {
      bits: examples.map((e) => e.bits),
      labels: Int32Array.from(examples, (e) => e.label),
    },
  };
}

function copyWeights(w: MlpWeights): MlpWeights {
  return { ...w, w1: w.w1.slice(), b1: w.b1.slice(), w2: w.w2.slice(), b2: w.b2.slice() };
}

/** Fraction of examples whose label is within the network's top k, for each k. */
export function topKAccuracy(w: MlpWeights, examples: TrainingExample[], ks: number[]): number[] {
  const h = new Float32Array(w.hidden);
  const z = new Float32Array(w.classes);
  const hits = ks.map(() => 0);
  for (const ex of examples) {
    logits(w, hiddenLayer(w, ex.bits, h), z);
    const target = z[ex.label];
    let rank = 0;
    for (let c = 0; c < z.length; c++) if (z[c] > target) rank++;
    ks.forEach((k, i) => {
      if (rank < k) hits[i]++;
    });
  }
  return hits.map((h2) => (examples.length ? h2 / examples.length : 0));
}

export interface TrainPolicyOptions {
  library: string;
  preferredLibrary?: string;
  uspto50k: string;
  output: string;
  hidden: number;
  epochs: number;
  seed: number;
  /** Labels are kept here (outside the repository: they list data-set products) for re-training. */
  labelsCache?: string;
  /** Atom-mapped reaction files adding examples (products of the USPTO-50k valid split are held out). */
  extraReactions?: string[];
  minClassCount?: number;
}

export async function trainDefaultPolicy(
  opts: TrainPolicyOptions & { log: (line: string) => void },
): Promise<void> {
  await loadRDKit();
  const library = TemplateLibrary.load(opts.library);
  const preferred = opts.preferredLibrary
    ? new Set(
        TemplateLibrary.load(opts.preferredLibrary)
          .entries()
          .map((e) => e.id),
      )
    : null;
  const { labelled, stats } = cachedLabels(opts.labelsCache, () => {
    const records = readUsptoTrain(opts.uspto50k);
    opts.log(`labelling ${records.length} reactions against ${library.size} templates`);
    return labelReactions(records, library, preferred, (d, t) => {
      if (d % 5000 === 0) opts.log(`  ${d}/${t}`);
    });
  });
  opts.log(`labels: ${JSON.stringify(stats)}`);
  if (opts.extraReactions?.length) {
    const extra = cachedLabels(opts.labelsCache ? `${opts.labelsCache}.extra` : undefined, () => {
      const heldOut = splitProducts(opts.uspto50k, 'valid');
      const r = labelMappedReactions(opts.extraReactions as string[], library, heldOut, (n) =>
        opts.log(`  extra ${n}`),
      );
      opts.log(
        `extra reactions: ${r.labelled.length} labelled, ${r.skipped} without a library template, ${r.heldOut} held out`,
      );
      return { labelled: r.labelled, stats: { ...stats, reactions: r.labelled.length } };
    });
    labelled.push(...extra.labelled);
  }
  const model = trainPolicyModel(labelled, 'synroute-default-policy', stats, {
    hidden: opts.hidden,
    epochs: opts.epochs,
    seed: opts.seed,
    monitorFraction: 0.05,
    minClassCount: opts.minClassCount ?? 2,
    log: opts.log,
  });
  savePolicy(opts.output, model);
  opts.log(
    `policy with ${model.header.templateIds.length} template classes written to ${opts.output}`,
  );
}

function cachedLabels(
  path: string | undefined,
  compute: () => { labelled: LabelledReaction[]; stats: LabelStats },
): { labelled: LabelledReaction[]; stats: LabelStats } {
  if (path && existsSync(path)) {
    const data = JSON.parse(readFileSync(path, 'utf8')) as {
      stats: LabelStats;
      labelled: { product: string; bits: number[]; templateId: string }[];
    };
    return {
      stats: data.stats,
      labelled: data.labelled.map((l) => ({ ...l, bits: Uint16Array.from(l.bits) })),
    };
  }
  const result = compute();
  if (path) {
    const labelled = result.labelled.map((l) => ({ ...l, bits: Array.from(l.bits) }));
    writeFileSync(path, JSON.stringify({ stats: result.stats, labelled }));
  }
  return result;
}
