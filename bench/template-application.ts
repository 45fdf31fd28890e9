/**
 * Template application speed and agreement with RDChiral.
 * Workload (issue 2): the first 200 USPTO-50k `valid` products against the
 * 100 most frequent train-derived templates, single thread, cold outcome cache.
 * Agreement is measured when a reference run of Python RDChiral on the same
 * workload is available ($SYNROUTE_REF_DIR/reference_outcomes.jsonl).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyTemplate,
  canonicalSmiles,
  loadRDKit,
  PreparedMolecule,
  RetroTemplate,
} from '../src/chem/index.js';
import { clearCanonicalCache } from '../src/chem/canonical.js';
import { quantile, readTopTrainTemplates, readUspto50k, record } from './shared.js';

export async function templateApplicationBench(): Promise<void> {
  await loadRDKit();
  const products = readUspto50k()
    .filter((r) => r.split === 'valid')
    .slice(0, 200)
    .map((r) => r.product);
  const templates = readTopTrainTemplates(100).map((t) => new RetroTemplate(t));
  const prepared = products.map((p) => new PreparedMolecule(canonicalSmiles(p) as string));
  clearCanonicalCache();

  const perProduct: number[] = [];
  const outcomes = new Map<string, string[]>();
  const start = performance.now();
  prepared.forEach((mol, i) => {
    const t = performance.now();
    templates.forEach((tpl, j) => {
      const o = applyTemplate(tpl, mol);
      if (o.length) outcomes.set(`${i}:${j}`, o);
    });
    perProduct.push(performance.now() - t);
  });
  const totalMs = performance.now() - start;
  perProduct.sort((a, b) => a - b);
  const pairs = products.length * templates.length;

  const result: Record<string, unknown> = {
    products: products.length,
    templates: templates.length,
    pairs,
    nonEmptyPairs: outcomes.size,
    usPerApplication: round((totalMs * 1000) / pairs),
    msPerProductMedian: round(quantile(perProduct, 0.5)),
    msPerProductMean: round(totalMs / products.length),
    totalSeconds: round(totalMs / 1000),
  };
  Object.assign(result, agreement(outcomes, products.length, templates.length));
  record('template-application', result);
}

function agreement(
  ours: Map<string, string[]>,
  nProducts: number,
  nTemplates: number,
): Record<string, unknown> {
  const refDir = process.env.SYNROUTE_REF_DIR ?? '/work/ref';
  const file = join(refDir, 'reference_outcomes.jsonl');
  if (!existsSync(file)) return { agreement: 'not measured: no RDChiral reference run found' };
  const ref = new Map<string, string[]>();
  for (const line of readFileSync(file, 'utf8').trim().split('\n')) {
    const r = JSON.parse(line) as { product_index: number; template: number; outcomes?: string[] };
    ref.set(
      `${r.product_index}:${r.template}`,
      (r.outcomes ?? []).map((s) => canonicalSmiles(s) as string).sort(),
    );
  }
  let same = 0;
  const differing: string[] = [];
  for (let i = 0; i < nProducts; i++) {
    for (let j = 0; j < nTemplates; j++) {
      const k = `${i}:${j}`;
      if (JSON.stringify(ours.get(k) ?? []) === JSON.stringify(ref.get(k) ?? [])) same++;
      else differing.push(k);
    }
  }
  return {
    identicalOutcomeSets: same,
    agreement: round(same / (nProducts * nTemplates), 5),
    differingPairs: differing.slice(0, 20),
  };
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
