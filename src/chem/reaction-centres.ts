/**
 * Two unrelated transformations in one step, read from a specific
 * (RDChiral-default) retro template, which holds every atom the reaction
 * changes. A template's product pattern falls into reaction centres: atoms
 * joined by a product bond, or reaching one precursor-side fragment (so a
 * cyclic anhydride opened by an amine, whose amide and acid are joined only
 * through the anhydride, is one centre). A step is two transformations when
 * one centre makes a bond (two atoms joined in the product, apart in the
 * precursors) and another centre only changes groups (a bond broken, a group
 * removed, a bond order changed) without making one: benzocaine "made" from
 * ethanol and 4-nitrobenzoic acid (an esterification and a nitro reduction),
 * an amide coupled while a tert-butyl ester is cleaved, a phenol alkylated
 * while an ester is hydrolysed. Each is two steps, and the route should show
 * both; the records come from patents that report a sequence as one reaction.
 *
 * Not flagged: one centre; several centres that all make bonds (a diacid
 * coupled twice, an amino alcohol peracetylated: one reagent does both) or all
 * only change groups (two nitro groups reduced, a global deprotection: one
 * reagent again); centres that change only charges or hydrogen counts.
 * None of the 11,089 distinct recorded USPTO-50k templates has two centres;
 * 4,341 of the corpus library's 94,614 specific templates are flagged
 * (BENCHMARKS.md).
 */
import { connectedComponents } from './graph.js';
import type { RetroTemplate } from './template.js';

export type CentreArtifact = 'two transformations';

type CentreKind = 'bond made' | 'groups changed' | 'charges only';

/** The step artifacts of `template` (each kind once). */
export function reactionCentreArtifacts(template: RetroTemplate): CentreArtifact[] {
  const kinds = centreKinds(template);
  return kinds.includes('bond made') && kinds.includes('groups changed')
    ? ['two transformations']
    : [];
}

/** What each reaction centre of the product pattern does (one entry per centre). */
function centreKinds(template: RetroTemplate): CentreKind[] {
  const { lhs, rhs, lhsToRhs, rhsToLhs } = template;
  const centres = reactionCentres(template);
  if (centres.length < 2) return [];
  const centre: number[] = [];
  centres.forEach((atoms, i) => atoms.forEach((atom) => (centre[atom] = i)));
  const kinds: CentreKind[] = centres.map(() => 'charges only');
  const mark = (atom: number, kind: CentreKind) => {
    if (kinds[centre[atom]] !== 'bond made') kinds[centre[atom]] = kind;
  };
  for (const bond of lhs.bonds) {
    const a = lhsToRhs[bond.begin];
    const b = lhsToRhs[bond.end];
    if (a < 0 || b < 0) continue;
    const before = rhs.bondBetween(a, b);
    if (before < 0) mark(bond.begin, 'bond made');
    else if (bond.order && rhs.bonds[before].order && bond.order !== rhs.bonds[before].order)
      mark(bond.begin, 'groups changed');
  }
  lhs.atoms.forEach((_, atom) => {
    const r = lhsToRhs[atom];
    if (r < 0) return;
    const lost = rhs
      .neighbors(r)
      .some((n) => rhsToLhs[n] < 0 || lhs.bondBetween(atom, rhsToLhs[n]) < 0);
    if (lost) mark(atom, 'groups changed');
  });
  return kinds;
}

/**
 * The reaction centres of the product pattern, as atom indices: atoms joined by
 * a product bond or mapped into one connected precursor-side fragment share one.
 */
function reactionCentres(template: RetroTemplate): number[][] {
  const { lhs, rhs, lhsToRhs } = template;
  const fragmentOf: number[] = [];
  connectedComponents(rhs.atoms.length, (a) => rhs.neighbors(a)).forEach((atoms, i) =>
    atoms.forEach((a) => (fragmentOf[a] = i)),
  );
  const inFragment = new Map<number, number[]>();
  lhs.atoms.forEach((_, atom) => {
    const r = lhsToRhs[atom];
    if (r < 0) return;
    const atoms = inFragment.get(fragmentOf[r]) ?? [];
    atoms.push(atom);
    inFragment.set(fragmentOf[r], atoms);
  });
  return connectedComponents(lhs.atoms.length, (atom) => {
    const r = lhsToRhs[atom];
    const sameFragment = r < 0 ? [] : (inFragment.get(fragmentOf[r]) as number[]);
    return [...lhs.neighbors(atom), ...sameFragment];
  });
}
