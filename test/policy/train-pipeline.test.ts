/**
 * The policy pipeline end to end on a small slice of recorded reactions, as
 * data/README.md regenerates the shipped engine: extract a library and labels
 * from atom-mapped reactions, train a policy on them with the CLI, then the
 * one-step model built from both must predict the recorded reactants back,
 * alone and with a second network (another seed, no neighbours) as an ensemble.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit, MorganParams, morganOnBits } from '../../src/chem/index.js';
import { ENGINES, loadEngine } from '../../src/engine/engine.js';
import { loadPolicy } from '../../src/policy/model-file.js';
import { labelsDigest, loadPrecedents } from '../../src/policy/precedents.js';
import { readLabels } from '../../src/templates/corpus-files.js';
import { runCli } from '../helpers/cli.js';
import { sharedPath } from '../helpers/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'synroute-train-'));
const reactions = join(dir, 'reactions.txt');
const library = join(dir, 'small.templates.json.gz');
const labels = join(dir, 'labels.jsonl.gz');
const policy = join(dir, 'small.policy');
const member = join(dir, 'member.policy');

beforeAll(async () => {
  await loadRDKit();
  // 400 recorded, atom-mapped USPTO-MIT reactions (read at test time, never stored here).
  const text = gunzipSync(
    readFileSync(sharedPath('data', 'uspto_mit_atom_mapped_valid_test', 'valid.txt.gz')),
  ).toString();
  writeFileSync(reactions, text.split('\n').slice(0, 400).join('\n'));
});

/** `synroute policy train` arguments for a small network that fits the 400 reactions. */
function trainArgs(output: string): string[] {
  return [
    'policy',
    'train',
    '--library',
    library,
    '--labels',
    labels,
    '--output',
    output,
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
  ];
}

/** The network-only model's top-1 and top-5 on these reactions, with these ensemble members. */
function recall(rows: { product: string; reactants: string }[], ensemble: string[]) {
  const engine = loadEngine({
    ...ENGINES[0],
    templateLibrary: library,
    policy,
    ensemble,
    networkWeight: 1,
    precedents: null,
  });
  let top1 = 0;
  let top5 = 0;
  const scores: number[] = [];
  for (const row of rows) {
    const predicted = engine.model.predict(row.product, 5);
    const reactants = predicted.map((p) => p.reactants);
    if (reactants[0] === row.reactants) top1++;
    if (reactants.includes(row.reactants)) top5++;
    scores.push(predicted[0]?.score ?? 0);
  }
  return { top1: top1 / rows.length, top5: top5 / rows.length, scores };
}

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

      const trained = await runCli(trainArgs(policy));
      expect(trained.code, trained.stderr).toBe(0);
      expect(trained.stderr).toMatch(/epoch 1: loss/);
      const saved = loadPolicy(policy);
      expect(saved.header.fingerprint).toEqual({ radius: 2, bits: 2048, chirality: true });
      expect(saved.header.networkClasses).toBe(new Set(rows.map((r) => r.specific)).size);

      // The network alone (no neighbours) must have learnt its training reactions.
      const fitted = rows.filter((_, i) => i % 7 === 0);
      const single = recall(fitted, []);
      expect(single.top5).toBeGreaterThan(0.85);
      // Below top-5: a template that applies at several sites splits its prior among them.
      expect(single.top1).toBeGreaterThan(0.4);

      // A second network (another seed, written without neighbours) joins it as an ensemble.
      const second = await runCli([...trainArgs(member), '--seed', '2', '--no-neighbours']);
      expect(second.code, second.stderr).toBe(0);
      const saved2 = loadPolicy(member);
      expect(saved2.neighbours).toBeNull();
      expect(saved2.mlp?.classes).toBe(saved.header.networkClasses);
      const both = recall(fitted, [member]);
      expect(both.top5).toBeGreaterThan(0.85);
      expect(both.top1).toBeGreaterThan(0.4);
      // Its priors are the mean of the two networks': not those of the first alone.
      expect(both.scores).not.toEqual(single.scores);
    },
  );

  it(
    "stores the recorded reactants of the policy's neighbour examples, in their order",
    { timeout: 120_000 },
    async () => {
      const precedents = join(dir, 'small.precedents');
      const args = ['policy', 'train-precedents', '--library', library, '--policy', policy];
      const made = await runCli([...args, '--labels', labels, '--output', precedents]);
      expect(made.code, made.stderr).toBe(0);
      const saved = loadPolicy(policy);
      const neighbours = saved.neighbours as NonNullable<typeof saved.neighbours>;
      const loaded = loadPrecedents(precedents, neighbours.bits, labelsDigest(neighbours.labels));
      const rows = readLabels(labels);
      expect(loaded.reactants.length).toBe(rows.length);
      const fp = saved.header.fingerprint as MorganParams;
      rows.forEach((row, i) =>
        expect(Array.from(loaded.reactants.get(i))).toEqual(
          Array.from(morganOnBits(row.reactants, fp)),
        ),
      );
      // The engine takes them beside their policy, and refuses the shipped ones there.
      const settings = { ...ENGINES[0], templateLibrary: library, policy };
      expect(loadEngine({ ...settings, precedents }).model.predict(rows[0].product, 5)).not.toEqual(
        [],
      );
      expect(() => loadEngine(settings)).toThrow(/made for another policy/);
      // Another labels file (the rows reordered) is not the policy's: refused.
      const reordered = join(dir, 'reordered.jsonl');
      writeFileSync(
        reordered,
        rows
          .reverse()
          .map((r) => JSON.stringify(r))
          .join('\n'),
      );
      const wrong = await runCli([...args, '--labels', reordered, '--output', precedents]);
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toMatch(/not the labels file/);
    },
  );
});
