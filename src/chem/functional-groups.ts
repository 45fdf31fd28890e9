/**
 * Counting functional groups in a molecule with SMARTS (our matcher, no
 * RDKit call): each group is counted once per distinct atom matched by the
 * query's first atom, its "key" atom (the carbonyl carbon of an acyl halide,
 * the nitrogen of an amine), so symmetric matches count once. Several key
 * atoms of one group may be symmetry-equivalent (both carbonyls of Boc2O,
 * both nitrogens of piperazine): then which one reacts makes no difference.
 */
import { findMatches } from './match.js';
import type { PreparedMolecule } from './prepared.js';
import { parseSmarts, QueryMol } from './smarts.js';

export interface GroupDefinition {
  name: string;
  /** SMARTS whose first atom is the group's key atom. */
  smarts: string;
}

export interface GroupCount {
  count: number;
  /** Symmetry classes among the key atoms (1: all equivalent). */
  classes: number;
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

  /**
   * Of each group present (absent groups are left out): its number of
   * distinct key atoms, and of their symmetry classes (fewer when some are
   * equivalent).
   */
  count(mol: PreparedMolecule): Map<string, GroupCount> {
    const counts = new Map<string, GroupCount>();
    for (const { name, query, needs } of this.queries) {
      let possible = true;
      for (const [element, n] of needs)
        if ((mol.elementCounts.get(element) ?? 0) < n) possible = false;
      if (!possible) continue;
      const keys = new Set<number>();
      for (const m of findMatches(query, mol.target, { maxMatches: 200 })) keys.add(m[0]);
      if (!keys.size) continue;
      const classes = keys.size > 1 ? new Set([...keys].map((k) => mol.symmetryClass(k))).size : 1;
      counts.set(name, { count: keys.size, classes });
    }
    return counts;
  }
}
