/**
 * Precursors that give a product a single atom (a carbon or a fluorine), read
 * from a specific (RDChiral-default) retro template. Such a template holds every neighbour of
 * the atoms a reaction changes and every atom that leaves, so a precursor
 * fragment with one mapped atom gives the product that atom alone, and its
 * unmapped neighbours are the bonds the reaction breaks in it.
 *
 * Methylating and one-carbon reagents break a bond to a leaving group (MeI,
 * dimethyl sulfate, methanol), to a metal (MeMgBr, trimethylboroxine), or are
 * formaldehyde, orthoformate or diazo equivalents. A carbon torn from another
 * carbon, from an aryl ether's oxygen or from an amine's nitrogen is none of
 * these: it is how a mis-mapped patent record reads when the methyl of a
 * product was assigned to the solvent or a reagent (propionic acid, diethyl
 * ether, the acetate of sodium triacetoxyborohydride, n-butyllithium, DMF's
 * N-methyl, an anisole). Of the 39,292 curated USPTO-50k `train` templates none
 * has such a donor; of the corpus library's specific templates, taken from
 * automatically mapped USPTO records, a few thousand reactions' worth do.
 */
import { ELEMENT } from './elements.js';
import { connectedComponents } from './graph.js';
import type { RetroTemplate } from './template.js';

const { C: CARBON, N: NITROGEN, O: OXYGEN, F: FLUORINE } = ELEMENT;

/**
 * The bond a lone donated atom is torn from: a carbon's (above), or a
 * fluorine's from carbon. Fluorinating agents give fluorine from nitrogen
 * (Selectfluor, NFSI), sulfur (DAST, perfluorobutanesulfonyl fluoride), as
 * fluoride, or from a carbon that nitrogen makes a leaving group of
 * (Ishikawa's and Yarovenko's reagents, TFFH, cyanuric fluoride). A fluorine
 * "from" trifluoroacetic acid, a triflate or an aryl fluoride is a mis-mapped
 * record's (a pteridine fluorinated by TFA).
 */
export type LoneAtomDonation = 'carbon-carbon' | 'aryl ether' | 'amine' | 'carbon-fluorine';

/** Each precursor fragment of `template` that gives the product one atom by an implausible bond. */
export function implausibleLoneAtomDonations(template: RetroTemplate): LoneAtomDonation[] {
  const q = template.rhs;
  const found: LoneAtomDonation[] = [];
  for (const fragment of connectedComponents(q.atoms.length, (a) => q.neighbors(a))) {
    const mapped = fragment.filter((i) => template.rhsToLhs[i] >= 0);
    if (mapped.length !== 1) continue;
    const donation = tornFrom(template, mapped[0]);
    if (donation) found.push(donation);
  }
  return found;
}

/** What the lone atom `x` (every neighbour unmapped: they stay behind) is torn from, if implausible. */
function tornFrom(template: RetroTemplate, x: number): LoneAtomDonation | null {
  const q = template.rhs;
  switch (q.atoms[x].element) {
    case CARBON:
      return carbonTornFrom(template, x);
    case FLUORINE:
      return q.neighbors(x).some((n) => fluorineHeldBy(q, n)) ? 'carbon-fluorine' : null;
    default:
      return null;
  }
}

/** Whether `c` is a carbon holding its fluorine: no nitrogen neighbour to make fluoride leave. */
function fluorineHeldBy(q: RetroTemplate['rhs'], c: number): boolean {
  return (
    q.atoms[c].element === CARBON && !q.neighbors(c).some((n) => q.atoms[n].element === NITROGEN)
  );
}

/** What the lone carbon `x` is torn from, if implausible. */
function carbonTornFrom(template: RetroTemplate, x: number): LoneAtomDonation | null {
  const q = template.rhs;
  const neighbours = q.neighbors(x);
  const element = (i: number) => q.atoms[i].element;
  // A diazo carbon (Ohira-Bestmann reagent) leaves its acyl group behind by design.
  if (neighbours.some((n) => element(n) === NITROGEN && q.atoms[n].charge)) return null;
  // Decarboxylation (a Minisci alkylation from the acid) breaks a C-C bond to a carboxyl.
  const carboxyl = (c: number) => q.neighbors(c).filter((n) => element(n) === OXYGEN).length >= 2;
  if (neighbours.some((n) => element(n) === CARBON && !carboxyl(n))) return 'carbon-carbon';
  const saturated = !q.atoms[x].aromatic && q.atoms[x].bonds.every((b) => q.bonds[b].order < 2);
  const hetero = neighbours.filter((n) => element(n) !== CARBON && element(n) !== 1);
  // Formaldehyde equivalents (aminals, acetals, orthoformates) carry two or more heteroatoms.
  if (!saturated || hetero.length !== 1) return null;
  const y = hetero[0];
  const others = q.neighbors(y).filter((n) => n !== x);
  if (element(y) === OXYGEN && others.some((n) => q.atoms[n].aromatic)) return 'aryl ether';
  const multiple = q.atoms[y].bonds.some((b) => q.bonds[b].order >= 2);
  if (element(y) === NITROGEN && !q.atoms[y].charge && !multiple) return 'amine';
  return null;
}
