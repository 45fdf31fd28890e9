/**
 * Single-step retrosynthesis accuracy (issue 3): top-1/3/5/10/50 exact match
 * of the recorded reactants (canonical sets, stereo included, reaction class
 * not given) on the USPTO-50k `valid` split, plus policy ranking speed.
 *
 * To avoid leakage the evaluation uses the template library extracted from
 * USPTO-MIT only (no USPTO-50k valid reaction contributed a template) with the
 * default policy, whose classes outside that library are ignored.
 * SINGLE_STEP_LIMIT=n evaluates the first n products only.
 */
import { join } from 'node:path';
import { canonicalSet, canonicalSmiles, loadRDKit } from '../src/chem/index.js';
import { ENGINES, loadEngine } from '../src/engine/engine.js';
import { quantile, readUspto50k, record } from './shared.js';

const KS = [1, 3, 5, 10, 50];

export async function singleStepBench(): Promise<void> {
  await loadRDKit();
  const settings = { ...ENGINES[0], templateLibrary: 'data/templates/mit-only.templates.json.gz' };
  const engine = loadEngine(settings);
  const limit = Number(process.env.SINGLE_STEP_LIMIT ?? 0) || undefined;
  const rows = readUspto50k()
    .filter((r) => r.split === 'valid')
    .slice(0, limit);
  const hits = KS.map(() => 0);
  const rankMs: number[] = [];
  const predictMs: number[] = [];
  let evaluated = 0;
  for (const row of rows) {
    const product = canonicalSmiles(row.product);
    const reactants = canonicalSet(row.reactants.split('.'));
    if (!product || !reactants) continue;
    evaluated++;
    let t = performance.now();
    engine.model.policyRanking(product, 50);
    rankMs.push(performance.now() - t);
    t = performance.now();
    const predictions = engine.model.predict(product, 50);
    predictMs.push(performance.now() - t);
    const rank = predictions.findIndex((p) => p.reactants === reactants);
    KS.forEach((k, i) => {
      if (rank >= 0 && rank < k) hits[i]++;
    });
  }
  rankMs.sort((a, b) => a - b);
  predictMs.sort((a, b) => a - b);
  const accuracy: Record<string, number> = {};
  KS.forEach((k, i) => (accuracy[`top${k}`] = Math.round((1000 * hits[i]) / evaluated) / 10));
  record('single-step', {
    split: 'USPTO-50k valid',
    products: evaluated,
    templateLibrary: join('data', 'templates', 'mit-only.templates.json.gz'),
    accuracyPercent: accuracy,
    policyTop50RankingMs: {
      median: round(quantile(rankMs, 0.5)),
      p95: round(quantile(rankMs, 0.95)),
    },
    predictTop50Ms: {
      median: round(quantile(predictMs, 0.5)),
      p95: round(quantile(predictMs, 0.95)),
    },
  });
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
