import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../../src/chem/index.js';
import {
  DEFAULT_MODEL_OPTIONS,
  TemplateReactionModel,
} from '../../src/reaction-models/template-model.js';
import { templateSet } from '../helpers/template-set.js';

beforeAll(async () => {
  await loadRDKit();
});

// Templates as corpus reactions record them: an ester from a sodium carboxylate and an
// alkyl bromide, a nitrile from cyanide (the salts' metal ions stripped).
const TEMPLATES = [
  '[C:1]-[O;H0;D2;+0:2]-[C;H0;D3;+0:3](=[O;D1;H0:4])-[c:5]>>Br-[C:1].[O-;H0;D1:2]-[C:3](=[O:4])-[c:5]',
  '[N;H0;D1;+0:1]#[C;H0;D2;+0:2]-[CH2;D2;+0:3]-[c:4]>>[C-;H0;D1:2]#[N:1].Cl-[CH2:3]-[c:4]',
];

function model(neutralPrecursors: boolean): TemplateReactionModel {
  const policy = { rank: () => TEMPLATES.map((_, template) => ({ template, prior: 0.5 })) };
  return new TemplateReactionModel(templateSet(TEMPLATES), policy, {
    ...DEFAULT_MODEL_OPTIONS,
    neutralPrecursors,
  });
}

describe('precursors as parent compounds', () => {
  it('proposes the acid and hydrogen cyanide that catalogues list, not their anions', () => {
    const ester = model(true).expand('CCOC(=O)c1ccccc1');
    expect(ester.map((c) => c.precursors)).toEqual([['CCBr', 'O=C(O)c1ccccc1']]);
    const nitrile = model(true).expand('N#CCc1ccccc1');
    expect(nitrile.map((c) => c.precursors)).toEqual([['C#N', 'ClCc1ccccc1']]);
    // as recorded without the option
    expect(model(false).expand('CCOC(=O)c1ccccc1')[0].precursors).toEqual([
      'CCBr',
      'O=C([O-])c1ccccc1',
    ]);
  });

  it('verifies a step in the form it proposed it', () => {
    const m = model(true);
    expect(m.verify('N#CCc1ccccc1', ['ClCc1ccccc1', 'C#N'], 't1')).toBe(true);
    expect(m.verify('N#CCc1ccccc1', ['ClCc1ccccc1', '[C-]#N'], 't1')).toBe(false);
  });
});
