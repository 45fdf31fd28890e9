/**
 * The policy pipeline end to end on a small slice of recorded reactions, as
 * data/README.md regenerates the shipped engine: extract a library and labels
 * from atom-mapped reactions, train a policy on them with the CLI, then the
 * one-step model built from both must predict the recorded reactants back.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../../src/chem/index.js';
import { ENGINES, loadEngine } from '../../src/engine/engine.js';
import { loadPolicy } from '../../src/policy/model-file.js';
import { readLabels } from '../../src/templates/corpus-files.js';
import { runCli } from '../helpers/cli.js';
import { sharedPath } from '../helpers/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'synroute-train-'));
const reactions = join(dir, 'reactions.txt');
const library = join(dir, 'small.templates.json.gz');
const labels = join(dir, 'labels.jsonl.gz');
const policy = join(dir, 'small.policy');

beforeAll(async () => {
  await loadRDKit();
  // 400 recorded, atom-mapped USPTO-MIT reactions (read at test time, never stored here).
  const text = gunzipSync(
    readFileSync(sharedPath('data', 'uspto_mit_atom_mapped_valid_test', 'valid.txt.gz')),
  ).toString();
  writeFileSync(reactions, text.split('\n').slice(0, 400).join('\n'));
});

describe('policy training pipeline', () => {
  it(
    'extracts, trains and predicts the training reactions back',
    { timeout: 240_000 },
    async () => {
      const extracted = await runCli([
        'templates',
        'extract',
        '--input',
        reactions,
        '--output',
        library,
        '--labels',
        labels,
      ]);
      expect(extracted.code, extracted.stderr).toBe(0);
      const rows = readLabels(labels);
      expect(rows.length).toBeGreaterThan(300);

      const trained = await runCli([
        'policy',
        'train',
        '--library',
        library,
        '--labels',
        labels,
        '--output',
        policy,
        '--hidden',
        '64',
        '--epochs',
        '30',
        '--patience',
        '30',
        '--negatives',
        '64',
        '--batch-size',
        '32',
        '--learning-rate',
        '0.005',
        '--dropout',
        '0',
        '--min-class-count',
        '1',
        '--validation-fraction',
        '0.05',
        '--fingerprint-bits',
        '2048',
      ]);
      expect(trained.code, trained.stderr).toBe(0);
      expect(trained.stderr).toMatch(/epoch 1: loss/);
      const saved = loadPolicy(policy);
      expect(saved.header.fingerprint).toEqual({ radius: 2, bits: 2048, chirality: true });
      expect(saved.header.networkClasses).toBe(new Set(rows.map((r) => r.specific)).size);

      // The network alone (no neighbours) must have learnt its training reactions.
      const engine = loadEngine({
        ...ENGINES[0],
        templateLibrary: library,
        policy,
        networkWeight: 1,
      });
      const fitted = rows.filter((_, i) => i % 7 === 0);
      let top1 = 0;
      let top5 = 0;
      for (const row of fitted) {
        const predicted = engine.model.predict(row.product, 5).map((p) => p.reactants);
        if (predicted[0] === row.reactants) top1++;
        if (predicted.includes(row.reactants)) top5++;
      }
      expect(top5 / fitted.length).toBeGreaterThan(0.85);
      // Below top-5: a template that applies at several sites splits its prior among them.
      expect(top1 / fitted.length).toBeGreaterThan(0.4);
    },
  );
});
