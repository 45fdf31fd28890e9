import { describe, expect, it } from 'vitest';
import { planParameters, PlanCommandOptions } from '../../src/cli/plan.js';

const base: PlanCommandOptions = { time: 10, routes: 5, maxDepth: 6, engine: 'synroute_default' };

describe('synroute plan parameters', () => {
  it('asks for the N best routes without a diversity cap unless one is given', () => {
    expect(planParameters(base, 'mine')).toEqual({
      retrosynthesis_engine: 'synroute_default',
      building_block_libraries: ['mine'],
      number_of_routes: 5,
      processing_time: 10,
      building_block_limit: 5,
      reaction_limit: 5,
    });
  });

  it('passes the limits and --exclude-target through', () => {
    const p = planParameters(
      { ...base, buildingBlockLimit: 2, reactionLimit: 1, excludeTarget: true },
      'mine',
    );
    expect(p).toMatchObject({
      building_block_limit: 2,
      reaction_limit: 1,
      exclude_target_from_stock: true,
    });
  });
});
