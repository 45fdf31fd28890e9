/**
 * The site model's counts: a template seen at an environment scores above
 * one never seen there, an environment without enough precedents keeps the
 * network's prior, smaller radii answer when the largest is unseen, and the
 * file round-trips.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { atomEnvironments } from '../../src/chem/atom-environments.js';
import { parseSmiles } from '../../src/chem/smiles-parser.js';
import { SiteCounter, SiteModel } from '../../src/policy/site-model.js';

const ESTER = atomEnvironments(parseSmiles('c1ccccc1C(=O)OCC'), 2);
const OTHER_ESTER = atomEnvironments(parseSmiles('c1ccccc1C(=O)OC(C)C'), 2);
const AMIDE = atomEnvironments(parseSmiles('c1ccccc1C(=O)NC'), 2);
const CARBONYL = 6;
const HYDROLYSIS = 7;
const REDUCTION = 8;

function trained(): SiteModel {
  const counter = new SiteCounter(2);
  for (let i = 0; i < 9; i++) counter.add(ESTER, [CARBONYL], HYDROLYSIS);
  counter.add(ESTER, [CARBONYL], REDUCTION);
  return counter.model({ minSupport: 3, smoothing: 2, reference: 'prior' });
}

describe('SiteModel', () => {
  it('prefers the template recorded at atoms like these, smoothed toward the prior', () => {
    const model = trained();
    // 9 of 10 precedents, plus 2 pseudo-counts at the prior: (9 + 2 * 0.1) / 12.
    expect(model.probability(ESTER, [CARBONYL], HYDROLYSIS, 0.1)).toBeCloseTo(9.2 / 12, 10);
    expect(model.probability(ESTER, [CARBONYL], REDUCTION, 0.1)).toBeCloseTo(1.2 / 12, 10);
    expect(model.probability(ESTER, [CARBONYL], 99, 0.1)).toBeCloseTo(0.2 / 12, 10);
  });

  it('reads the largest radius with precedents, and the prior where none has', () => {
    const model = trained();
    // The isopropyl ester matches the ethyl ester's carbonyl out to radius 1 only.
    expect(OTHER_ESTER[2][CARBONYL]).not.toBe(ESTER[2][CARBONYL]);
    expect(OTHER_ESTER[1][CARBONYL]).toBe(ESTER[1][CARBONYL]);
    expect(model.probability(OTHER_ESTER, [CARBONYL], HYDROLYSIS, 0.1)).toBeCloseTo(9.2 / 12, 10);
    // The amide's carbonyl differs at radius 1; radius 0 (a carbonyl-like carbon) has the precedents.
    expect(model.probability(AMIDE, [CARBONYL], HYDROLYSIS, 0.1)).toBeCloseTo(9.2 / 12, 10);
    // An atom whose environment was never counted keeps the prior.
    expect(model.probability(ESTER, [0], HYDROLYSIS, 0.1)).toBeCloseTo(0.1, 10);
  });

  it('averages over the centre atoms geometrically', () => {
    const model = trained();
    const one = model.probability(ESTER, [CARBONYL], HYDROLYSIS, 0.1);
    expect(model.probability(ESTER, [CARBONYL, 0], HYDROLYSIS, 0.1)).toBeCloseTo(
      Math.sqrt(one * 0.1),
      10,
    );
  });

  it('saves and loads the same counts', () => {
    const model = trained();
    const file = join(mkdtempSync(join(tmpdir(), 'sites-')), 'm.sites.gz');
    model.save(file);
    const loaded = SiteModel.load(file, model.options);
    expect(loaded.radius).toBe(2);
    for (const t of [HYDROLYSIS, REDUCTION, 99]) {
      expect(loaded.probability(ESTER, [CARBONYL], t, 0.1)).toBe(
        model.probability(ESTER, [CARBONYL], t, 0.1),
      );
    }
  });
});
