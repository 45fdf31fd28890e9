/**
 * Soak: 100,000 template applications (1,000 train products x the 100 most
 * frequent templates) on one RDKit instance. WASM memory must
 * stay flat after warm-up (every WASM object freed on every path). The outcome
 * cache is cleared regularly so RDKit keeps doing real work throughout.
 */
import {
  applyTemplate,
  canonicalSmiles,
  loadRDKit,
  PreparedMolecule,
  rdkitHeapBytes,
  RetroTemplate,
} from '../src/chem/index.js';
import { clearCanonicalCache } from '../src/chem/canonical.js';
import { readTopTrainTemplates, readUspto50k, record } from './shared.js';

export async function wasmSoakBench(total = 100_000): Promise<void> {
  await loadRDKit();
  const rows = readUspto50k().filter((r) => r.split === 'train');
  const templates = readTopTrainTemplates(100).map((t) => new RetroTemplate(t));
  const products = rows
    .slice(0, 1000)
    .map((r) => new PreparedMolecule(canonicalSmiles(r.product) as string));
  const samples: { applications: number; wasmBytes: number; rssMB: number }[] = [];
  let applications = 0;
  let outcomes = 0;
  const start = performance.now();
  for (let p = 0; applications < total; p = (p + 1) % products.length) {
    for (const tpl of templates) {
      outcomes += applyTemplate(tpl, products[p]).length;
      applications++;
      if (applications % 5000 === 0) {
        clearCanonicalCache();
        samples.push({
          applications,
          wasmBytes: rdkitHeapBytes(),
          rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
        });
      }
    }
  }
  const afterWarmup = samples[1]?.wasmBytes ?? 0; // after 10,000 applications
  const end = samples[samples.length - 1]?.wasmBytes ?? 0;
  record('wasm-soak', {
    applications,
    outcomes,
    seconds: Math.round((performance.now() - start) / 100) / 10,
    wasmBytesAfterWarmup: afterWarmup,
    wasmBytesAtEnd: end,
    wasmGrowthAfterWarmupBytes: end - afterWarmup,
    samples,
  });
}
