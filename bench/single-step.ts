/**
 * Single-step retrosynthesis accuracy: top-1/3/5/10/50 exact match of the
 * recorded reactants (canonical sets, stereo included, reaction class not
 * given) on the USPTO-50k `valid` split, plus policy and prediction speed.
 *
 * Leakage-free by construction: the default engine's library, policy and
 * filter are built from a corpus with every reaction whose product is a
 * `valid` product held out (data/README.md); the library records that, and
 * the benchmark refuses a library that does not.
 *
 * Environment: SINGLE_STEP_LIMIT=n (first n products), SINGLE_STEP_LIBRARY,
 * SINGLE_STEP_POLICY, SINGLE_STEP_FILTER (a path or `none`),
 * SINGLE_STEP_NETWORK_WEIGHT (network share of the network/neighbour blend)
 * to compare other builds. Accuracy is reported for several feasibility
 * weights at once (the same proposals re-ranked).
 */
import { canonicalSet, canonicalSmiles, loadRDKit } from '../src/chem/index.js';
import { ENGINES, EngineSettings, loadEngine } from '../src/engine/engine.js';
import { rankPrecursorSets } from '../src/reaction-models/template-model.js';
import { quantile, readUspto50k, record } from './shared.js';

const KS = [1, 3, 5, 10, 50];
const FEASIBILITY_WEIGHTS = [0, 0.5, 1, 2, 4];

function settingsFromEnv(): EngineSettings {
  const base = ENGINES[0];
  const env = process.env;
  const filter = env.SINGLE_STEP_FILTER ?? base.filter;
  return {
    ...base,
    templateLibrary: env.SINGLE_STEP_LIBRARY ?? base.templateLibrary,
    policy: env.SINGLE_STEP_POLICY ?? base.policy,
    // Precedents belong to the shipped policy's neighbours.
    precedents: env.SINGLE_STEP_POLICY ? null : base.precedents,
    filter: filter === 'none' ? undefined : filter,
    networkWeight: Number(env.SINGLE_STEP_NETWORK_WEIGHT ?? base.networkWeight),
    // Proposals as the engine makes them, but every step kept and scored, so the
    // feasibility weights can be compared on the same proposals.
    model: { ...base.model, topK: 50, feasibilityMinimum: 0, feasibilityWeight: 0 },
  };
}

export async function singleStepBench(): Promise<void> {
  await loadRDKit();
  const settings = settingsFromEnv();
  const engine = loadEngine(settings);
  const heldOut = engine.library.file.settings.heldOut as { split?: string } | null;
  if (heldOut?.split !== 'valid')
    throw new Error(`${settings.templateLibrary} does not hold out the valid split: leakage`);
  const limit = Number(process.env.SINGLE_STEP_LIMIT ?? 0) || undefined;
  const rows = readUspto50k()
    .filter((r) => r.split === 'valid')
    .slice(0, limit);
  const shipped = settings.filter ? ENGINES[0].model.feasibilityWeight : 0;
  const weights = settings.filter ? [...new Set([shipped, ...FEASIBILITY_WEIGHTS])] : [0];
  const hits = weights.map(() => KS.map(() => 0));
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
    const candidates = engine.model.predictionCandidates(product);
    const first = rankPrecursorSets(candidates, 50, shipped);
    predictMs.push(performance.now() - t);
    weights.forEach((w, wi) => {
      const predictions = w === shipped ? first : rankPrecursorSets(candidates, 50, w);
      const rank = predictions.findIndex((p) => p.reactants === reactants);
      KS.forEach((k, i) => {
        if (rank >= 0 && rank < k) hits[wi][i]++;
      });
    });
    if (evaluated % 500 === 0) process.stderr.write(`${evaluated} products\n`);
  }
  rankMs.sort((a, b) => a - b);
  predictMs.sort((a, b) => a - b);
  const accuracy = (h: number[]) =>
    Object.fromEntries(KS.map((k, i) => [`top${k}`, Math.round((1000 * h[i]) / evaluated) / 10]));
  record('single-step', {
    split: 'USPTO-50k valid',
    products: evaluated,
    engine: engine.info.version,
    templateLibrary: settings.templateLibrary,
    policy: settings.policy,
    filter: settings.filter ?? null,
    networkWeight: settings.networkWeight,
    feasibilityWeight: shipped,
    accuracyPercent: accuracy(hits[0]),
    byFeasibilityWeight: Object.fromEntries(weights.map((w, i) => [String(w), accuracy(hits[i])])),
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
