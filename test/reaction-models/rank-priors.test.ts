/**
 * Ranking priors through the template model: a policy that searches at one
 * network temperature and ranks at another gives each template both priors;
 * the model applies the same critics to both, renormalizes each over the
 * templates that apply, and ranks single-step predictions by the ranking prior.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit, RetroTemplate } from '../../src/chem/index.js';
import type { RankedTemplate } from '../../src/policy/types.js';
import {
  DEFAULT_MODEL_OPTIONS,
  TemplateReactionModel,
  TemplateSet,
} from '../../src/reaction-models/template-model.js';

beforeAll(async () => {
  await loadRDKit();
});

// Two ways to an ethyl benzoate: from ethyl bromide and the acid, from ethanol and the acid chloride.
const TEMPLATES = [
  '[C:1]-[O;H0;D2;+0:2]-[C;H0;D3;+0:3](=[O;D1;H0:4])-[c:5]>>Br-[C:1].[OH;D1;+0:2]-[C:3](=[O:4])-[c:5]',
  '[C:1]-[O;H0;D2;+0:2]-[C;H0;D3;+0:3](=[O;D1;H0:4])-[c:5]>>[C:1]-[OH;D1;+0:2].Cl-[C:3](=[O:4])-[c:5]',
];
const ESTER = 'CCOC(=O)c1ccccc1';
const FROM_BROMIDE = 'CCBr.O=C(O)c1ccccc1';
const FROM_CHLORIDE = 'CCO.O=C(Cl)c1ccccc1';

const templates: TemplateSet = {
  size: TEMPLATES.length,
  get: (i) => (TEMPLATES[i] ? new RetroTemplate(TEMPLATES[i]) : null),
  id: (i) => `t${i}`,
  indexOf: (id) => Number(id.slice(1)),
  generalOf: () => -1,
};

function model(ranked: RankedTemplate[]): TemplateReactionModel {
  // Feasibility halves the bromide route; with weight 1 it multiplies both priors.
  const feasibility = { score: (_p: string, pre: string[]) => (pre.includes('CCBr') ? 0.5 : 1) };
  return new TemplateReactionModel(
    templates,
    { rank: () => ranked },
    { ...DEFAULT_MODEL_OPTIONS, feasibilityWeight: 1 },
    { feasibility },
  );
}

describe('ranking priors in the template model', () => {
  it('judges both priors alike and renormalizes each over the templates that apply', () => {
    const out = model([
      { template: 0, prior: 0.5, rankPrior: 0.6 },
      { template: 1, prior: 0.5, rankPrior: 0.2 },
    ]).expand(ESTER);
    const byPrecursors = Object.fromEntries(
      out.map((c) => [c.precursors.join('.'), [c.prior, c.rankPrior]]),
    );
    // search: 0.25 and 0.5 -> 1/3 and 2/3; ranking: 0.3 and 0.2 -> 0.6 and 0.4
    expect(byPrecursors[FROM_BROMIDE]).toEqual([
      expect.closeTo(1 / 3, 12),
      expect.closeTo(0.6, 12),
    ]);
    expect(byPrecursors[FROM_CHLORIDE]).toEqual([
      expect.closeTo(2 / 3, 12),
      expect.closeTo(0.4, 12),
    ]);
  });

  it('ranks single-step predictions by the ranking prior', () => {
    const both = model([
      { template: 0, prior: 0.5, rankPrior: 0.6 },
      { template: 1, prior: 0.5, rankPrior: 0.2 },
    ]);
    expect(both.predict(ESTER, 2).map((p) => p.reactants)).toEqual([FROM_BROMIDE, FROM_CHLORIDE]);
    const searchOnly = model([
      { template: 0, prior: 0.5 },
      { template: 1, prior: 0.5 },
    ]);
    expect(searchOnly.expand(ESTER).every((c) => c.rankPrior === undefined)).toBe(true);
    expect(searchOnly.predict(ESTER, 2).map((p) => p.reactants)).toEqual([
      FROM_CHLORIDE,
      FROM_BROMIDE,
    ]);
  });
});
