/**
 * Commodity chemicals (fewer than two carbons: phosgene, carbonic acid, nitrous acid,
 * triflic acid) are bought, never made: the default engine applies no template to them,
 * so no route "makes" nitrite from hydroxylamine and carbonic acid (issue 13).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalSmiles, loadRDKit } from '../../src/chem/index.js';
import { DEFAULT_ENGINE_ID, engine } from '../../src/engine/index.js';
import { ENGINES, loadEngine } from '../../src/engine/engine.js';

beforeAll(async () => {
  await loadRDKit();
});

const COMMODITIES = ['O=C(O)O', 'O=NO', 'O=C(Cl)Cl', 'O=S(=O)(O)C(F)(F)F'];

describe('commodity chemicals', () => {
  it('are not expanded by the default engine, which its library would do without the rule', () => {
    const shipped = engine(DEFAULT_ENGINE_ID)!;
    const unlimited = loadEngine({ ...ENGINES[0], model: { ...ENGINES[0].model, minCarbons: 0 } });
    const canon = COMMODITIES.map((s) => canonicalSmiles(s) as string);
    for (const smiles of canon) expect(shipped.model.expand(smiles)).toEqual([]);
    // The library does propose ways to make them (diphenyl carbonate to carbonic acid...).
    expect(canon.filter((s) => unlimited.model.expand(s).length > 0).length).toBeGreaterThan(1);
  });

  it('still expands two-carbon molecules and larger', () => {
    const shipped = engine(DEFAULT_ENGINE_ID)!;
    expect(shipped.model.expand(canonicalSmiles('CC(=O)Cl') as string).length).toBeGreaterThan(0);
    expect(shipped.model.expand(canonicalSmiles('CC(=O)Nc1ccc(O)cc1') as string)[0]).toBeDefined();
  });
});
