/**
 * The policy pipeline end to end on a small slice: label USPTO-50k train
 * reactions with library templates (each label must reproduce the recorded
 * reactants), train a network for an epoch, save, load and rank.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyTemplate, canonicalSet, loadRDKit, PreparedMolecule } from '../../src/chem/index.js';
import { loadPolicy, savePolicy } from '../../src/policy/model-file.js';
import { NetworkPolicy } from '../../src/policy/network-policy.js';
import { labelReactions, trainPolicyModel } from '../../src/policy/train.js';
import { TemplateLibrary } from '../../src/templates/library.js';
import { packageRoot } from '../../src/util/paths.js';
import { uspto50k } from '../helpers/datasets.js';

let library: TemplateLibrary;

beforeAll(async () => {
  await loadRDKit();
  library = TemplateLibrary.load(
    join(packageRoot(), 'data', 'templates', 'default.templates.json.gz'),
  );
});

describe('policy training pipeline', () => {
  it('labels reactions with templates that reproduce them, trains, saves and ranks', () => {
    const records = uspto50k()
      .filter((r) => r.split === 'train')
      .slice(0, 300)
      .map((r) => ({ product: r.product, reactants: r.reactants, template: r.template }));
    const { labelled, stats } = labelReactions(records, library, null);
    expect(stats.reactions).toBe(300);
    expect(stats.byReferenceTemplate + stats.bySearch).toBeGreaterThan(250);
    for (const l of labelled.slice(0, 40)) {
      const record = records.find((r) => canonicalSet([r.product]) === l.product);
      if (!record) continue;
      const outcomes = applyTemplate(
        library.template(l.templateId)!,
        new PreparedMolecule(l.product),
      );
      expect(outcomes).toContain(canonicalSet(record.reactants.split('.')));
    }
    const model = trainPolicyModel(labelled, 'test', stats, {
      hidden: 32,
      epochs: 2,
      seed: 1,
      minClassCount: 1,
      monitorFraction: 0.1,
    });
    const path = join(mkdtempSync(join(tmpdir(), 'synroute-train-')), 'p.policy');
    savePolicy(path, model);
    const loaded = loadPolicy(path);
    expect(loaded.header.templateIds.length).toBe(new Set(labelled.map((l) => l.templateId)).size);
    const classIndex = Int32Array.from(
      loaded.header.templateIds.slice(0, loaded.mlp!.classes),
      (_, i) => i,
    );
    const ranked = new NetworkPolicy(loaded.mlp!, classIndex).rank(labelled[0].product, 5);
    expect(ranked).toHaveLength(5);
    expect(ranked[0].prior).toBeGreaterThanOrEqual(ranked[4].prior);
  });
});
