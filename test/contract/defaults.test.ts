import { describe, expect, it } from 'vitest';
import spec from '../../src/contract/spec/retro-v2.openapi.json' with { type: 'json' };
import { DEFAULTS } from '../../src/contract/index.js';
import { planOptionsFrom } from '../../src/engine/plan-target.js';

describe('the contract’s table of defaults', () => {
  it('holds the spec’s defaults for the Parameters a request may leave out', () => {
    const properties = spec.components.schemas.Parameters.properties as Record<
      string,
      { default?: unknown }
    >;
    const specDefaults = Object.fromEntries(
      Object.entries(properties)
        .filter(([, p]) => p.default !== undefined)
        .map(([name, p]) => [name, p.default]),
    );
    expect(DEFAULTS.parameters).toEqual(specDefaults);
  });

  it('is what the engine fills in for a job that names only engine and libraries', () => {
    expect(planOptionsFrom({})).toEqual({
      numberOfRoutes: 25,
      processingTime: 300,
      buildingBlockLimit: 3,
      reactionLimit: 3,
      maxDepth: 6,
      maxIterations: 100_000,
      seed: 0,
      excludeTarget: false,
    });
  });
});
