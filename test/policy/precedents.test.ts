/**
 * Precedent similarity against values computed here from RDKit fingerprints:
 * a step scores the best, over the product's nearest recorded products, of
 * product similarity times the Tanimoto similarity of its precursors to that
 * reaction's recorded reactants. Also the file that stores those reactants
 * (as differences from the products' bits) and the model weighting steps by it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit, MorganParams, morganOnBits } from '../../src/chem/index.js';
import { BitLists } from '../../src/policy/bit-lists.js';
import { NeighbourIndex } from '../../src/policy/neighbours.js';
import {
  labelsDigest,
  loadPrecedents,
  PrecedentSimilarity,
  savePrecedents,
} from '../../src/policy/precedents.js';
import { StepJudge } from '../../src/reaction-models/critics.js';
import { CandidateReaction } from '../../src/reaction-models/reaction-model.js';
import {
  DEFAULT_MODEL_OPTIONS,
  TemplateReactionModel,
} from '../../src/reaction-models/template-model.js';
import { templateSet } from '../helpers/template-set.js';

const FP: MorganParams = { radius: 2, bits: 4096, chirality: true };
const SHORT: MorganParams = { radius: 2, bits: 2048, chirality: true };

// Recorded reactions: esters and amides, each with the reactants it was made from.
const RECORDED: [product: string, reactants: string][] = [
  ['CCOC(=O)c1ccc(Cl)cc1', 'CCO.O=C(Cl)c1ccc(Cl)cc1'], // ester from the acyl chloride
  ['CC(=O)Nc1ccccc1', 'CC(=O)OC(C)=O.Nc1ccccc1'], // amide from the anhydride
  ['O=C(O)c1ccc(Br)cc1', 'COC(=O)c1ccc(Br)cc1'], // ester hydrolysis
];
const QUERY = 'CCOC(=O)c1ccc(Br)cc1';
const FROM_CHLORIDE = ['CCO', 'O=C(Cl)c1ccc(Br)cc1'];
const FROM_ACID = ['CCO', 'O=C(O)c1ccc(Br)cc1'];

let products: BitLists;
let reactants: BitLists;
let scorer: PrecedentSimilarity;

function tanimoto(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const set = new Set(Array.from(a));
  const shared = Array.from(b).filter((x) => set.has(x)).length;
  return shared / (a.length + b.length - shared);
}

/** The score computed directly: every recorded reaction, RDKit fingerprints of joined SMILES. */
function expectedScore(product: string, precursors: string[], fp: MorganParams, power = 1): number {
  const p = morganOnBits(product, FP);
  const q = morganOnBits(precursors.join('.'), fp);
  let best = 0;
  for (const [recorded, recordedReactants] of RECORDED) {
    const sim = Math.round(1024 * tanimoto(p, morganOnBits(recorded, FP))) / 1024;
    best = Math.max(best, sim ** power * tanimoto(q, morganOnBits(recordedReactants, fp)));
  }
  return best;
}

beforeAll(async () => {
  await loadRDKit();
  products = BitLists.from(RECORDED.map(([p]) => morganOnBits(p, FP)));
  reactants = BitLists.from(RECORDED.map(([, r]) => morganOnBits(r, FP)));
  scorer = new PrecedentSimilarity(
    new NeighbourIndex(products, FP),
    { reactants, fingerprint: FP },
    30,
    1,
  );
});

const LABELS = Int32Array.from([0, 1, 2]);

/** The recorded reactants written to a precedents file for LABELS' policy. */
function savedPrecedents(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'synroute-precedents-')), 'p.precedents');
  const header = {
    format: 'synroute-precedents' as const,
    createdAt: new Date().toISOString(),
    examples: RECORDED.length,
    policyLabels: labelsDigest(LABELS),
    fingerprint: FP,
  };
  savePrecedents(path, header, products, reactants);
  return path;
}

describe('NeighbourIndex', () => {
  it('returns the recorded products most similar first, with their Tanimoto similarity', () => {
    const { indices, similarities } = new NeighbourIndex(products, FP).nearest(QUERY);
    const q = morganOnBits(QUERY, FP);
    const want = RECORDED.map(([p], i) => ({ i, sim: tanimoto(q, morganOnBits(p, FP)) }))
      .filter((x) => x.sim > 0)
      .sort((a, b) => b.sim - a.sim);
    expect(Array.from(indices)).toEqual(want.map((x) => x.i));
    want.forEach((x, r) => expect(similarities[r]).toBeCloseTo(x.sim, 2));
  });
});

describe('PrecedentSimilarity', () => {
  it('scores a step by the closest recorded reaction, product and reactants alike', () => {
    for (const precursors of [FROM_CHLORIDE, FROM_ACID]) {
      expect(scorer.score(QUERY, precursors)).toBeCloseTo(expectedScore(QUERY, precursors, FP), 6);
      // Product similarity squared, as the route score's evidence asks.
      expect(scorer.score(QUERY, precursors, 2)).toBeCloseTo(
        expectedScore(QUERY, precursors, FP, 2),
        6,
      );
      expect(scorer.score(QUERY, precursors, 2)).toBeLessThan(scorer.score(QUERY, precursors));
    }
    // The nearest recorded ester was made from its acyl chloride: that step looks recorded.
    expect(scorer.score(QUERY, FROM_CHLORIDE)).toBeGreaterThan(scorer.score(QUERY, FROM_ACID));
    // A recorded reaction is its own precedent.
    expect(scorer.score(RECORDED[0][0], RECORDED[0][1].split('.'))).toBe(1);
  });

  it("gives the same score with the file read folded as with RDKit's shorter fingerprint", () => {
    const index = new NeighbourIndex(products, FP);
    const precedents = loadPrecedents(savedPrecedents(), products, labelsDigest(LABELS), SHORT);
    for (let i = 0; i < RECORDED.length; i++)
      expect(Array.from(precedents.reactants.get(i))).toEqual(
        Array.from(morganOnBits(RECORDED[i][1], SHORT)),
      );
    const folded = new PrecedentSimilarity(index, precedents, 30, 1);
    for (const precursors of [FROM_CHLORIDE, FROM_ACID]) {
      expect(folded.score(QUERY, precursors)).toBeCloseTo(
        expectedScore(QUERY, precursors, SHORT),
        6,
      );
    }
    const otherRadius = { ...SHORT, radius: 3 };
    expect(() =>
      loadPrecedents(savedPrecedents(), products, labelsDigest(LABELS), otherRadius),
    ).toThrow(/fold/);
    expect(
      () => new PrecedentSimilarity(index, { reactants, fingerprint: otherRadius }, 30, 1),
    ).toThrow(/fold/);
  });
});

describe('precedents file', () => {
  it('stores the recorded reactants and reads them back exactly', () => {
    const path = savedPrecedents();
    const loaded = loadPrecedents(path, products, labelsDigest(LABELS));
    for (let i = 0; i < RECORDED.length; i++)
      expect(Array.from(loaded.reactants.get(i))).toEqual(Array.from(reactants.get(i)));
    // Made for another policy's examples: refused.
    expect(() => loadPrecedents(path, products, labelsDigest(Int32Array.from([0, 2, 1])))).toThrow(
      /another policy/,
    );
  });
});

describe('precedent weight in the template model', () => {
  // Ester from the acid or from the acyl chloride, equally ranked by the policy.
  const TEMPLATES = [
    '[C:1]-[O;H0;D2;+0:2]-[C;H0;D3;+0:3](=[O;D1;H0:4])-[c:5]>>[C:1]-[OH;D1;+0:2].[OH]-[C:3](=[O:4])-[c:5]',
    '[C:1]-[O;H0;D2;+0:2]-[C;H0;D3;+0:3](=[O;D1;H0:4])-[c:5]>>[C:1]-[OH;D1;+0:2].Cl-[C:3](=[O:4])-[c:5]',
  ];
  const model = (precedentWeight: number, judge?: StepJudge) =>
    new TemplateReactionModel(
      templateSet(TEMPLATES),
      { rank: () => TEMPLATES.map((_, template) => ({ template, prior: 0.5 })) },
      { ...DEFAULT_MODEL_OPTIONS, precedentWeight },
      { precedents: scorer, judge },
    );
  const priorOf = (steps: CandidateReaction[], precursors: string[]) =>
    steps.find((c) => [...c.precursors].sort().join('.') === [...precursors].sort().join('.'))
      ?.prior ?? 0;

  it('ranks the step from the precursors similar products were made from first', () => {
    const plain = model(0).expand(QUERY);
    expect(plain.map((c) => c.prior)).toEqual([0.5, 0.5]);
    const weighted = model(2).expand(QUERY);
    const prior = (precursors: string[]) => priorOf(weighted, precursors);
    const ratio =
      ((0.01 + scorer.score(QUERY, FROM_CHLORIDE)) / (0.01 + scorer.score(QUERY, FROM_ACID))) ** 2;
    expect(prior(FROM_CHLORIDE) / prior(FROM_ACID)).toBeCloseTo(ratio, 6);
    expect(prior(FROM_CHLORIDE) + prior(FROM_ACID)).toBeCloseTo(1, 6);
  });

  it('gives a step a judge flags no precedent credit', () => {
    // A judge objecting to the acyl chloride (halving its prior): its precedents no longer count.
    const judge: StepJudge = {
      judge: (_, precursors) =>
        precursors.includes(FROM_CHLORIDE[1])
          ? { factor: 0.5, problems: ['flagged'] }
          : { factor: 1, problems: [] },
    };
    const steps = model(2, judge).expand(QUERY);
    const ratio = (0.5 * 0.01 ** 2) / (0.01 + scorer.score(QUERY, FROM_ACID)) ** 2;
    expect(priorOf(steps, FROM_CHLORIDE) / priorOf(steps, FROM_ACID)).toBeCloseTo(ratio, 6);
    expect(steps.find((c) => c.concerns?.length)?.concerns).toEqual(['flagged']);
    // The evidence carried to the route score: product similarity squared, none when flagged.
    const evidence = (precursors: string[]) =>
      steps.find((c) => c.precursors.join('.') === [...precursors].sort().join('.'))?.precedent;
    expect(evidence(FROM_ACID)).toBeCloseTo(scorer.score(QUERY, FROM_ACID, 2), 9);
    expect(evidence(FROM_ACID)).toBeGreaterThan(0);
    expect(evidence(FROM_CHLORIDE)).toBe(0);
  });
});
