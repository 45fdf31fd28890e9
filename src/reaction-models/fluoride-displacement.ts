/**
 * Unactivated aryl fluorides displaced by amines. Templates for nucleophilic
 * aromatic substitution match any aryl fluoride with the product's nitrogen in
 * its place, so they propose 4-fluorobenzyl sulfonamide and
 * hydrazine "giving" sumatriptan's aryl hydrazine: a fluoride that no acceptor,
 * halogen or heteroarene activates stays put, and no palladium or
 * copper coupling takes aryl fluorides (src/chem/aromatic-displacement.ts).
 * Aryl chlorides and bromides are not judged: the same step is a
 * Buchwald-Hartwig or Ullmann coupling, whose catalyst precursors never list.
 */
import { PreparedMolecule, unactivatedFluorideDisplacement } from '../chem/index.js';
import { LruCache } from '../util/lru.js';
import type { StepJudge } from './critics.js';

const PROBLEM = 'an aryl fluoride displaced by an amine although nothing activates its ring';

/** Fluorine atoms in a SMILES (not Fe, Fm, Fr). */
function fluorines(smiles: string): number {
  return smiles.match(/F(?![emr])/g)?.length ?? 0;
}

export class FluorideDisplacementCheck implements StepJudge {
  private readonly verdicts = new LruCache<string, boolean>(20_000);

  /** @param factor the prior's multiplier for a flagged step. */
  constructor(private readonly factor: number) {}

  judge(product: string, precursors: readonly string[]): { factor: number; problems: string[] } {
    // Most steps lose no fluorine and are passed on counting alone.
    if (
      precursors.length < 2 ||
      precursors.reduce((n, s) => n + fluorines(s), 0) <= fluorines(product)
    )
      return { factor: 1, problems: [] };
    const key = `${product}>${precursors.join('.')}`;
    let flagged = this.verdicts.get(key);
    if (flagged === undefined) {
      const made = new PreparedMolecule(product);
      flagged = precursors.some(
        (s) => fluorines(s) > 0 && unactivatedFluorideDisplacement(new PreparedMolecule(s), made),
      );
      this.verdicts.set(key, flagged);
    }
    return flagged ? { factor: this.factor, problems: [PROBLEM] } : { factor: 1, problems: [] };
  }
}
