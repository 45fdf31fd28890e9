/**
 * The route-loss benchmark's stage of a reference route, on a hand-made
 * search: N-benzylacetamide from benzylamine and acetyl chloride (the likelier
 * step) or acetic anhydride (the reference).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalSmiles, loadRDKit } from '../../src/chem/index.js';
import { retroStar } from '../../src/search/retro-star.js';
import { bestRoutes } from '../../src/search/routes.js';
import { lossStage } from '../../bench/route-loss.js';
import { reactionKey, Reaction, routeKey } from '../../bench/route-match.js';
import { Network, SetStock, ToyModel } from '../helpers/toy-search.js';

let T: string, BNNH2: string, ACCL: string, AC2O: string, ACOH: string;

beforeAll(async () => {
  await loadRDKit();
  const c = (s: string) => canonicalSmiles(s) as string;
  [T, BNNH2, ACCL, AC2O, ACOH] = [
    c('CC(=O)NCc1ccccc1'),
    c('NCc1ccccc1'),
    c('CC(=O)Cl'),
    c('CC(=O)OC(C)=O'),
    c('CC(=O)O'),
  ];
});

function search(net: Network, stock: string[]) {
  const s = new SetStock(stock);
  return retroStar(
    T,
    new ToyModel(net),
    (m) => s.contains(m),
    { maxIterations: 100, timeLimitMs: 60_000, maxDepth: 3, pastFirstRoute: true },
    { reactionBaseCost: 0.5, value: () => 1 },
  ).graph;
}

function reference(...reactants: string[]) {
  return referenceRoute({ product: T, reactants });
}

function referenceRoute(...reactions: Reaction[]) {
  return {
    reactions: new Set(reactions.map((r) => reactionKey(r) as string)),
    route: routeKey(reactions) as string,
  };
}

describe('route-loss stages', () => {
  const bothSteps = (): Network => ({
    [T]: [
      [[BNNH2, ACCL], 0.6],
      [[BNNH2, AC2O], 0.3],
    ],
  });

  it('follows the reference route from the graph to the routes returned', () => {
    const graph = search(bothSteps(), [BNNH2, ACCL, AC2O]);
    const pool = bestRoutes(graph, 500);
    expect(pool).toHaveLength(2);
    const want = reference(AC2O, BNNH2);
    // Both returned: in the top 5, second (acetyl chloride is likelier).
    expect(lossStage(want, graph, pool, 20, pool)).toEqual({
      stage: 'top 5',
      first: false,
      poolPosition: 1,
    });
    expect(lossStage(want, graph, pool, 20, pool.slice(1)).first).toBe(true);
    // Ranked but only the acetyl chloride route returned.
    expect(lossStage(want, graph, pool, 20, pool.slice(0, 1)).stage).toBe('below 5');
    // Among the cheapest routes, but beyond those the planner ranks.
    expect(lossStage(want, graph, pool, 1, pool.slice(0, 1)).stage).toBe('not ranked');
    // Solved, but not among the cheapest routes kept.
    expect(lossStage(want, graph, pool.slice(0, 1), 1, pool.slice(0, 1)).stage).toBe('beyond 500');
  });

  it('tells a product the model was asked about from one the search never reached', () => {
    const graph = search(bothSteps(), [BNNH2, ACCL, AC2O]);
    const pool = bestRoutes(graph, 500);
    // Acetic anhydride from acetic acid: anhydride is in stock, so never expanded.
    const deeper = referenceRoute(
      { product: T, reactants: [AC2O, BNNH2] },
      { product: AC2O, reactants: [ACOH] },
    );
    expect(lossStage(deeper, graph, pool, 20, []).stage).toBe('not reached');
    // The target was expanded, but acetic acid was never proposed for it.
    expect(lossStage(reference(ACOH, BNNH2), graph, pool, 20, []).stage).toBe('not proposed');
  });

  it('tells a reaction never proposed from one proposed but never completed', () => {
    const proposed = search(bothSteps(), [BNNH2, ACCL]);
    const pool = bestRoutes(proposed, 500);
    expect(lossStage(reference(AC2O, BNNH2), proposed, pool, 20, pool).stage).toBe('incomplete');
    expect(lossStage(reference(ACOH, BNNH2), proposed, pool, 20, pool)).toEqual({
      stage: 'not proposed',
      first: false,
      poolPosition: null,
    });
  });
});
