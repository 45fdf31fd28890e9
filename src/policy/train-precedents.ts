/**
 * Builds the precedents file of a policy: the recorded reactants of each of its
 * neighbour-index examples, read from the labels file the policy was trained
 * on (the same rows, in the same order, as `trainPolicyFromLabels` keeps).
 */
import { loadRDKit, morganOnBits } from '../chem/index.js';
import { readLabels } from '../templates/corpus-files.js';
import { TemplateLibrary } from '../templates/library.js';
import { BitLists } from './bit-lists.js';
import { loadPolicy } from './model-file.js';
import { labelsDigest, savePrecedents } from './precedents.js';

export interface TrainPrecedentsOptions {
  library: string;
  policy: string;
  labels: string;
  output: string;
  log?: (line: string) => void;
}

export async function trainPrecedents(opts: TrainPrecedentsOptions): Promise<void> {
  await loadRDKit();
  const log = opts.log ?? (() => undefined);
  const policy = loadPolicy(opts.policy);
  const fingerprint = policy.header.fingerprint;
  if (!policy.neighbours || !fingerprint)
    throw new Error(`${opts.policy} has no neighbour index to add precedents to`);
  const { bits: products, labels } = policy.neighbours;
  const library = TemplateLibrary.load(opts.library);
  const reactants: Uint16Array[] = [];
  for (const row of readLabels(opts.labels)) {
    // The rows the policy kept: template in the library, product readable.
    if (!library.has(row.specific) || !morganOnBits(row.product, fingerprint).length) continue;
    const i = reactants.length;
    if (i >= labels.length || policy.header.templateIds[labels[i]] !== row.specific)
      throw new Error(`${opts.labels} is not the labels file ${opts.policy} was trained on`);
    reactants.push(morganOnBits(row.reactants, fingerprint));
    if (reactants.length % 50_000 === 0) log(`  ${reactants.length} reactions`);
  }
  if (reactants.length !== labels.length)
    throw new Error(
      `${opts.labels} has ${reactants.length} of the policy's ${labels.length} examples`,
    );
  const header = {
    format: 'synroute-precedents' as const,
    createdAt: new Date().toISOString(),
    examples: reactants.length,
    policyLabels: labelsDigest(labels),
    fingerprint,
  };
  savePrecedents(opts.output, header, products, BitLists.from(reactants));
  log(`precedents of ${reactants.length} reactions written to ${opts.output}`);
}
