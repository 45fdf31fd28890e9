/**
 * Regiochemistry of electrophilic aromatic substitution. A template for a
 * Friedel-Crafts reaction, a nitration or a halogenation matches wherever the
 * product has the right substituent, so it proposes the arene substituted at
 * a position the electrophile would not choose: trimethoprim's
 * 3,4,5-trimethoxybenzyl "made" from 1,2,3-trimethoxybenzene, which reacts at
 * its 4-position (ortho and para to two methoxy groups, against para to one).
 * A chemist rejects that at a glance; the template and the feasibility filter
 * do not see the ring's other positions.
 *
 * A step is flagged when a precursor's benzene ring is substituted at a CH
 * (carbon, sulfur, halogen or nitro electrophile) while another free position
 * of the ring is clearly more activated by the substituents already there
 * (src/chem/aromatic-substitution.ts; the margin keeps ortho against para,
 * where directing groups, chelation and conditions decide, out of the rule),
 * or when the ring's only substituent is an ortho/para director and the step
 * substitutes meta to it (ketoprofen "made" by benzoylating 2-phenylpropionic
 * acid): the textbook minor product, however little sigma tells the
 * positions apart.
 */
import { aromaticCHCount, PreparedMolecule, substitutionActivation } from '../chem/index.js';
import { LruCache } from '../util/lru.js';
import type { StepJudge } from './critics.js';

/**
 * How much more activated (in sigma units) another free position must be for the
 * step to be flagged: at the rho of -5 to -12 of nitrations, brominations and
 * Friedel-Crafts reactions, 0.5 is a rate ratio of 300 or more.
 */
export const ACTIVATION_MARGIN = 0.5;
/**
 * The better position must be activated by a donor (sigma+ sum below this): on
 * a ring of halogens and acceptors alone the CH substituted is mostly set by a
 * directing group for a metalation, not by electrophilic substitution.
 */
export const DONOR_ACTIVATION = 0.3;

const PROBLEM =
  'aromatic substitution at a ring position less activated than a free one of the same ring';

export class RegiochemistryCheck implements StepJudge {
  private readonly verdicts = new LruCache<string, string | null>(20_000);
  /** Aromatic CH per molecule: most steps lose none, and are passed on these counts alone. */
  private readonly aromaticCH = new LruCache<string, number>(50_000);

  /** @param factor the prior's multiplier for a flagged step. */
  constructor(private readonly factor: number) {}

  judge(product: string, precursors: readonly string[]): { factor: number; problems: string[] } {
    if (precursors.length < 2 || !this.losesAromaticCH(product, precursors))
      return { factor: 1, problems: [] };
    const key = `${product}>${precursors.join('.')}`;
    let problem = this.verdicts.get(key);
    if (problem === undefined) {
      problem = this.misdirected(product, precursors);
      this.verdicts.set(key, problem);
    }
    return problem ? { factor: this.factor, problems: [problem] } : { factor: 1, problems: [] };
  }

  /** An aromatic CH is lost, or nothing was substituted at one. */
  private losesAromaticCH(product: string, precursors: readonly string[]): boolean {
    return precursors.reduce((n, s) => n + this.countCH(s), 0) > this.countCH(product);
  }

  private countCH(smiles: string): number {
    let n = this.aromaticCH.get(smiles);
    if (n === undefined) {
      n = aromaticCHCount(new PreparedMolecule(smiles));
      this.aromaticCH.set(smiles, n);
    }
    return n;
  }

  /** The problem with the step's aromatic substitution, or null. */
  private misdirected(product: string, precursors: readonly string[]): string | null {
    const made = new PreparedMolecule(product);
    for (const smiles of precursors) {
      if (!this.countCH(smiles)) continue;
      const a = substitutionActivation(new PreparedMolecule(smiles), made);
      if (!a) continue;
      if (a.bestOther >= DONOR_ACTIVATION && a.bestOther - a.site >= ACTIVATION_MARGIN)
        return PROBLEM;
      if (a.metaToLoneDirector) return PROBLEM;
    }
    return null;
  }
}
