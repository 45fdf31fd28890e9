/**
 * Selectivity cases (issue 13): targets for which a route a chemist rejects at
 * a glance is available from the stock next to a sound one. Each target is
 * planned by the shipped engine and by the same engine without its chemistry
 * judges (selectivity checks, solvents and bases taken as reactants, aromatic
 * substitution regiochemistry, lone atoms torn from a carbon, an aryl ether,
 * an amine or a C-F bond, unactivated aryl fluorides displaced by amines, aryl
 * substituents reduced off where no reagent does it, rings aromatized or opened
 * as no step does, two unrelated transformations recorded as one step) and with commodity
 * chemicals expanded; the table says whether the rejected step is in the first route and
 * among the first five. Stocks are the few molecules each case names, so the
 * planner must choose between the two routes, not find a third.
 */
import { canonicalSmiles, loadRDKit } from '../src/chem/index.js';
import { DEFAULTS } from '../src/contract/index.js';
import { ENGINES, loadEngine, withoutJudges, type Engine } from '../src/engine/engine.js';
import { planOptionsFrom } from '../src/engine/plan-target.js';
import { planRoutes } from '../src/search/planner.js';
import { routeReactions, type ScoredRoute } from '../src/search/routes.js';
import { AdHocStock } from '../src/stock/stock.js';
import { record } from './shared.js';

interface Case {
  name: string;
  target: string;
  stock: string[];
  /** The rejected step: this product made from a precursor set containing all of these. */
  rejected: { product: string; precursors: string[] };
  /** Plan with the target excluded from the stock (it is purchasable itself). */
  excludeTarget?: boolean;
}

/** A purchasable mono-Boc diamine that a di-Boc deprotection could also make. */
const MONO_BOC: Case = {
  name: 'Boc removed from a di-Boc amine to give a purchasable mono-Boc target',
  target: 'CC(C)(C)OC(=O)NCCN',
  stock: [
    'CC(C)(C)OC(=O)NCCNC(=O)OC(C)(C)C',
    'NCCN',
    'CC(C)(C)OC(=O)OC(=O)OC(C)(C)C',
    'CC(C)(C)OC(=O)NCCN',
  ],
  rejected: { product: 'CC(C)(C)OC(=O)NCCN', precursors: ['CC(C)(C)OC(=O)NCCNC(=O)OC(C)(C)C'] },
};

const CISAPRIDE = 'COc1cc(N)c(Cl)cc1C(=O)N[C@H]1CCN(CCCOc2ccc(F)cc2)C[C@H]1OC';
const KETOPROFEN = 'CC(C(=O)O)c1cccc(C(=O)c2ccccc2)c1';
/** Ketoprofen's sound route: alpha-arylation of ethyl propionate with 3-bromobenzophenone, then hydrolysis. */
const KETOPROFEN_SOUND_STOCK = ['O=C(c1ccccc1)c1cccc(Br)c1', 'CCOC(=O)CC'];

const CASES: Case[] = [
  {
    name: 'amine alkylated at the halide of chloroacetyl chloride, then the acyl chloride used',
    target: 'O=C(CNC1CCCCC1)N1CCOCC1',
    stock: ['NC1CCCCC1', 'O=C(Cl)CCl', 'C1COCCN1'],
    rejected: { product: 'O=C(Cl)CNC1CCCCC1', precursors: ['NC1CCCCC1', 'O=C(Cl)CCl'] },
  },
  {
    name: 'aryl iodide coupled with an aryl bromide, no boron or metal partner',
    target: 'Cc1ccc(-c2ccc(OC)cc2)cc1',
    stock: ['Cc1ccc(I)cc1', 'COc1ccc(Br)cc1', 'COc1ccc(B(O)O)cc1', 'Cc1ccc(B(O)O)cc1'],
    rejected: {
      product: 'Cc1ccc(-c2ccc(OC)cc2)cc1',
      precursors: ['Cc1ccc(I)cc1', 'COc1ccc(Br)cc1'],
    },
  },
  MONO_BOC,
  {
    ...MONO_BOC,
    name: 'the same target excluded from the stock on request (exclude_target_from_stock)',
    excludeTarget: true,
  },
  {
    name: 'aniline acetylated while a primary aliphatic amine is free',
    target: 'CC(=O)Nc1ccc(CN)cc1',
    stock: ['CC(=O)Cl', 'CC(=O)OC(C)=O', 'NCc1ccc(N)cc1', 'CC(C)(C)OC(=O)NCc1ccc(N)cc1'],
    rejected: { product: 'CC(=O)Nc1ccc(CN)cc1', precursors: ['NCc1ccc(N)cc1'] },
  },
  {
    name: 'aniline acylated by a carboxylic acid while a primary aliphatic amine is free',
    target: 'O=C(Nc1ccc(CN)cc1)c1ccccc1',
    stock: ['O=C(O)c1ccccc1', 'NCc1ccc(N)cc1', 'CC(C)(C)OC(=O)NCc1ccc(N)cc1'],
    rejected: { product: 'O=C(Nc1ccc(CN)cc1)c1ccccc1', precursors: ['NCc1ccc(N)cc1'] },
  },
  {
    name: 'alcohol acetylated while a primary aliphatic amine is free',
    target: 'CC(=O)OCCCN',
    stock: ['CC(=O)Cl', 'CC(=O)OC(C)=O', 'NCCCO', 'CC(C)(C)OC(=O)NCCCO'],
    rejected: { product: 'CC(=O)OCCCN', precursors: ['NCCCO'] },
  },
  {
    name: 'secondary alcohol of a 1,3-diol tosylated while its primary alcohol is free',
    target: 'CC(CCO)OS(=O)(=O)c1ccc(C)cc1',
    stock: [
      'CC(O)CCO',
      'Cc1ccc(S(=O)(=O)Cl)cc1',
      'CC(C)(C)[Si](C)(C)Cl',
      'CC(O)CCO[Si](C)(C)C(C)(C)C',
    ],
    rejected: { product: 'CC(CCO)OS(=O)(=O)c1ccc(C)cc1', precursors: ['CC(O)CCO'] },
  },
  {
    name: 'triethylamine as the methyl source of an N-methylation (a template artifact)',
    target: 'CNCc1ccc(Cl)cc1',
    stock: ['NCc1ccc(Cl)cc1', 'CCN(CC)CC', 'C=O', 'CI', 'CCOC=O'],
    rejected: { product: 'CNCc1ccc(Cl)cc1', precursors: ['CCN(CC)CC'] },
  },
  {
    name: 'DMF as the methyl of a methyl ester (a template artifact)',
    target: 'COC(=O)c1ccc(Cl)cc1',
    stock: ['O=C(O)c1ccc(Cl)cc1', 'CN(C)C=O', 'CO', 'CI'],
    rejected: { product: 'COC(=O)c1ccc(Cl)cc1', precursors: ['CN(C)C=O'] },
  },
  {
    name: 'acetone as the methyl of a methyl ester (a template artifact)',
    target: 'COC(=O)CN',
    stock: ['NCC(=O)O', 'CC(C)=O', 'CO', 'CI'],
    rejected: { product: 'COC(=O)CN', precursors: ['CC(C)=O'] },
  },
  {
    name: 'dichloromethane as the chlorine of a benzylic chloride (a template artifact)',
    target: 'ClCc1ccc(Cl)cc1',
    stock: ['OCc1ccc(Cl)cc1', 'ClCCl', 'O=S(Cl)Cl', 'CS(=O)(=O)Cl'],
    rejected: { product: 'ClCc1ccc(Cl)cc1', precursors: ['ClCCl'] },
  },
  {
    name: 'carbonic acid as the methylating agent of an N-heterocycle (a template artifact)',
    target: 'Cn1cnc2ccccc21',
    stock: ['c1ccc2[nH]cnc2c1', 'OC(=O)O', 'CI', 'COS(=O)(=O)OC'],
    rejected: { product: 'Cn1cnc2ccccc21', precursors: ['OC(=O)O'] },
  },
  {
    name: 'diisopropylamine (the LDA base) as the methyl source of an alpha-methylation (a template artifact)',
    target: 'CC(C)Cc1ccc(C(C)C(=O)O)cc1',
    stock: ['CC(C)Cc1ccc(CC(=O)O)cc1', 'CC(C)NC(C)C', 'CI', 'COC(=O)C(C)c1ccc(CC(C)C)cc1'],
    rejected: { product: 'CC(C)Cc1ccc(C(C)C(=O)O)cc1', precursors: ['CC(C)NC(C)C'] },
  },
  {
    name: 'propionic acid as the methyl of an alpha-methylation (a template artifact)',
    target: 'COc1ccc2cc(C(C)C(=O)O)ccc2c1',
    // The sound route: the methyl ester hydrolysed.
    stock: ['COc1ccc2cc(CC(=O)O)ccc2c1', 'CCC(=O)O', 'COC(=O)C(C)c1ccc2cc(OC)ccc2c1'],
    rejected: { product: 'COc1ccc2cc(C(C)C(=O)O)ccc2c1', precursors: ['CCC(=O)O'] },
  },
  {
    name: "a p-anisidine's methoxy group as the aryl methyl of a quinazolinone (a template artifact)",
    target: 'Cc1ccccc1-n1c(C)nc2ccccc2c1=O',
    // The sound route: the benzoxazinone and o-toluidine.
    stock: [
      'CC(=O)Nc1ccc(Br)cc1C(=O)O',
      'COc1ccc(N)cc1',
      'Nc1ccccc1',
      'Cc1nc2ccccc2c(=O)o1',
      'Cc1ccccc1N',
    ],
    rejected: { product: 'Cc1ccccc1-n1c(C)nc2ccccc2c1=O', precursors: ['COc1ccc(N)cc1'] },
  },
  {
    name: 'hydrazine substituting an aryl chloride whose sulfonyl chloride survives (sumatriptan)',
    target: 'CNS(=O)(=O)Cc1ccc(NN)cc1',
    // The sound order: the sulfonamide first.
    stock: ['NN', 'O=S(=O)(Cl)Cc1ccc(Cl)cc1', 'CN'],
    rejected: { product: 'NNc1ccc(CS(=O)(=O)Cl)cc1', precursors: ['NN'] },
  },
  {
    // No acceptor activates the fluoride, and no coupling takes aryl fluorides.
    name: "hydrazine displacing an unactivated aryl fluoride (sumatriptan's aryl hydrazine)",
    target: 'CNS(=O)(=O)Cc1ccc(NN)cc1',
    // The sound route: the aniline diazotized and reduced.
    stock: ['CNS(=O)(=O)Cc1ccc(N)cc1', 'O=N[O-]', 'NN', 'CNS(=O)(=O)Cc1ccc(F)cc1'],
    rejected: { product: 'CNS(=O)(=O)Cc1ccc(NN)cc1', precursors: ['CNS(=O)(=O)Cc1ccc(F)cc1'] },
  },
  {
    // A C-F bond survives hydrogenolysis, and nothing activates this ring for a hydride.
    name: 'triamterene by defluorinating its 4-fluorophenyl analogue',
    target: 'Nc1nc(N)c2nc(-c3ccccc3)c(N)nc2n1',
    // The sound route: a Suzuki coupling of the 6-bromopteridine. (The textbook Timmis
    // condensation is not found: the library's template for it is mis-mapped.)
    stock: ['Nc1nc(N)c2nc(Br)c(N)nc2n1', 'OB(O)c1ccccc1', 'Nc1nc(N)c2nc(-c3ccc(F)cc3)c(N)nc2n1'],
    rejected: {
      product: 'Nc1nc(N)c2nc(-c3ccccc3)c(N)nc2n1',
      precursors: ['Nc1nc(N)c2nc(-c3ccc(F)cc3)c(N)nc2n1'],
    },
  },
  {
    // A phenol is reduced off only as its triflate: two steps.
    name: 'benzocaine by deoxygenating a hydroxy benzocaine',
    target: 'CCOC(=O)c1ccc(N)cc1',
    // The sound route: Fischer esterification of 4-aminobenzoic acid.
    stock: ['CCOC(=O)c1ccc(N)c(O)c1', 'Nc1ccc(C(=O)O)cc1', 'CCO'],
    rejected: { product: 'CCOC(=O)c1ccc(N)cc1', precursors: ['CCOC(=O)c1ccc(N)c(O)c1'] },
  },
  {
    // An esterification and a nitro reduction are two steps, one reagent each.
    name: 'benzocaine by esterifying 4-nitrobenzoic acid and reducing its nitro group in one step',
    target: 'CCOC(=O)c1ccc(N)cc1',
    // The sound route: the ethyl ester of 4-nitrobenzoic acid, then the nitro reduction.
    stock: ['O=C(O)c1ccc([N+](=O)[O-])cc1', 'CCO'],
    rejected: {
      product: 'CCOC(=O)c1ccc(N)cc1',
      precursors: ['O=C(O)c1ccc([N+](=O)[O-])cc1', 'CCO'],
    },
  },
  {
    // Each substituent needs its own reagent: no one step strips a chloride, an amine and an
    // amide's N-alkyl group.
    name: "2-methoxybenzamide by stripping cisapride's chlorine, amino group and piperidine",
    target: 'COc1ccccc1C(N)=O',
    // The sound route: the ester and ammonia.
    stock: ['COC(=O)c1ccccc1OC', 'N', CISAPRIDE],
    rejected: { product: 'COc1ccccc1C(N)=O', precursors: [CISAPRIDE] },
  },
  {
    // 1,2,3-Trimethoxybenzene is substituted at its 4-position (ortho and para to two
    // methoxy groups), never at the 5-position trimethoprim needs.
    name: 'trimethoprim by Friedel-Crafts alkylation of 1,2,3-trimethoxybenzene (the wrong ring position)',
    target: 'COc1cc(Cc2cnc(N)nc2N)cc(OC)c1OC',
    // The sound route: guanidine and the enaminonitrile from 3,4,5-trimethoxybenzaldehyde.
    stock: [
      'COc1cccc(OC)c1OC',
      'Nc1ncc(CO)c(N)n1',
      'COc1cc(CC(C#N)=CN2CCOCC2)cc(OC)c1OC',
      'NC(N)=N',
    ],
    rejected: { product: 'COc1cc(Cc2cnc(N)nc2N)cc(OC)c1OC', precursors: ['COc1cccc(OC)c1OC'] },
  },
  {
    name: '3-methoxyacetophenone by Friedel-Crafts acylation of anisole (meta to the methoxy group)',
    target: 'COc1cccc(C(C)=O)c1',
    // Sound routes: methylating 3-hydroxyacetophenone, oxidizing the secondary alcohol.
    stock: ['COc1ccccc1', 'CC(=O)Cl', 'CC(=O)c1cccc(O)c1', 'CI', 'COc1cccc(C(C)O)c1'],
    rejected: { product: 'COc1cccc(C(C)=O)c1', precursors: ['COc1ccccc1'] },
  },
  {
    name: 'ketoprofen by Friedel-Crafts benzoylation of 2-phenylpropionic acid (meta to its only substituent, an alkyl)',
    target: KETOPROFEN,
    stock: ['CC(C(=O)O)c1ccccc1', 'O=C(Cl)c1ccccc1', ...KETOPROFEN_SOUND_STOCK],
    rejected: { product: KETOPROFEN, precursors: ['CC(C(=O)O)c1ccccc1'] },
  },
  {
    name: "ketoprofen's benzene ring from 2-benzoylcyclohexanone and ethyl pyruvate (a ring dehydrogenated twice over in a coupling step)",
    target: KETOPROFEN,
    stock: ['O=C1CCCCC1C(=O)c1ccccc1', 'CCOC(=O)C(C)=O', ...KETOPROFEN_SOUND_STOCK],
    rejected: { product: KETOPROFEN, precursors: ['O=C1CCCCC1C(=O)c1ccccc1', 'CCOC(=O)C(C)=O'] },
  },
  {
    // No nitrite in the stock: "no route, nitrite missing" is the sound answer.
    name: 'nitrite for a diazotization made from hydroxylamine and carbonic acid (a commodity chemical made)',
    target: 'Oc1ccc(N=Nc2ccccc2)cc1',
    stock: ['Nc1ccccc1', 'Oc1ccccc1', 'NO', 'OC(=O)O', 'O=C(Oc1ccccc1)Oc1ccccc1', 'O=C(Cl)Cl'],
    rejected: { product: 'O=NO', precursors: ['NO'] },
  },
];

const canon = (s: string) => canonicalSmiles(s) ?? s;

function hasRejectedStep(route: ScoredRoute, rejected: Case['rejected']): boolean {
  const product = canon(rejected.product);
  const wanted = rejected.precursors.map(canon);
  return routeReactions(route.tree).some(
    (r) =>
      r.product.smiles === product && wanted.every((w) => r.precursors.some((p) => p.smiles === w)),
  );
}

function routeText(route: ScoredRoute | undefined): string {
  if (!route) return 'no route';
  const steps = routeReactions(route.tree).map(
    (r) => `${r.precursors.map((p) => p.smiles).join('.')}>>${r.product.smiles}`,
  );
  return steps.length ? steps.join(' ; ') : 'bought';
}

function planCase(eng: Engine, c: Case) {
  const stock = new AdHocStock(c.stock);
  const plan = planRoutes(
    canon(c.target),
    planOptionsFrom(
      { number_of_routes: 5, processing_time: 10, exclude_target_from_stock: c.excludeTarget },
      { maxDepth: DEFAULTS.maxDepth },
    ),
    {
      model: eng.model,
      inStock: (s) => stock.contains(s),
      costs: eng.costs,
      verifyStep: (product, precursors, source) => eng.model.verify(product, precursors, source),
      precedents: (source) => eng.library.entry(source)?.count ?? 1,
      routeWeights: eng.settings.routeWeights,
    },
  );
  return {
    routes: plan.routes.length,
    rejectedFirst: plan.routes[0] ? hasRejectedStep(plan.routes[0], c.rejected) : false,
    rejectedInTop5: plan.routes.filter((r) => hasRejectedStep(r, c.rejected)).length,
    firstRoute: routeText(plan.routes[0]),
  };
}

export async function selectivityCasesBench(): Promise<void> {
  await loadRDKit();
  const shipped = ENGINES[0];
  const arms = {
    shipped: loadEngine(shipped),
    withoutChecks: loadEngine({
      ...withoutJudges(shipped),
      model: { ...shipped.model, minCarbons: 0 },
    }),
  };
  const cases = CASES.map((c) => ({
    case: c.name,
    target: c.target,
    ...Object.fromEntries(Object.entries(arms).map(([arm, eng]) => [arm, planCase(eng, c)])),
  }));
  record('selectivity-cases', { engineVersion: arms.shipped.info.version, cases });
}
