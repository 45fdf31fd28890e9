/**
 * Policies over a template library: the template-relevance network, the
 * nearest-neighbour (RetroSim-style) policy, and their blend. Class labels are
 * template ids; they are resolved to library indices once at load time.
 */
import { MorganParams, morganOnBits } from '../chem/index.js';
import { MlpWeights, softmax } from './mlp.js';
import { PolicyNetwork } from './network.js';
import { SimilarityPolicy } from './similarity.js';
import { ExpansionPolicy, RankedTemplate } from './types.js';

export class NetworkPolicy implements ExpansionPolicy {
  private readonly network: PolicyNetwork;

  /**
   * @param classIndex library index of each network class (-1 when the library lacks it)
   * @param temperature logits are divided by it before the softmax (above 1: flatter priors)
   */
  constructor(
    weights: MlpWeights,
    private readonly classIndex: Int32Array,
    private readonly fingerprint: MorganParams,
    private readonly temperature = 1,
  ) {
    this.network = new PolicyNetwork(weights);
  }

  rank(smiles: string, k: number): RankedTemplate[] {
    const bits = morganOnBits(smiles, this.fingerprint);
    const probs = softmax(this.network.logits(bits).slice(), 1 / this.temperature);
    return topK(probs, k, this.classIndex);
  }
}

/** The k largest probabilities as ranked templates (ties by class order). */
export function topK(probs: Float32Array, k: number, classIndex: Int32Array): RankedTemplate[] {
  const n = probs.length;
  const keep = Math.min(k, n);
  // Threshold by a partial sort on a copy: cheap for k << n.
  const best: number[] = [];
  let floor = -1;
  for (let c = 0; c < n; c++) {
    const p = probs[c];
    if (best.length < keep) {
      best.push(c);
      if (best.length === keep) {
        best.sort((a, b) => probs[b] - probs[a] || a - b);
        floor = probs[best[keep - 1]];
      }
    } else if (p > floor) {
      let pos = keep - 1;
      while (pos > 0 && probs[best[pos - 1]] < p) pos--;
      best.splice(pos, 0, c);
      best.pop();
      floor = probs[best[keep - 1]];
    }
  }
  if (best.length < keep || keep < 1) best.sort((a, b) => probs[b] - probs[a] || a - b);
  return best
    .filter((c) => classIndex[c] >= 0)
    .map((c) => ({ template: classIndex[c], prior: probs[c] }));
}

/**
 * Weighted blend of policies' priors (templates missing from a member's top k
 * count as 0 there): the network with the neighbours, or an ensemble of networks.
 */
export class BlendedPolicy implements ExpansionPolicy {
  constructor(private readonly members: readonly { policy: ExpansionPolicy; weight: number }[]) {}

  rank(smiles: string, k: number): RankedTemplate[] {
    const scores = new Map<number, number>();
    for (const { policy, weight } of this.members) {
      for (const r of policy.rank(smiles, k)) {
        scores.set(r.template, (scores.get(r.template) ?? 0) + weight * r.prior);
      }
    }
    return [...scores.entries()]
      .map(([template, prior]) => ({ template, prior }))
      .sort((x, y) => y.prior - x.prior || x.template - y.template)
      .slice(0, k);
  }
}

export { SimilarityPolicy };
