import { describe, expect, it } from 'vitest';
import type { SummaryItem } from '../../src/contract/index.js';
import { csvRow, describeJob } from '../../src/cli/client-results.js';
import { routeTree } from '../../src/formats/route-text.js';
import type { Route } from '../../src/contract/index.js';

const route: Route = {
  reactionSmiles: 'C.D.B>>T',
  buildingBlocks: [
    {
      smiles: 'C',
      buildingBlockMetadata: [
        {
          price: 3,
          priceKnown: true,
          datasetProvider: 'acme',
          identifier: 'EN_001',
          verbatim: { identifier: 'EN-001' },
        },
      ],
    },
    { smiles: 'D', buildingBlockMetadata: [] },
    {
      smiles: 'B',
      buildingBlockMetadata: [{ price: 0, priceKnown: false, datasetProvider: 'acme' }],
    },
  ],
  steps: [
    { number: 1, reactionSmiles: 'C.D>>A' },
    { number: 2, reactionSmiles: 'A.B>>T' },
  ],
};

describe('route text tree', () => {
  it('draws steps under their products and building blocks with metadata', () => {
    expect(routeTree(route)).toEqual([
      '  T  (step 2)',
      '  ├─ A  (step 1)',
      '  │  ├─ C  [building block: acme EN-001 $3]',
      '  │  └─ D  [building block]',
      '  └─ B  [building block: acme price unknown]',
    ]);
  });

  it('reads a 0 stored before prices had priceKnown as unknown', () => {
    const old: Route = {
      ...route,
      buildingBlocks: [{ smiles: 'B', buildingBlockMetadata: [{ price: 0 }] }],
      steps: [{ number: 1, reactionSmiles: 'B>>T' }],
    };
    expect(routeTree(old)[1]).toBe('  └─ B  [building block: price unknown]');
  });
});

describe('price, one notion everywhere', () => {
  it('says unknown in job show and the CSV when a route has blocks without prices', () => {
    const shown = describeJob({ id: 'job_1', query: 'T', status: 'completed', routes: [route] });
    expect(shown).toContain('Route 1: 2 step(s), 3 building block(s), price unknown');
    const item: SummaryItem = {
      compound_id: 'X-1',
      job_id: 'job_1',
      smiles: 'T',
      status: 'completed',
      completed: true,
      synthesizable: true,
      score: 3,
      certainty: 0.5,
      price: null,
      steps: 2,
      routes: 1,
      best_route: 'C.D.B>>T',
      best_route_reactions: [],
      error: null,
    };
    expect(csvRow(item)).toBe('X-1,T,job_1,completed,true,3,0.5,unknown,2,1,C.D.B>>T,,');
    // Without a route there is no price to know: the cell stays empty.
    expect(csvRow({ ...item, synthesizable: false, routes: 0, best_route: null })).toBe(
      'X-1,T,job_1,completed,false,3,0.5,,2,0,,,',
    );
  });
});
