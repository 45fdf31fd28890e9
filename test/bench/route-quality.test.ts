/**
 * The pure parts of the route-quality benchmark that decide its figures:
 * walking reference trees, stereo-free reaction keys, route matching (same
 * set of reactions), first-step extraction, the per-set shares, and template
 * coverage with ranking. Molecules are small hand-made examples.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../../src/chem/index.js';
import type { ExpansionPolicy } from '../../src/policy/types.js';
import {
  LibraryTemplateSet,
  TemplateReactionModel,
} from '../../src/reaction-models/template-model.js';
import type { Route } from '../../src/contract/index.js';
import { extractTemplates } from '../../src/templates/extract.js';
import { TemplateLibrary, templateId } from '../../src/templates/library.js';
import { addResult, buildLibrary, emptyTally } from '../../src/templates/library-builder.js';
import { ReactionCoverage, TemplateCoverage } from '../../bench/route-coverage.js';
import {
  firstDisconnection,
  firstStepMatches,
  qualityFigures,
  reactionKey,
  ReferenceNode,
  referenceRank,
  referenceReactions,
} from '../../bench/route-match.js';
import { EXAMPLE_REACTIONS } from '../templates/example-reactions.js';

beforeAll(async () => {
  await loadRDKit();
});

// Alanine benzylamide made by coupling Boc-alanine with benzylamine, then removing the Boc group.
const TARGET = 'C[C@H](N)C(=O)NCc1ccccc1';
const BOC_AMIDE = 'C[C@H](NC(=O)OC(C)(C)C)C(=O)NCc1ccccc1';
const BOC_ALA = 'C[C@H](NC(=O)OC(C)(C)C)C(=O)O';
const BENZYLAMINE = 'NCc1ccccc1';
const REFERENCE: ReferenceNode = {
  smiles: TARGET,
  children: [{ smiles: BOC_AMIDE, children: [{ smiles: BOC_ALA }, { smiles: BENZYLAMINE }] }],
};

/** A planner route from its steps (`reactants>>product`, post-order). */
function route(target: string, ...steps: string[]): Route {
  return {
    reactionSmiles: `>>${target}`,
    buildingBlocks: [],
    steps: steps.map((reactionSmiles, i) => ({ number: i + 1, reactionSmiles })),
  };
}

// The reference route as the planner could write it: other atom orders, reactants swapped.
const SAME = route(
  TARGET,
  `c1ccc(CN)cc1.OC(=O)[C@H](C)NC(=O)OC(C)(C)C>>O=C(NCc1ccccc1)[C@H](C)NC(=O)OC(C)(C)C`,
  `O=C(NCc1ccccc1)[C@H](C)NC(=O)OC(C)(C)C>>O=C(NCc1ccccc1)[C@H](C)N`,
);
// Same last step, but the Boc amide comes from the methyl ester instead of the acid.
const FROM_ESTER = route(
  TARGET,
  `COC(=O)[C@H](C)NC(=O)OC(C)(C)C.${BENZYLAMINE}>>${BOC_AMIDE}`,
  `${BOC_AMIDE}>>${TARGET}`,
);
// Cbz instead of Boc: another route altogether.
const CBZ = route(
  TARGET,
  `C[C@H](NC(=O)OCc1ccccc1)C(=O)O.${BENZYLAMINE}>>C[C@H](NC(=O)OCc1ccccc1)C(=O)NCc1ccccc1`,
  `C[C@H](NC(=O)OCc1ccccc1)C(=O)NCc1ccccc1>>${TARGET}`,
);

describe('reference route trees', () => {
  it('give their reactions in post-order, the target last, starting materials none', () => {
    const convergent: ReferenceNode = {
      smiles: 'R',
      children: [
        { smiles: 'X', children: [{ smiles: 'x1' }, { smiles: 'x2' }] },
        { smiles: 'm' },
        { smiles: 'Y', children: [{ smiles: 'Z', children: [{ smiles: 'z1' }] }] },
      ],
    };
    expect(referenceReactions(convergent)).toEqual([
      { product: 'X', reactants: ['x1', 'x2'] },
      { product: 'Z', reactants: ['z1'] },
      { product: 'Y', reactants: ['Z'] },
      { product: 'R', reactants: ['X', 'm', 'Y'] },
    ]);
    expect(referenceReactions({ smiles: TARGET })).toEqual([]);
    expect(referenceReactions({ smiles: TARGET, children: [] })).toEqual([]);
  });
});

describe('reaction keys', () => {
  const amide = { product: BOC_AMIDE, reactants: [BOC_ALA, BENZYLAMINE] };
  let key: string | null;
  beforeAll(() => {
    key = reactionKey(amide);
  });

  it('are canonical and stereo-free, whatever the writing and the reactant order', () => {
    expect(key).toBe('CC(NC(=O)OC(C)(C)C)C(=O)O.NCc1ccccc1>>CC(NC(=O)OC(C)(C)C)C(=O)NCc1ccccc1');
    expect(
      reactionKey({
        product: 'O=C(NCc1ccccc1)[C@H](C)NC(=O)OC(C)(C)C',
        reactants: ['c1ccc(CN)cc1', 'OC(=O)[C@H](C)NC(=O)OC(C)(C)C'],
      }),
    ).toBe(key);
    // The enantiomer and the unspecified stereoisomer have the same key.
    expect(
      reactionKey({
        product: 'C[C@@H](NC(=O)OC(C)(C)C)C(=O)NCc1ccccc1',
        reactants: ['CC(NC(=O)OC(C)(C)C)C(=O)O', BENZYLAMINE],
      }),
    ).toBe(key);
  });

  it('read reactants as a set of fragments (repeats and salts)', () => {
    expect(reactionKey({ ...amide, reactants: [BOC_ALA, BENZYLAMINE, BOC_ALA] })).toBe(key);
    // Benzylamine hydrochloride and hydrogen chloride: fragments benzylamine and HCl.
    expect(reactionKey({ ...amide, reactants: [BOC_ALA, `Cl.${BENZYLAMINE}`, 'Cl'] })).toBe(
      reactionKey({ ...amide, reactants: [BOC_ALA, BENZYLAMINE, 'Cl'] }),
    );
    expect(reactionKey({ ...amide, reactants: [BOC_ALA] })).not.toBe(key);
  });

  it('are null when a molecule cannot be read', () => {
    expect(reactionKey({ ...amide, reactants: [BOC_ALA, 'C1CC'] })).toBeNull();
    expect(reactionKey({ ...amide, product: 'c1cc' })).toBeNull();
  });
});

describe('route matching', () => {
  it('finds the reference among the routes when a route holds exactly its reactions', () => {
    expect(referenceRank(REFERENCE, [SAME])).toBe(0);
    expect(referenceRank(REFERENCE, [CBZ, FROM_ESTER, SAME])).toBe(2);
    expect(referenceRank(REFERENCE, [CBZ, FROM_ESTER])).toBeNull();
    expect(referenceRank(REFERENCE, [])).toBeNull();
  });

  it('by compound, counts a route writing an intermediate as another tautomer; strictly, not', () => {
    // 4-Chloroquinoline from the 4-quinolone, which a route may write as 4-hydroxyquinoline.
    const quinolone = 'O=c1cc[nH]c2ccccc12';
    const reference: ReferenceNode = {
      smiles: 'Clc1ccnc2ccccc12',
      children: [
        { smiles: quinolone, children: [{ smiles: 'Nc1ccccc1C(C)=O' }, { smiles: 'O=CO' }] },
        { smiles: 'O=P(Cl)(Cl)Cl' },
      ],
    };
    const hydroxy = route(
      'Clc1ccnc2ccccc12',
      'CC(=O)c1ccccc1N.O=CO>>Oc1ccnc2ccccc12',
      'Oc1ccnc2ccccc12.O=P(Cl)(Cl)Cl>>Clc1ccnc2ccccc12',
    );
    expect(referenceRank(reference, [hydroxy])).toBeNull();
    expect(referenceRank(reference, [CBZ, hydroxy], true)).toBe(1);
    // A 3-hydroxyquinoline is another compound.
    const other = route(
      'Clc1ccnc2ccccc12',
      'CC(=O)c1ccccc1N.O=CO>>Oc1cnc2ccccc2c1',
      'Oc1cnc2ccccc2c1.O=P(Cl)(Cl)Cl>>Clc1ccnc2ccccc12',
    );
    expect(referenceRank(reference, [other], true)).toBeNull();
  });

  it('ignores stereo, as the PaRoutes measure does', () => {
    const flat = route(
      TARGET,
      `CC(NC(=O)OC(C)(C)C)C(=O)O.${BENZYLAMINE}>>CC(NC(=O)OC(C)(C)C)C(=O)NCc1ccccc1`,
      `CC(NC(=O)OC(C)(C)C)C(=O)NCc1ccccc1>>CC(N)C(=O)NCc1ccccc1`,
    );
    expect(referenceRank(REFERENCE, [flat])).toBe(0);
  });

  it('needs the same set: a route with a step less or a step more does not match', () => {
    const shorter = route(TARGET, `${BOC_AMIDE}>>${TARGET}`);
    const longer = route(
      TARGET,
      `O=Cc1ccccc1.N>>${BENZYLAMINE}`,
      `${BOC_ALA}.${BENZYLAMINE}>>${BOC_AMIDE}`,
      `${BOC_AMIDE}>>${TARGET}`,
    );
    expect(referenceRank(REFERENCE, [shorter, longer])).toBeNull();
  });
});

describe('first step', () => {
  it('is the reaction making the target, wherever it stands among the steps', () => {
    expect(firstDisconnection(FROM_ESTER)).toEqual({ product: TARGET, reactants: [BOC_AMIDE] });
    const reordered = { ...FROM_ESTER, steps: [...FROM_ESTER.steps].reverse() };
    expect(firstDisconnection(reordered)).toEqual({ product: TARGET, reactants: [BOC_AMIDE] });
    expect(firstDisconnection(route(TARGET))).toBeNull();
  });

  it("matches when the best route's first disconnection is the reference's last reaction", () => {
    expect(firstStepMatches(REFERENCE, [FROM_ESTER, CBZ])).toBe(true);
    expect(firstStepMatches(REFERENCE, [SAME])).toBe(true);
    expect(firstStepMatches(REFERENCE, [CBZ, SAME])).toBe(false);
    expect(firstStepMatches(REFERENCE, [])).toBe(false);
  });
});

describe('figures', () => {
  it('are shares of all targets; first-route time is the median over solved ones', () => {
    const figures = qualityFigures([
      { solved: true, rank: 0, firstStep: true, firstRouteMs: 100 },
      { solved: true, rank: 3, firstStep: true, firstRouteMs: 300 },
      { solved: true, rank: 7, firstStep: false, firstRouteMs: 200 },
      { solved: true, rank: null, firstStep: false, firstRouteMs: 900 },
      { solved: false, rank: null, firstStep: false, firstRouteMs: null },
    ]);
    expect(figures).toEqual({
      targets: 5,
      solved: 4,
      solveRate: 0.8,
      top1: 0.2,
      top5: 0.4,
      firstStep: 0.4,
      firstRouteMsMedian: 250,
    });
    expect(qualityFigures([])).toMatchObject({
      targets: 0,
      solveRate: 0,
      firstRouteMsMedian: null,
    });
  });
});

describe('template coverage', () => {
  // Amide from an acyl chloride and an aniline (specific), its reaction-centre form, and fillers.
  let library: TemplateLibrary;
  let amideSpecific: number;
  let others: number[];
  let amideGeneral: number;

  beforeAll(() => {
    const tally = emptyTally();
    for (const id of [35, 51, 168]) addResult(tally, extractTemplates(EXAMPLE_REACTIONS[id]));
    library = new TemplateLibrary(
      buildLibrary([{ file: 'examples.txt', tally }], {
        name: 'examples',
        minCount: 1,
        settings: {},
        createdAt: '2026-01-01T00:00:00.000Z',
      }),
    );
    const amide = extractTemplates(EXAMPLE_REACTIONS[51]);
    if (!amide.ok) throw new Error(amide.reason);
    const ids = library.entries().map((e) => e.id);
    amideSpecific = ids.indexOf(templateId(amide.specific));
    amideGeneral = ids.indexOf(templateId(amide.general));
    // The other specific templates (fillers that do not make amides).
    others = ids
      .map((_, i) => i)
      .filter((i) => i !== amideSpecific && library.entries()[i].specificity === 'specific');
  });

  /** Coverage with a policy that ranks exactly these templates, in this order. */
  function coverage(ranking: () => number[]): TemplateCoverage {
    const policy: ExpansionPolicy = {
      rank: (_smiles, k) =>
        ranking()
          .slice(0, k)
          .map((template) => ({ template, prior: 0.1 })),
    };
    const model = new TemplateReactionModel(new LibraryTemplateSet(library), policy);
    return new TemplateCoverage({ library, model });
  }
  // An anilide with a stereocentre; the reference writes its acyl chloride without stereo.
  const anilide = {
    product: 'CC[C@H](C)C(=O)Nc1ccccc1',
    reactants: ['CCC(C)C(=O)Cl', 'Nc1ccccc1'],
  };

  it('finds the rank of the best reproducing template the policy proposes', () => {
    const c = coverage(() => [...others, amideSpecific]);
    expect(c.of(anilide)).toEqual({
      readable: true,
      specific: true,
      library: true,
      policyRank: others.length,
      policyRankWithGeneral: others.length,
    });
    // A general template the policy proposes itself counts like any other.
    expect(coverage(() => [...others, amideGeneral, amideSpecific]).of(anilide)).toMatchObject({
      policyRank: others.length,
    });
  });

  it('tells a ranking miss (in the library, not proposed) from a coverage miss', () => {
    const c = coverage(() => others);
    expect(c.of(anilide)).toMatchObject({ library: true, specific: true, policyRank: null });
    // A Suzuki coupling: no template of this library reproduces it.
    expect(
      c.of({ product: 'Cc1ccc(-c2ccccc2)cc1', reactants: ['Cc1ccc(Br)cc1', 'OB(O)c1ccccc1'] }),
    ).toEqual({
      readable: true,
      specific: false,
      library: false,
      policyRank: null,
      policyRankWithGeneral: null,
    });
  });

  it('counts a proposed template whose general form reproduces the reaction separately', () => {
    const c = coverage(() => [amideSpecific]);
    // An alkyl amide: the aniline-specific template does not apply, its reaction centre does.
    expect(c.of({ product: 'CCC(=O)NCC', reactants: ['CCC(=O)Cl', 'NCC'] })).toEqual({
      readable: true,
      specific: false,
      library: true,
      policyRank: null,
      policyRankWithGeneral: 0,
    });
  });

  it('sums up as shares of reactions', () => {
    const r = (policyRank: number | null, library = true): ReactionCoverage => ({
      readable: true,
      specific: library,
      library,
      policyRank,
      policyRankWithGeneral: policyRank,
    });
    expect(TemplateCoverage.summary([r(0), r(49), r(50), r(null), r(null, false)])).toEqual({
      reactions: 5,
      unreadable: 0,
      library: 0.8,
      specificTemplates: 0.8,
      policyTop50: 0.4,
      policyTop300: 0.6,
      policyTop50WithGeneralForms: 0.4,
      policyTop300WithGeneralForms: 0.6,
    });
  });
});
