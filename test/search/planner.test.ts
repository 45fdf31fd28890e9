import { beforeAll, describe, expect, it } from 'vitest';
import { compoundKeyer, loadRDKit } from '../../src/chem/index.js';
import {
  planOptionsFrom,
  planTarget,
  TargetContext as PlanContext,
} from '../../src/engine/plan-target.js';
import type { ReactionModel } from '../../src/reaction-models/reaction-model.js';
import { AdHocStock, type Stock } from '../../src/stock/stock.js';
import { Network, SetStock, ToyModel } from '../helpers/toy-search.js';

function ctx(model: ReactionModel, stock: Stock): PlanContext {
  return { model, stock, costs: { reactionBaseCost: 0.1, value: () => 0.5 } };
}

beforeAll(async () => {
  await loadRDKit();
});

const opts = (extra: Record<string, number> = {}) =>
  planOptionsFrom({ number_of_routes: 1, processing_time: 60 }, { maxIterations: 1000, ...extra });

describe('Retro* planner', () => {
  it('finds a known two-step route and reports it in post-order', () => {
    const model = new ToyModel({ T: [[['A', 'B'], 0.9]], A: [[['C', 'D'], 0.8]] });
    const r = planTarget(
      'T',
      opts(),
      ctx(model, new SetStock(['B', 'C', 'D'], { B: 2, C: 3, D: 5 })),
    );
    expect(r.summary).toMatchObject({
      synthesizable: true,
      reactionCount: 2,
      price: 10,
      timedOut: false,
    });
    expect(r.stopReason).toBe('routes');
    expect(r.routes[0].steps).toEqual([
      { number: 1, reactionSmiles: 'C.D>>A' },
      { number: 2, reactionSmiles: 'A.B>>T' },
    ]);
    expect(r.routes[0].reactionSmiles).toBe('C.D.B>>T');
    expect(r.routes[0].buildingBlocks.map((b) => b.smiles)).toEqual(['C', 'D', 'B']);
    expect(r.routes[0].buildingBlocks[0].buildingBlockMetadata).toEqual([
      { price: 3, priceKnown: true, datasetProvider: 'toy', identifier: 'id_C' },
    ]);
  });

  it('keeps an unknown price unknown, a zero price zero, and catalogue ids verbatim', () => {
    const offers: Record<string, { price: number | null; identifier: string }> = {
      B: { price: 0, identifier: 'EN-001' },
      C: { price: null, identifier: 'MCULE 12/β' },
      D: { price: 5, identifier: 'D5' },
    };
    const stock: Stock = {
      contains: (smiles) => smiles in offers,
      lookup: (smiles) =>
        smiles in offers
          ? [{ smiles, ...offers[smiles], library: 'mine', provider: 'Enamine REAL' }]
          : [],
    };
    const model = new ToyModel({ T: [[['A', 'B'], 0.9]], A: [[['C', 'D'], 0.8]] });
    const solved = planTarget('T', opts(), ctx(model, stock));
    const meta = Object.fromEntries(
      solved.routes[0].buildingBlocks.map((b) => [b.smiles, b.buildingBlockMetadata[0]]),
    );
    expect(meta.B).toEqual({
      price: 0,
      priceKnown: true,
      datasetProvider: 'Enamine_REAL',
      identifier: 'EN_001',
      verbatim: { datasetProvider: 'Enamine REAL', identifier: 'EN-001' },
    });
    // The spec needs a number; priceKnown says there is none.
    expect(meta.C).toMatchObject({ price: 0, priceKnown: false, identifier: 'MCULE_12_' });
    expect(meta.C.verbatim?.identifier).toBe('MCULE 12/β');
    expect(solved.summary.price).toBeNull();

    // A free building block is a price of 0, not an unknown one.
    offers.C.price = 2;
    const priced = planTarget('T', opts(), ctx(model, stock));
    expect(priced.summary.price).toBe(7);
    const oneStep = new ToyModel({ T: [[['B'], 0.9]] });
    expect(planTarget('T', opts(), ctx(oneStep, stock)).summary.price).toBe(0);
  });

  it('reports a purchasable target as solved without reactions', () => {
    const r = planTarget('T', opts(), ctx(new ToyModel({}), new SetStock(['T'])));
    expect(r.stopReason).toBe('in_stock');
    expect(r.summary).toMatchObject({ synthesizable: true, reactionCount: 0, score: 1 });
  });

  it('never uses a molecule as its own precursor and expands each molecule once', () => {
    const model = new ToyModel({
      T: [
        [['A'], 0.5],
        [['B'], 0.5],
      ],
      A: [
        [['T'], 0.9],
        [['B'], 0.1],
      ], // A <- T would be a cycle
      B: [
        [['A'], 0.9],
        [['C'], 0.1],
      ], // B <- A cycles back
    });
    const r = planTarget('T', opts(), ctx(model, new SetStock(['C'])));
    expect(r.summary.synthesizable).toBe(true);
    for (const route of r.routes) {
      const products = route.steps.map((s) => s.reactionSmiles.split('>>')[1]);
      expect(new Set(products).size).toBe(products.length);
    }
    expect(new Set(model.calls).size).toBe(model.calls.length);
  });

  it('respects the depth limit', () => {
    const chain = {
      T: [[['A1'], 0.9]],
      A1: [[['A2'], 0.9]],
      A2: [[['A3'], 0.9]],
      A3: [[['S'], 0.9]],
    } as Record<string, [string[], number][]>;
    const stock = new SetStock(['S']);
    expect(
      planTarget('T', opts({ maxDepth: 3 }), ctx(new ToyModel(chain), stock)).summary.synthesizable,
    ).toBe(false);
    const deep = planTarget('T', opts({ maxDepth: 4 }), ctx(new ToyModel(chain), stock));
    expect(deep.summary).toMatchObject({ synthesizable: true, reactionCount: 4 });
    expect(planTarget('T', opts({ maxDepth: 3 }), ctx(new ToyModel(chain), stock)).stopReason).toBe(
      'exhausted',
    );
  });

  it('stops at the iteration limit and is deterministic', () => {
    const net: Record<string, [string[], number][]> = {};
    for (let i = 0; i < 50; i++)
      net[`M${i}`] = [
        [[`M${i + 1}`, `X${i}`], 0.6],
        [[`N${i}`], 0.4],
      ];
    net.T = [[['M0'], 1]];
    const a = planTarget('T', opts({ maxIterations: 7 }), ctx(new ToyModel(net), new SetStock([])));
    const b = planTarget('T', opts({ maxIterations: 7 }), ctx(new ToyModel(net), new SetStock([])));
    expect(a.stopReason).toBe('iterations');
    expect(a.iterations).toBe(7);
    expect(b.graphSize).toEqual(a.graphSize);
  });

  it('limits how often a building block or a reaction appears across routes', () => {
    const model = new ToyModel({
      T: [
        [['A', 'B'], 0.4],
        [['A', 'C'], 0.3],
        [['A', 'D'], 0.2],
        [['E', 'F'], 0.1],
      ],
    });
    const stock = new SetStock(['A', 'B', 'C', 'D', 'E', 'F']);
    const many = planOptionsFrom({
      number_of_routes: 10,
      building_block_limit: 2,
      reaction_limit: 1,
      processing_time: 60,
    });
    const r = planTarget('T', many, ctx(model, stock));
    const sets = r.routes.map((route) =>
      route.buildingBlocks
        .map((b) => b.smiles)
        .sort()
        .join('.'),
    );
    expect(sets).toEqual(['A.B', 'A.C', 'E.F']); // A may appear in only two routes
  });

  it('returns a route once when another differs only in how a tautomer is written', () => {
    // The same disconnection reached through 2-pyridone and through 2-hydroxypyridine
    // (one purchasable compound), and a third, different route.
    const pyridone = 'O=c1cccc[nH]1';
    const hydroxypyridine = 'Oc1ccccn1';
    const model = new ToyModel({
      T: [
        [[pyridone, 'CI'], 0.5],
        [[hydroxypyridine, 'CI'], 0.4],
        [['Oc1cccnc1', 'CI'], 0.1],
      ],
    });
    const stock = new SetStock([pyridone, hydroxypyridine, 'Oc1cccnc1', 'CI']);
    const three = planOptionsFrom({ number_of_routes: 3, processing_time: 60 });
    const spelled = planTarget('T', three, ctx(model, stock));
    expect(spelled.routes.map((x) => x.reactionSmiles)).toEqual([
      `CI.${pyridone}>>T`,
      `CI.${hydroxypyridine}>>T`,
      'CI.Oc1cccnc1>>T',
    ]);
    const byCompound = planTarget('T', three, { ...ctx(model, stock), compoundKeyer });
    expect(byCompound.routes.map((x) => x.reactionSmiles)).toEqual([
      `CI.${pyridone}>>T`,
      'CI.Oc1cccnc1>>T', // 3-hydroxypyridine is another compound
    ]);
  });

  it('writes a building block the stock lists as another tautomer as it is listed', () => {
    // The template wrote 2,6-dichloro-9H-purine; the catalogue lists the 7H-purine.
    // Benzylamine is listed as its hydrochloride, another substance: kept as the route has it.
    const purine9H = 'Clc1nc(Cl)c2nc[nH]c2n1';
    const purine7H = 'Clc1nc(Cl)c2[nH]cnc2n1';
    const model = new ToyModel({
      T: [[['A', 'NCc1ccccc1'], 0.9]],
      A: [[[purine9H, 'CI'], 0.8]],
    });
    const stock = new AdHocStock([purine7H, 'CI', 'NCc1ccccc1.Cl']);
    const [route] = planTarget('T', opts(), ctx(model, stock)).routes;
    expect(route.steps.map((s) => s.reactionSmiles)).toEqual([
      `CI.${purine7H}>>A`,
      'A.NCc1ccccc1>>T',
    ]);
    expect(route.reactionSmiles).toBe(`CI.${purine7H}.NCc1ccccc1>>T`);
    expect(route.buildingBlocks.map((b) => [b.smiles, b.buildingBlockMetadata.length])).toEqual([
      ['CI', 1],
      [purine7H, 1],
      ['NCc1ccccc1', 1],
    ]);
  });

  it('drops routes whose steps fail re-checking', () => {
    const model = new ToyModel({
      T: [
        [['A'], 0.9],
        [['B'], 0.1],
      ],
    });
    const c = {
      ...ctx(model, new SetStock(['A', 'B'])),
      verifyStep: (_p: string, pre: string[]) => pre[0] !== 'A',
    };
    const r = planTarget('T', planOptionsFrom({ number_of_routes: 5, processing_time: 60 }), c);
    expect(r.routes.map((x) => x.reactionSmiles)).toEqual(['B>>T']);
  });

  it('keeps searching cheaper open branches for more routes once the best is complete', () => {
    // The cheapest route (T <- A) is complete after one expansion; a second one needs
    // the more expensive branch T <- X, X <- Y, to be explored further.
    const model = new ToyModel({
      T: [
        [['A'], 0.9],
        [['X'], 0.05],
      ],
      X: [[['Y'], 0.9]],
    });
    const wanted = planOptionsFrom(
      { number_of_routes: 2, processing_time: 60 },
      { maxIterations: 50 },
    );
    const r = planTarget('T', wanted, ctx(model, new SetStock(['A', 'Y'])));
    expect(r.routes.map((x) => x.reactionSmiles)).toEqual(['A>>T', 'Y>>T']);
    expect(r.stopReason).toBe('exhausted');
    expect(model.calls).toEqual(['T', 'X']);
  });

  it('with more than one route wanted, searches on past the first routes for better ones', () => {
    // After expanding T, two routes are complete (via A and via D), but the open branch
    // via B is cheaper than D: its route (T <- B <- C) must replace the one via D.
    const network: Network = {
      T: [
        [['A'], 0.5],
        [['B'], 0.4],
        [['D'], 0.05],
      ],
      B: [[['C'], 0.99]],
    };
    const model = new ToyModel(network);
    const stock = new SetStock(['A', 'C', 'D']);
    const two = planOptionsFrom(
      { number_of_routes: 2, processing_time: 60 },
      { maxIterations: 50 },
    );
    const r = planTarget('T', two, ctx(model, stock));
    expect(r.routes.map((x) => x.reactionSmiles)).toEqual(['A>>T', 'C>>T']);
    expect(model.calls).toEqual(['T', 'B']);

    // One route wanted: Retro* stops at the first complete route.
    const first = new ToyModel(network);
    const one = planTarget('T', opts(), ctx(first, stock));
    expect(one.stopReason).toBe('routes');
    expect(first.calls).toEqual(['T']);
  });

  it('ranks a convergent route before a linear one of the same steps and cost', () => {
    // T <- A + B with A <- C and B <- D (convergent: longest linear sequence 2), or
    // T <- E with E <- F <- G (linear: 3); priors make both cost the same in search.
    const model = new ToyModel({
      T: [
        [['E'], 0.5],
        [['A', 'B'], 0.5],
      ],
      A: [[['C'], 0.5]],
      B: [[['D'], 0.5]],
      E: [[['F'], 0.5]],
      F: [[['G'], 0.5]],
    });
    const wanted = planOptionsFrom(
      { number_of_routes: 2, processing_time: 60 },
      { maxIterations: 50 },
    );
    const stock = new SetStock(['C', 'D', 'G']);
    const r = planTarget('T', wanted, ctx(model, stock));
    expect(r.routes.map((x) => x.reactionSmiles)).toEqual(['C.D>>T', 'G>>T']);
  });

  /** Routes T <- A (template T#0, seen once) and T <- B (T#1, seen in 500 reactions), best first. */
  function orderByPrecedents(priorA: number, priorB: number): string[] {
    const model = new ToyModel({
      T: [
        [['A'], priorA],
        [['B'], priorB],
      ],
    });
    const wanted = planOptionsFrom(
      { number_of_routes: 2, processing_time: 60 },
      { maxIterations: 50 },
    );
    const base = ctx(model, new SetStock(['A', 'B']));
    const counts: Record<string, number> = { 'T#0': 1, 'T#1': 500 };
    const r = planTarget('T', wanted, { ...base, precedents: (s) => counts[s] ?? 1 });
    return r.routes.map((x) => x.reactionSmiles);
  }

  it('ranks routes through well-precedented templates first', () => {
    expect(orderByPrecedents(0.5, 0.5)).toEqual(['B>>T', 'A>>T']);
  });

  it('prefers a well-precedented step to a rare one the model finds somewhat more likely', () => {
    // A prior of 0.6 against 0.4 (search costs 0.41 apart) does not outweigh a template
    // seen once against one seen in 500 recorded reactions (route score weights).
    expect(orderByPrecedents(0.6, 0.4)).toEqual(['B>>T', 'A>>T']);
  });

  /** T <- A <- C and T <- B <- D, the B route a little cheaper in search; best first. */
  function orderByWeakestStep(precedentsA: [number, number], precedentsB: [number, number]) {
    const model = new ToyModel({
      T: [
        [['A'], 0.5, precedentsA[0]],
        [['B'], 0.55, precedentsB[0]],
      ],
      A: [[['C'], 0.9, precedentsA[1]]],
      B: [[['D'], 0.9, precedentsB[1]]],
    });
    const wanted = planOptionsFrom(
      { number_of_routes: 2, processing_time: 60 },
      { maxIterations: 50 },
    );
    const r = planTarget('T', wanted, ctx(model, new SetStock(['C', 'D'])));
    return r.routes.map((x) => x.reactionSmiles);
  }

  it('ranks a route by its least precedented step', () => {
    // Equal evidence: the cheaper search cost decides.
    expect(orderByWeakestStep([0.5, 0.5], [0.5, 0.5])).toEqual(['D>>T', 'C>>T']);
    // B's route has the best-precedented step of all, but also the worst: A's route first.
    expect(orderByWeakestStep([0.5, 0.5], [0.95, 0.1])).toEqual(['C>>T', 'D>>T']);
  });
});
