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

interface GroupQuery {
  name: string;
  query: QueryMol;
  /** Elements the query cannot match without, with how many atoms of each. */
  needs: Map<number, number>;
}

export class GroupCounter {
  private readonly queries: GroupQuery[];

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
    for (const q of this.queries) {
      const keys = this.keyAtoms(q, mol);
      if (keys.size) counts.set(q.name, keys.size);
    }
    return counts;
  }

  /**
   * Symmetry classes among the key atoms of group `name` in `mol` (1: all
   * equivalent; 0: absent). Separate from `count` because perceiving symmetry
   * costs more than matching and few callers need it.
   */
  symmetryClasses(mol: PreparedMolecule, name: string): number {
    const q = this.queries.find((x) => x.name === name);
    if (!q) throw new Error(`unknown group ${name}`);
    return new Set([...this.keyAtoms(q, mol)].map((k) => mol.symmetryClass(k))).size;
  }

  private keyAtoms(q: GroupQuery, mol: PreparedMolecule): Set<number> {
    const keys = new Set<number>();
    for (const [element, n] of q.needs) if ((mol.elementCounts.get(element) ?? 0) < n) return keys;
    for (const m of findMatches(q.query, mol.target, { maxMatches: 200 })) keys.add(m[0]);
    return keys;
  }
}
