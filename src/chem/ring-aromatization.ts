/**
 * Aromatic rings a retro template makes from a precursor ring that lacks two or
 * more of the double bonds an aromatic ring needs: the step would have to
 * dehydrogenate the ring twice or more (a cyclohexanone "becoming" a benzene
 * ring, a tetrahydrofuran a furan, a piperidine a pyridine) while it does
 * whatever else the template does. Read from a specific (RDChiral-default)
 * template, which holds every atom the reaction changes.
 *
 * Aromatizing a ring that lacks one double bond is chemistry (a dihydropyridine
 * or a cyclohexadiene oxidized by DDQ, an indoline to an indole), and a ring the
 * step builds is an annulation; neither is read here. Of the 39,292 curated
 * USPTO-50k `train` templates none makes an aromatic ring from a non-aromatic
 * precursor ring at all; of the corpus library's 94,614 specific templates,
 * taken from automatically mapped USPTO records, about 170 (one or two records
 * each) make one lacking two or more double bonds: a cyclohexyl group "becoming"
 * a phenyl, ketoprofen's benzene ring "from" 2-benzoylcyclohexanone and ethyl
 * pyruvate, a pyrrole "from" a pyrrolidine (BENCHMARKS.md).
 */
import type { QueryMol } from './smarts.js';
import type { RetroTemplate } from './template.js';

/** Double bonds (in or on the ring) a five- or six-membered aromatic ring needs. */
const DOUBLE_BONDS_NEEDED: Record<number, number> = { 5: 2, 6: 3 };

/** Dehydrogenations that no single step does alongside its own chemistry. */
const IMPLAUSIBLE_DEFICIT = 2;

/**
 * How many aromatic five- or six-membered rings of the template's product come
 * from a precursor ring (every ring bond already there, no atom aromatic) that
 * lacks two or more of the double bonds the aromatic ring needs.
 */
export function implausibleAromatizations(template: RetroTemplate): number {
  const product = template.lhs;
  let found = 0;
  for (const ring of smallRings(product, (i) => product.atoms[i].aromatic === true)) {
    const precursorRing = ring.map((i) => template.lhsToRhs[i]);
    if (precursorRing.some((i) => i < 0)) continue;
    const doubles = doubleBondsOfRing(template.rhs, precursorRing);
    if (doubles === null) continue;
    if (DOUBLE_BONDS_NEEDED[ring.length] - doubles >= IMPLAUSIBLE_DEFICIT) found++;
  }
  return found;
}

/**
 * Double bonds of a precursor ring, in the ring or from a ring atom outward (a
 * ketone's C=O counts: the phenol is its tautomer); null when the ring is not
 * closed in the precursor (the step builds it) or an atom is already aromatic.
 */
function doubleBondsOfRing(q: QueryMol, ring: number[]): number | null {
  if (ring.some((i) => q.atoms[i].aromatic)) return null;
  const inRing = new Set(ring);
  let doubles = 0;
  for (let k = 0; k < ring.length; k++) {
    if (q.bondBetween(ring[k], ring[(k + 1) % ring.length]) < 0) return null;
  }
  for (const i of ring) {
    for (const b of q.atoms[i].bonds) {
      if (q.bonds[b].order !== 2) continue;
      // A bond inside the ring is seen from both of its atoms.
      doubles += inRing.has(q.other(b, i)) ? 0.5 : 1;
    }
  }
  return doubles;
}

/** Simple cycles of five or six atoms among the atoms `member` accepts, each once. */
function smallRings(q: QueryMol, member: (i: number) => boolean): number[][] {
  const rings: number[][] = [];
  const seen = new Set<string>();
  const extend = (path: number[]): void => {
    const last = path[path.length - 1];
    for (const next of q.neighbors(last)) {
      if (!member(next)) continue;
      if (next === path[0] && path.length >= 5) {
        const key = [...path].sort((a, b) => a - b).join(',');
        if (!seen.has(key)) {
          seen.add(key);
          rings.push([...path]);
        }
      } else if (path.length < 6 && next > path[0] && !path.includes(next)) {
        extend([...path, next]);
      }
    }
  };
  for (let i = 0; i < q.atoms.length; i++) if (member(i)) extend([i]);
  return rings;
}
