/**
 * Counting functional groups in a molecule with SMARTS (our matcher, no
 * RDKit call): each group is counted once per distinct atom matched by the
 * query's first atom, its "key" atom (the carbonyl carbon of an acyl halide,
 * the nitrogen of an amine), so symmetric matches count once.
 */
import { findMatches } from './match.js';
import type { PreparedMolecule } from './prepared.js';
import { parseSmarts, QueryMol } from './smarts.js';

export interface GroupDefinition {
  name: string;
  /** SMARTS whose first atom is the group's key atom. */
  smarts: string;
}

export class GroupCounter {
  private readonly queries: { name: string; query: QueryMol; needs: Map<number, number> }[];

  constructor(definitions: readonly GroupDefinition[]) {
    this.queries = definitions.map((d) => {
      const query = parseSmarts(d.smarts);
      // Elements the query cannot match without (atoms allowing one element only).
      const needs = new Map<number, number>();
      for (const a of query.atoms) {
        if (a.elementsAllowed?.length === 1)
          needs.set(a.elementsAllowed[0], (needs.get(a.elementsAllowed[0]) ?? 0) + 1);
      }
      return { name: d.name, query, needs };
    });
  }

  /** Number of distinct key atoms of each group present (absent groups are left out). */
  count(mol: PreparedMolecule): Map<string, number> {
    const counts = new Map<string, number>();
    for (const { name, query, needs } of this.queries) {
      let possible = true;
      for (const [element, n] of needs)
        if ((mol.elementCounts.get(element) ?? 0) < n) possible = false;
      if (!possible) continue;
      const keys = new Set<number>();
      for (const m of findMatches(query, mol.target, { maxMatches: 200 })) keys.add(m[0]);
      if (keys.size) counts.set(name, keys.size);
    }
    return counts;
  }
}
