/** Child process for the stock benchmark: imports one file and reports time and peak memory. */
import { importLibraryFile } from '../src/stock/import.js';

const [input, output] = process.argv.slice(2);
const t = performance.now();
const report = await importLibraryFile(input, output, { id: 'million', name: 'benchmark million' });
process.stdout.write(
  JSON.stringify({
    seconds: Math.round((performance.now() - t) / 100) / 10,
    size: report.size,
    trusted: report.trustedCanonicalInput,
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
