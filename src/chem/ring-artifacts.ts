/**
 * Ring changes that no step makes, read from a specific (RDChiral-default)
 * retro template, which holds every atom the reaction changes:
 *
 * - **aromatized**: an aromatic five- or six-membered ring of the product comes
 *   from a precursor ring lacking two or more of the double bonds it needs, so
 *   the step would dehydrogenate the ring twice or more while it does its own
 *   chemistry (a cyclohexanone "becoming" a benzene ring, a tetrahydrofuran a
 *   furan). Aromatizing a ring that lacks one double bond is chemistry (a
 *   dihydropyridine or a cyclohexadiene oxidized by DDQ, an indoline to an
 *   indole), and a ring the step builds is an annulation; neither is flagged.
 * - **benzene opened**: two carbons of a precursor's benzene ring both reach the
 *   product but the ring bond between them does not: a benzene ring torn open
 *   to give the product atoms (carbons "from" a tosylate's or a benzotriazole's
 *   benzene ring). An oxidation that burns a phenyl down to a carboxylic acid
 *   keeps one ring carbon only and is not flagged. Heteroaromatic rings that do
 *   open (a chromone or an isatoic anhydride with a nucleophile) are not read.
 *
 * Of the 39,292 curated USPTO-50k `train` templates none does either; of the
 * corpus library's 94,614 specific templates, taken from automatically mapped
 * USPTO records, 168 aromatize and 280 open a benzene ring, one to four records
 * each (BENCHMARKS.md).
 */
import { ELEMENT } from './elements.js';
import { findRings } from './rings.js';
import type { QueryMol } from './smarts.js';
import type { RetroTemplate } from './template.js';

export type RingArtifact = 'aromatized' | 'benzene opened';

/** Double bonds (in or on the ring) a five- or six-membered aromatic ring needs. */
const DOUBLE_BONDS_NEEDED: Record<number, number> = { 5: 2, 6: 3 };

/** Dehydrogenations that no single step does alongside its own chemistry. */
const IMPLAUSIBLE_DEFICIT = 2;

/** The ring changes of `template` that no step makes (each kind once). */
export function ringArtifacts(template: RetroTemplate): RingArtifact[] {
  const found: RingArtifact[] = [];
  if (aromatizes(template)) found.push('aromatized');
  if (opensBenzene(template)) found.push('benzene opened');
  return found;
}

/** Whether an aromatic ring of the product comes from a precursor ring lacking two or more double bonds. */
function aromatizes(template: RetroTemplate): boolean {
  const product = template.lhs;
  return smallRings(product, (i) => product.atoms[i].aromatic === true).some((ring) => {
    const precursorRing = ring.map((i) => template.lhsToRhs[i]);
    if (precursorRing.some((i) => i < 0)) return false;
    const doubles = doubleBondsOfRing(template.rhs, precursorRing);
    return doubles !== null && DOUBLE_BONDS_NEEDED[ring.length] - doubles >= IMPLAUSIBLE_DEFICIT;
  });
}

/** Whether a benzene ring bond of a precursor joins two atoms the product keeps apart. */
function opensBenzene(template: RetroTemplate): boolean {
  const q = template.rhs;
  const aromaticCarbon = (i: number) =>
    q.atoms[i].aromatic === true && q.atoms[i].element === ELEMENT.C;
  return smallRings(q, aromaticCarbon).some(
    (ring) =>
      ring.length === 6 &&
      ring.some((a, k) => {
        const b = ring[(k + 1) % 6];
        const [x, y] = [template.rhsToLhs[a], template.rhsToLhs[b]];
        return x >= 0 && y >= 0 && template.lhs.bondBetween(x, y) < 0;
      }),
  );
}

/**
 * Double bonds of a precursor ring, in the ring or from a ring atom outward (a
 * ketone's C=O counts: the phenol is its tautomer); null when the ring is not
 * closed in the precursor (the step builds it) or an atom is already aromatic.
 */
function doubleBondsOfRing(q: QueryMol, ring: number[]): number | null {
  if (ring.some((i) => q.atoms[i].aromatic)) return null;
  for (let k = 0; k < ring.length; k++) {
    if (q.bondBetween(ring[k], ring[(k + 1) % ring.length]) < 0) return null;
  }
  const inRing = new Set(ring);
  let doubles = 0;
  for (const i of ring) {
    for (const b of q.atoms[i].bonds) {
      if (q.bonds[b].order !== 2) continue;
      // A bond inside the ring is seen from both of its atoms.
      doubles += inRing.has(q.other(b, i)) ? 0.5 : 1;
    }
  }
  return doubles;
}

/** The graph's five- and six-membered rings (rings.ts's ring set) whose atoms `member` all accepts. */
function smallRings(q: QueryMol, member: (i: number) => boolean): number[][] {
  return findRings(q).filter((ring) => ring.length in DOUBLE_BONDS_NEEDED && ring.every(member));
}
