/**
 * Graph-symmetry classes by iterative refinement of atom invariants (no tie
 * breaking): two atoms share a class when nothing in the constitution tells
 * them apart, which is what decides whether a centre can be stereogenic.
 */
import { Mol } from './graph.js';

export function symmetryClasses(mol: Mol): Int32Array {
  const n = mol.atoms.length;
  let classes = new Int32Array(n);
  const initial = mol.atoms.map((a, i) =>
    [
      a.element,
      a.isotope,
      a.charge,
      a.bonds.length,
      mol.totalHydrogens(i),
      a.aromatic ? 1 : 0,
    ].join(','),
  );
  let count = relabel(initial, classes);
  for (let iter = 0; iter < n; iter++) {
    const keys = mol.atoms.map((a, i) => {
      const nbr = a.bonds
        .map((b) => classes[mol.other(b, i)] * 8 + mol.bonds[b].order)
        .sort((x, y) => x - y);
      return `${classes[i]}|${nbr.join(',')}`;
    });
    const next = new Int32Array(n);
    const nextCount = relabel(keys, next);
    classes = next;
    if (nextCount === count) break;
    count = nextCount;
  }
  return classes;
}

function relabel(keys: string[], out: Int32Array): number {
  const sorted = [...new Set(keys)].sort();
  const index = new Map(sorted.map((k, i) => [k, i]));
  keys.forEach((k, i) => (out[i] = index.get(k) as number));
  return sorted.length;
}
