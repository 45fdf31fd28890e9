/**
 * The expansion-recall benchmark's ranking of a recorded precursor set among
 * an expansion's proposals: stereo-free fragment sets (as route matching
 * compares them), ordered by their best prior. Molecules are hand-made.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../../src/chem/index.js';
import type { CandidateReaction } from '../../src/reaction-models/reaction-model.js';
import { proposalRank } from '../../bench/expansion-recall.js';
import { fragmentSetKey } from '../../bench/route-match.js';

beforeAll(async () => {
  await loadRDKit();
});

const BOC_ALA = 'C[C@H](NC(=O)OC(C)(C)C)C(=O)O';
const BENZYLAMINE = 'NCc1ccccc1';
const ACID_CHLORIDE = 'C[C@H](NC(=O)OC(C)(C)C)C(=O)Cl';
const ESTER = 'COC(=O)[C@H](C)NC(=O)OC(C)(C)C';

const candidate = (precursors: string[], prior: number, source = 't'): CandidateReaction => ({
  precursors,
  prior,
  source,
});

describe('proposal rank', () => {
  const amideKey = () => fragmentSetKey([BOC_ALA, BENZYLAMINE]) as string;

  it('counts the distinct precursor sets proposed with a better prior', () => {
    const proposals = [
      candidate([ACID_CHLORIDE, BENZYLAMINE], 0.5),
      candidate([BOC_ALA, BENZYLAMINE], 0.3),
      candidate([ESTER, BENZYLAMINE], 0.1),
    ];
    expect(proposalRank(proposals, amideKey())).toBe(1);
  });

  it('takes a set proposed by several templates at its best prior, stereo ignored', () => {
    const proposals = [
      candidate([ACID_CHLORIDE, BENZYLAMINE], 0.4, 'a'),
      candidate([BOC_ALA.replace('@', ''), BENZYLAMINE], 0.05, 'b'),
      candidate([BOC_ALA, BENZYLAMINE], 0.6, 'c'),
    ];
    expect(proposalRank(proposals, amideKey())).toBe(0);
  });

  it('is null when the recorded precursors are not proposed', () => {
    expect(proposalRank([candidate([ESTER, BENZYLAMINE], 0.9)], amideKey())).toBeNull();
    expect(proposalRank([], amideKey())).toBeNull();
  });
});
