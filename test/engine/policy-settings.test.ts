/**
 * The policy's scoring options as engine settings: null (what an operator
 * writes in SYNROUTE_ENGINE_SETTINGS to turn one off) means the same as
 * leaving it out, and the shipped values change the priors the model gives.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../../src/chem/index.js';
import { ENGINES, EngineSettings, loadEngine } from '../../src/engine/engine.js';

const TARGET = 'CC(=O)Nc1ccc(OCc2ccccc2)cc1';

function priors(settings: EngineSettings): string[] {
  return loadEngine(settings)
    .model.predict(TARGET, 10)
    .map((p) => `${p.reactants} ${p.score.toFixed(6)}`);
}

beforeAll(async () => {
  await loadRDKit();
});

describe('policy scoring settings', () => {
  it('treats null as unset, and the shipped values change the priors', { timeout: 60_000 }, () => {
    const shipped = ENGINES[0];
    expect(shipped.neighbourVote).toBe(4);
    expect(shipped.networkTemperature).toBe(2);
    const unset: EngineSettings = { ...shipped };
    delete unset.neighbourVote;
    delete unset.networkTemperature;
    const off = priors(unset);
    expect(off.length).toBeGreaterThan(0);
    expect(priors({ ...shipped, neighbourVote: null, networkTemperature: null })).toEqual(off);
    expect(priors(shipped)).not.toEqual(off);
  });
});
