/**
 * Template families' prior given back where a family's specific template does
 * not apply. A specific template is a reaction centre in one atom context; the
 * templates sharing its general (reaction-centre) form are its family. When the
 * policy ranks a specific template highly but the molecule lacks its context,
 * the policy's belief in that kind of reaction would otherwise be spread over
 * every template that applies (the priors are renormalized); here it goes to
 * the same family's templates that do apply.
 */
import type { CandidateReaction } from './reaction-model.js';

export class FamilyShare {
  private readonly tried = new Map<number, number>();
  private readonly productive = new Map<number, number>();
  /** Family of each productive template, by its source id. */
  private readonly familyOfSource = new Map<string, number>();

  /** A ranked template the model tried, of `family`, with its prior. */
  triedTemplate(family: number, prior: number): void {
    this.tried.set(family, (this.tried.get(family) ?? 0) + prior);
  }

  /** A tried template that gave precursors. */
  productiveTemplate(family: number, prior: number, source: string): void {
    this.productive.set(family, (this.productive.get(family) ?? 0) + prior);
    this.familyOfSource.set(source, family);
  }

  /**
   * Raises each candidate's prior by `share` of its family's tried-but-inapplicable
   * prior, in proportion to its own (share 1: the whole family's tried prior goes to
   * the family's productive templates). Candidates of other sources are left alone.
   */
  giveBack(candidates: CandidateReaction[], share: number): void {
    for (const c of candidates) {
      const family = this.familyOfSource.get(c.source);
      if (family === undefined) continue;
      const gain = (this.tried.get(family) as number) / (this.productive.get(family) as number);
      c.prior *= 1 + share * (gain - 1);
    }
  }
}
