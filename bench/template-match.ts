/**
 * Does a template reproduce a recorded reaction (applied to the product, it
 * gives the recorded reactants)? Shared by the coverage benchmarks. A cheap
 * element-count check skips templates that cannot give the reactants.
 */
import { applyTemplate, mayApply, PreparedMolecule, RetroTemplate } from '../src/chem/index.js';
import { parseSmiles } from '../src/chem/smiles-parser.js';

export interface Candidate {
  template: RetroTemplate;
  /** Heavy-atom element change product -> precursors, or null when the template leaves it open. */
  delta: Map<number, number> | null;
}

export function candidate(template: RetroTemplate): Candidate {
  return { template, delta: elementDelta(template) };
}

/**
 * Heavy atoms a template removes from the product and adds to the precursors,
 * by element: a precursor set with other element counts cannot come from it,
 * so it need not be applied. Null when a removed atom may be several elements.
 */
function elementDelta(t: RetroTemplate): Map<number, number> | null {
  const delta = new Map<number, number>();
  const add = (element: number, by: number) => {
    if (element !== 1) delta.set(element, (delta.get(element) ?? 0) + by);
  };
  for (let i = 0; i < t.lhs.atoms.length; i++) {
    if (t.lhsToRhs[i] >= 0) continue;
    const element = t.lhs.atoms[i].element;
    if (element === undefined) return null;
    add(element, -1);
  }
  t.rhs.atoms.forEach((a, k) => {
    if (t.rhsToLhs[k] < 0 && a.element !== undefined) add(a.element, 1);
  });
  return delta;
}

function heavyAtomCounts(smiles: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const a of parseSmiles(smiles).atoms)
    if (a.element !== 1) counts.set(a.element, (counts.get(a.element) ?? 0) + 1);
  return counts;
}

/** A recorded reaction to reproduce: its product and a test on the template's outcomes. */
export class RecordedReaction {
  private readonly have: Map<number, number>;
  private readonly want: Map<number, number>;

  /**
   * `reactants`: the recorded reactants (any SMILES; used for element counts);
   * `same`: whether an outcome (canonical '.'-joined precursors) is them.
   */
  constructor(
    readonly product: PreparedMolecule,
    reactants: string,
    private readonly same: (outcome: string) => boolean,
  ) {
    this.have = new Map([...product.elementCounts].filter(([e]) => e !== 1));
    this.want = heavyAtomCounts(reactants);
  }

  reproducedBy({ template, delta }: Candidate): boolean {
    if (delta && !this.countsAgree(delta)) return false;
    if (!mayApply(template, this.product)) return false;
    return applyTemplate(template, this.product).some(this.same);
  }

  reproducedByAny(list: Candidate[]): boolean {
    return list.some((c) => this.reproducedBy(c));
  }

  private countsAgree(delta: Map<number, number>): boolean {
    for (const e of new Set([...this.have.keys(), ...delta.keys(), ...this.want.keys()])) {
      if ((this.have.get(e) ?? 0) + (delta.get(e) ?? 0) !== (this.want.get(e) ?? 0)) return false;
    }
    return true;
  }
}
