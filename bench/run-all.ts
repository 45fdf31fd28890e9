/**
 * `npm run bench [-- name ...]`: runs the named benchmarks (default: the fast
 * core set) and writes bench/results/<name>.json. Figures go into BENCHMARKS.md.
 */
import { templateApplicationBench } from './template-application.js';
import { wasmSoakBench } from './wasm-soak.js';
import { stockBench } from './stock.js';
import { apiBench } from './api.js';
import { batchScoringBench } from './batch-scoring.js';
import { planningBench } from './planning.js';
import { scalingBench } from './scaling.js';
import { singleStepBench } from './single-step.js';
import { templateExtractionBench } from './template-extraction.js';
import { templateCoverageBench } from './template-coverage.js';
import { routeQualityBench } from './route-quality.js';
import { selectivityCasesBench } from './selectivity-cases.js';
import { expansionRecallBench } from './expansion-recall.js';
import { routeLossBench } from './route-loss.js';

const benches: Record<string, () => Promise<void>> = {
  'template-application': templateApplicationBench,
  'wasm-soak': () => wasmSoakBench(),
  stock: stockBench,
  api: apiBench,
  'batch-scoring': batchScoringBench,
  planning: planningBench,
  scaling: scalingBench,
  'single-step': singleStepBench,
  'template-extraction': templateExtractionBench,
  'template-coverage': templateCoverageBench,
  'route-quality': routeQualityBench,
  'selectivity-cases': selectivityCasesBench,
  'expansion-recall': expansionRecallBench,
  'route-loss': routeLossBench,
};

const defaults = ['template-application', 'wasm-soak'];

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const chosen = names.length ? names : defaults;
  for (const name of chosen) {
    const bench = benches[name];
    if (!bench) {
      process.stderr.write(
        `unknown benchmark ${name}; known: ${Object.keys(benches).join(', ')}\n`,
      );
      process.exit(2);
    }
    process.stdout.write(`== ${name}\n`);
    await bench();
  }
}

await main();
