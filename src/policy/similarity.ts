/**
 * A RetroSim-style policy: templates of the training reactions whose products
 * are most similar (Morgan Tanimoto) to the query (see NeighbourIndex).
 */
import type { MorganParams } from '../chem/index.js';
import type { BitLists } from './bit-lists.js';
import { NeighbourIndex } from './neighbours.js';
import { ExpansionPolicy, RankedTemplate } from './types.js';

export interface SimilarityExamples {
  /** On-bits of each training product's fingerprint. */
  bits: BitLists;
  /** Template index of each training example. */
  labels: Int32Array;
}

export class SimilarityPolicy implements ExpansionPolicy {
  /** The training products' index, for other users of the same neighbours. */
  readonly index: NeighbourIndex;

  /**
   * @param vote when set, a template scores the sum of sim^vote over all its
   *   neighbours (a similarity-weighted vote); otherwise its best neighbour's similarity
   */
  constructor(
    private readonly examples: SimilarityExamples,
    fingerprint: MorganParams,
    private readonly vote?: number,
  ) {
    this.index = new NeighbourIndex(examples.bits, fingerprint);
  }

  rank(smiles: string, k: number): RankedTemplate[] {
    const { indices, similarities } = this.index.nearest(smiles);
    const best = new Map<number, number>();
    for (let r = 0; r < indices.length; r++) {
      const t = this.examples.labels[indices[r]];
      const sim = similarities[r];
      if (t < 0) continue;
      if (this.vote !== undefined) {
        best.set(t, (best.get(t) ?? 0) + sim ** this.vote);
      } else {
        // Neighbours come most similar first: a template's first one is its best.
        if (!best.has(t)) best.set(t, sim);
        if (best.size >= k) break;
      }
    }
    let ranked = [...best.entries()].map(([template, sim]) => ({ template, prior: sim }));
    if (this.vote !== undefined)
      ranked = ranked.sort((a, b) => b.prior - a.prior || a.template - b.template).slice(0, k);
    const total = ranked.reduce((sum, r) => sum + r.prior, 0) || 1;
    return ranked.map((r) => ({ template: r.template, prior: r.prior / total }));
  }
}
