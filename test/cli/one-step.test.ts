import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalSet, canonicalSmiles, loadRDKit } from '../../src/chem/index.js';
import { runCli } from '../helpers/cli.js';
import { uspto50k } from '../helpers/datasets.js';

interface Prediction {
  reactants: string;
  score: number;
  template: string;
}

const dir = mkdtempSync(join(tmpdir(), 'synroute-one-step-'));
let cases: { product: string; reactants: string }[] = [];

beforeAll(async () => {
  await loadRDKit();
  // Known answers: recorded reactions of the USPTO-50k valid split.
  cases = uspto50k()
    .filter((r) => r.split === 'valid')
    .slice(0, 20)
    .map((r) => ({
      product: canonicalSmiles(r.product) as string,
      reactants: canonicalSet(r.reactants.split('.')) as string,
    }));
});

describe('synroute one-step', () => {
  it('ranks distinct precursor sets and recovers recorded reactions within the top 10', async () => {
    const input = join(dir, 'products.smi');
    const output = join(dir, 'preds.jsonl');
    writeFileSync(input, [...cases.map((c) => c.product), 'C1CC'].join('\n'));
    const r = await runCli(['one-step', '--input', input, '--output', output, '--top-k', '10']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/input line 21: unparseable/);
    const lines = readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { product: string; predictions: Prediction[] });
    expect(lines.map((l) => l.product)).toEqual(cases.map((c) => c.product));
    let found = 0;
    lines.forEach((line, i) => {
      const p = line.predictions;
      expect(p.length).toBeLessThanOrEqual(10);
      expect(new Set(p.map((x) => x.reactants)).size).toBe(p.length);
      for (let k = 1; k < p.length; k++) expect(p[k - 1].score).toBeGreaterThanOrEqual(p[k].score);
      for (const x of p) expect(x.template).toMatch(/^[0-9a-f]{16}$/);
      if (p.some((x) => x.reactants === cases[i].reactants)) found++;
    });
    expect(found).toBeGreaterThanOrEqual(10); // these 20 are harder than average (benchmark: ~80% top-10 on 600)
  });
});
