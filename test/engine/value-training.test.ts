/**
 * Value training end to end, as data/README.md regenerates the shipped value
 * model: the default engine searches training products against a library,
 * the outcomes are kept, and a second run retrains from them without searching.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadValue, SIZE_INPUTS } from '../../src/policy/value.js';
import type { CostOutcome } from '../../src/search/outcomes.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'synroute-value-train-'));
const dataDir = join(dir, 'data');
const paracetamol = 'CC(=O)Nc1ccc(O)cc1';
const acetanilide = 'CC(=O)Nc1ccccc1';
const hexabromobenzene = 'Brc1c(Br)c(Br)c(Br)c(Br)c1Br';

describe('value training', () => {
  it(
    'searches training products, keeps the outcomes, and retrains from them',
    { timeout: 240_000 },
    async () => {
      const stock = join(dir, 'stock.smi');
      writeFileSync(stock, 'Nc1ccc(O)cc1 bb1\nCC(=O)OC(C)=O bb2\nCC(=O)Cl bb3\nNc1ccccc1 bb4\n');
      const imported = await runCli([
        'libraries',
        'import',
        stock,
        '--id',
        'tiny',
        '--data-dir',
        dataDir,
      ]);
      expect(imported.code, imported.stderr).toBe(0);
      const labels = join(dir, 'labels.jsonl.gz');
      const rows = [paracetamol, acetanilide, hexabromobenzene].map((product) =>
        JSON.stringify({ product, reactants: '', specific: '', general: '', source: 'test' }),
      );
      writeFileSync(labels, gzipSync(rows.join('\n')));
      const exclude = join(dir, 'benchmark.smi');
      writeFileSync(exclude, 'c1ccc(NC(C)=O)cc1 written-differently\n');
      const outcomes = join(dir, 'outcomes.gz');
      const model = join(dir, 'v.value');
      const common = ['--labels', labels, '--output', model, '--outcomes', outcomes];
      const fit = ['--hidden', '16', '--epochs', '3', '--validation-fraction', '0'];

      const searched = await runCli([
        'policy',
        'train-value',
        ...common,
        ...fit,
        '--library',
        'tiny',
        '--data-dir',
        dataDir,
        '--seconds',
        '1',
        '--exclude',
        exclude,
      ]);
      expect(searched.code, searched.stderr).toBe(0);
      // The excluded molecule (another spelling of acetanilide) is never a training product.
      expect(searched.stderr).toMatch(/searching 2 training products/);
      const kept = gunzipSync(readFileSync(outcomes))
        .toString()
        .split('\n')
        .map((l) => JSON.parse(l) as CostOutcome);
      const cost = new Map(kept.map((o) => [o.smiles, o.cost]));
      // One step from two building blocks, and a target the engine cannot make from them.
      expect(cost.get(paracetamol)).toBeGreaterThan(0);
      expect(cost.get(paracetamol)).toBeLessThan(5);
      expect(cost.get(hexabromobenzene)).toBeNull();
      expect(cost.has(acetanilide)).toBe(false);
      const first = loadValue(model);
      expect(first.header.sizeInputs).toBe(SIZE_INPUTS);
      expect(first.header.training).toMatchObject({ outcomes: kept.length });

      const again = await runCli(['policy', 'train-value', ...common, ...fit]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toMatch(/search outcomes read from .* \(no new searches\)/);
      expect(again.stderr).not.toMatch(/searching/);
      expect(loadValue(model).header.training).toMatchObject({ outcomes: kept.length });
    },
  );
});
