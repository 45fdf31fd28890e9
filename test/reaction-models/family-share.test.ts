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

// Two disconnections of ethyl benzoate: O-alkylation of benzoic acid by ethyl bromide
// (family 3), in two atom contexts of which only the aromatic acyl carbon's applies, and
// esterification of benzoyl chloride with ethanol (family 4).
const TEMPLATES = [
  '[C:1]-[O;H0;D2;+0:2]-[C;H0;D3;+0:3](=[O;D1;H0:4])-[CH3;D1;+0:5]>>Br-[C:1].[OH;D1;+0:2]-[C:3](=[O:4])-[CH3:5]',
  '[C:1]-[O;H0;D2;+0:2]-[C;H0;D3;+0:3](=[O;D1;H0:4])-[c:5]>>Br-[C:1].[OH;D1;+0:2]-[C:3](=[O:4])-[c:5]',
  '[C:1]-[O;H0;D2;+0:2]-[C;H0;D3;+0:3](=[O;D1;H0:4])-[c:5]>>[C:1]-[OH;D1;+0:2].Cl-[C:3](=[O:4])-[c:5]',
];
const FAMILY = [3, 3, 4];
const PRIORS = [0.4, 0.2, 0.4];

function model(familyShare: number): TemplateReactionModel {
  const policy = { rank: () => PRIORS.map((prior, template) => ({ template, prior })) };
  return new TemplateReactionModel(templateSet(TEMPLATES, { families: FAMILY }), policy, {
    ...DEFAULT_MODEL_OPTIONS,
    generalBelow: 0,
    predictionFamilyShare: familyShare,
  });
}

/** Single-step prediction scores by precursor set. */
function predicted(familyShare: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of model(familyShare).predict(ETHYL_BENZOATE, 10)) out[p.reactants] = p.score;
  return out;
}

const ETHYL_BENZOATE = 'CCOC(=O)c1ccccc1';
const ALKYLATION = 'CCBr.O=C(O)c1ccccc1';
const ESTERIFICATION = 'CCO.O=C(Cl)c1ccccc1';

describe('template families share their prior in single-step predictions', () => {
  it('renormalizes over the templates that apply without a family share', () => {
    const p = predicted(0);
    expect(p[ALKYLATION]).toBeCloseTo(1 / 3);
    expect(p[ESTERIFICATION]).toBeCloseTo(2 / 3);
  });

  it("gives an inapplicable template's prior to the family member that applies", () => {
    // t0 (acetate context) does not apply: its 0.4 goes to t1, the same reaction centre.
    const p = predicted(1);
    expect(p[ALKYLATION]).toBeCloseTo(0.6);
    expect(p[ESTERIFICATION]).toBeCloseTo(0.4);
  });

  it('gives back the chosen share', () => {
    const p = predicted(0.5);
    expect(p[ALKYLATION]).toBeCloseTo(0.4 / 0.8);
    expect(p[ESTERIFICATION]).toBeCloseTo(0.4 / 0.8);
  });

  it("leaves the search's expansions as they were", () => {
    const priors = Object.fromEntries(
      model(1)
        .expand(ETHYL_BENZOATE)
        .map((c) => [c.precursors.join('.'), c.prior]),
    );
    expect(priors[ALKYLATION]).toBeCloseTo(1 / 3);
    expect(priors[ESTERIFICATION]).toBeCloseTo(2 / 3);
  });
});
