import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../../src/chem/index.js';
import {
  DEFAULT_MODEL_OPTIONS,
  TemplateReactionModel,
} from '../../src/reaction-models/template-model.js';
import { canonicalizeTemplate } from '../../src/templates/canonical.js';
import { leavingGroupKey, LeavingGroupSiblings } from '../../src/templates/leaving-groups.js';
import { templateSet } from '../helpers/template-set.js';

beforeAll(async () => {
  await loadRDKit();
});

// A Suzuki coupling as the library records it with an aryl bromide, iodide, chloride and
// triflate.
const SUZUKI = (halogen: string) =>
  `[c;H0;D3;+0:1](-[c;H0;D3;+0:4](:[c:5]):[c:6])(:[c:2]):[c:3]>>B(-O)(-O)-[c;H0;D3;+0:1](:[c:2]):[c:3].${halogen}-[c;H0;D3;+0:4](:[c:5]):[c:6]`;
// An aromatic bromination: its bromine is a product atom (mapped), Br2's other one leaves.
const BROMINATION =
  '[#7;a:2]:[c:3]:[c;H0;D3;+0:4](-[Br;H0;D1;+0:1]):[c:5]>>Br-[Br;H0;D1;+0:1].[#7;a:2]:[c:3]:[cH;D2;+0:4]:[c:5]';

const TRIFLATE = 'C(-F)(-F)(-F)-S(=O)(=O)-O';
// The Suzuki coupling of the aryl triflate as the library writes it: canonical order
// starts the product from the other ring, so its map numbers differ from the bromide's.
const SUZUKI_TRIFLATE_AS_WRITTEN =
  '[c;H0;D3;+0:4](-[c;H0;D3;+0:1](:[c:2]):[c:3])(:[c:5]):[c:6]>>B(-O)(-O)-[c;H0;D3;+0:1](:[c:2]):[c:3].C(-F)(-F)(-F)-S(=O)(=O)-O-[c;H0;D3;+0:4](:[c:5]):[c:6]';
const TOSYLATE = (rest: string) => `C-c:1:c:c:c(-S(=O)(=O)-O-${rest}):c:c1`;
// An amine N-alkylation with an alkyl bromide or mesylate.
const ALKYLATION_OF_AMINE = (leaving: string) =>
  `[CH2;D2;+0:1](-[C:2])-[N;H0;D3;+0:4](-[C:3])-[C:5]>>${leaving}-[CH2;D2;+0:1]-[C:2].[C:3]-[NH;D2;+0:4]-[C:5]`;

describe('leaving-group keys', () => {
  it('are the same for the bromide, iodide, chloride and triflate of one reaction', () => {
    const key = leavingGroupKey(SUZUKI('Br'));
    expect(key).not.toBeNull();
    expect(leavingGroupKey(SUZUKI('I'))).toBe(key);
    expect(leavingGroupKey(SUZUKI('Cl'))).toBe(key);
    expect(leavingGroupKey(SUZUKI(TRIFLATE))).toBe(key);
  });

  it('do not depend on the order a template is written in', () => {
    expect(SUZUKI_TRIFLATE_AS_WRITTEN.split('>>')[0]).not.toBe(SUZUKI('Br').split('>>')[0]);
    expect(leavingGroupKey(SUZUKI_TRIFLATE_AS_WRITTEN)).toBe(leavingGroupKey(SUZUKI('Br')));
  });

  it('are the same for an alkyl bromide, mesylate and tosylate', () => {
    const key = leavingGroupKey(ALKYLATION_OF_AMINE('Br'));
    expect(leavingGroupKey(ALKYLATION_OF_AMINE('C-S(=O)(=O)-O'))).toBe(key);
    const tosylate = ALKYLATION_OF_AMINE('Br').replace(
      'Br-[CH2;D2;+0:1]-[C:2]',
      TOSYLATE('[CH2;D2;+0:1]-[C:2]'),
    );
    expect(leavingGroupKey(tosylate)).toBe(key);
  });

  it('differ between another product and the same leaving group', () => {
    expect(leavingGroupKey(ALKYLATION_OF_AMINE('Br'))).not.toBe(leavingGroupKey(SUZUKI('Br')));
  });

  it("keep a sulfonyl group that stays (a mesylate's mapped oxygen is the product's)", () => {
    const mesylation =
      '[C:2]-[O;H0;D2;+0:1]-[S;H0;D4;+0:3](-[C;D1;H3:4])(=[O;D1;H0:5])=[O;D1;H0:6]>>[C:2]-[OH;D1;+0:1].Cl-[S;H0;D4;+0:3](-[C;D1;H3:4])(=[O;D1;H0:5])=[O;D1;H0:6]';
    expect(leavingGroupKey(mesylation)).toBe(
      canonicalizeTemplate(mesylation.replace('Cl-[S', '*-[S')),
    );
  });

  it('keep mapped halogens, which the product has', () => {
    expect(leavingGroupKey(BROMINATION)).toBe(
      canonicalizeTemplate(BROMINATION.replace('>>Br-[Br', '>>*-[Br')),
    );
  });

  it('are null for a template whose precursors lose no halogen', () => {
    expect(
      leavingGroupKey('[C:1]-[NH;D2;+0:2]-[C:3]>>[C:1]-[NH2;D1;+0:2].O=[C;H0;D3;+0:3]'),
    ).toBeNull();
  });
});

describe('leaving-group siblings', () => {
  it("carry their share of the template's precedents, at most 1", () => {
    const siblings = new LeavingGroupSiblings([
      { smarts: SUZUKI('Br'), count: 942 },
      { smarts: SUZUKI('I'), count: 172 },
      { smarts: SUZUKI('Cl'), count: 48 },
      { smarts: BROMINATION, count: 38 },
      { smarts: SUZUKI_TRIFLATE_AS_WRITTEN, count: 78 },
      { smarts: ALKYLATION_OF_AMINE('Br'), count: 802 },
    ]);
    expect(siblings.of(0)).toEqual([
      { index: 1, share: 172 / 942 },
      { index: 2, share: 48 / 942 },
      { index: 4, share: 78 / 942 },
    ]);
    expect(siblings.of(1)).toEqual([
      { index: 0, share: 1 },
      { index: 2, share: 48 / 172 },
      { index: 4, share: 78 / 172 },
    ]);
    expect(siblings.of(3)).toEqual([]);
    expect(siblings.of(5)).toEqual([]);
  });
});

// Ethyl benzoate by O-alkylation of benzoic acid (ethyl bromide, recorded 10 times; ethyl
// iodide, 5 times) or by esterification of benzoyl chloride. The policy ranks the iodide
// third, and the expansion stops after two templates that apply.
const ALKYLATION = (halogen: string) =>
  `[C:1]-[O;H0;D2;+0:2]-[C;H0;D3;+0:3](=[O;D1;H0:4])-[c:5]>>${halogen}-[C:1].[OH;D1;+0:2]-[C:3](=[O:4])-[c:5]`;
const TEMPLATES = [
  ALKYLATION('Br'),
  '[C:1]-[O;H0;D2;+0:2]-[C;H0;D3;+0:3](=[O;D1;H0:4])-[c:5]>>[C:1]-[OH;D1;+0:2].Cl-[C:3](=[O:4])-[c:5]',
  ALKYLATION('I'),
];
const COUNTS = [10, 20, 5];
const PRIORS = [0.6, 0.4, 0.001];
const ETHYL_BENZOATE = 'CCOC(=O)c1ccccc1';

function priors(siblingFactor: number): Record<string, number> {
  const policy = { rank: () => PRIORS.map((prior, template) => ({ template, prior })) };
  const model = new TemplateReactionModel(templateSet(TEMPLATES, { counts: COUNTS }), policy, {
    ...DEFAULT_MODEL_OPTIONS,
    topK: 2,
    generalBelow: 0,
    leavingGroupSiblings: siblingFactor,
  });
  return Object.fromEntries(
    model.expand(ETHYL_BENZOATE).map((c) => [c.precursors.join('.'), c.prior]),
  );
}

describe('the template model with leaving-group siblings', () => {
  it('proposes only the ranked templates without them', () => {
    expect(priors(0)).toEqual({
      'CCBr.O=C(O)c1ccccc1': expect.closeTo(0.6),
      'CCO.O=C(Cl)c1ccccc1': expect.closeTo(0.4),
    });
  });

  it("adds the iodide at the bromide's prior times the factor and its share", () => {
    expect(priors(1)).toEqual({
      'CCBr.O=C(O)c1ccccc1': expect.closeTo(0.6),
      'CCO.O=C(Cl)c1ccccc1': expect.closeTo(0.4),
      'CCI.O=C(O)c1ccccc1': expect.closeTo(0.6 * 0.5),
    });
    expect(priors(0.5)['CCI.O=C(O)c1ccccc1']).toBeCloseTo(0.6 * 0.5 * 0.5);
  });
});
