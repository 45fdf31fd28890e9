/**
 * Aryl substituents replaced by hydrogen in one step where no reagent does it.
 *
 * - A phenol is deoxygenated only through an ester or ether that activates its
 *   C-O bond (a triflate reduced with palladium and formate, a tetrazolyl ether
 *   hydrogenolysed): two steps, and the last one's precursor is that ester.
 * - An aryl fluoride's C-F bond is the strongest single bond to carbon:
 *   hydrogenolysis that removes aryl chlorides, bromides and iodides leaves
 *   it, and only rings that a strong acceptor (nitro, cyano, sulfonyl) or
 *   more fluorines activate lose a fluoride to a hydride.
 * - Several substituents that are not all chlorides, bromides or iodides (a
 *   chloride and an amine, two hydroxyls) are not removed in one step: each
 *   needs its own reagent, or an activating step first. Templates of
 *   mis-mapped records "make" 2-methoxybenzamide from cisapride by stripping
 *   its chlorine, its amino group and its amide's piperidine at once.
 *
 * Such templates match wherever the product has an aromatic CH, so they also
 * "made" triamterene from its 4-fluorophenyl analogue and benzocaine from a
 * hydroxy benzocaine. One chloride, bromide or iodide or several
 * (hydrogenolysis) and one amine (diazotization and hypophosphorous acid, one
 * pot) are real steps and pass.
 */
import {
  benzeneRing,
  moleculeQuery,
  otherSubstituents,
  substituentSigma,
} from './aromatic-substitution.js';
import { ELEMENT } from './elements.js';
import { findMatches } from './match.js';
import type { PreparedMolecule } from './prepared.js';
import type { MatchTarget } from './target.js';

const { C, O, F, Cl: CL, Br: BR, I } = ELEMENT;

/**
 * What a one-step aryl reduction would remove: a phenol's OH, an unactivated
 * aryl fluoride's F, or several substituents not all Cl/Br/I.
 */
export type ArylReduction = 'phenol' | 'fluoride' | 'several';

/**
 * Whether `product` is `precursor` with aromatic substituents replaced by
 * hydrogen in a way no reagent does (the product embeds in the precursor,
 * whose extra heteroatoms sit on the product's aromatic CHs), and which. Every
 * embedding must agree, so an ambiguous one is not judged.
 */
export function implausibleArylReduction(
  precursor: PreparedMolecule,
  product: PreparedMolecule,
): ArylReduction | null {
  const t = precursor.target;
  const p = product.target;
  if (t.n <= p.n) return null;
  let verdict: ArylReduction | null = null;
  for (const m of findMatches(moleculeQuery(p), t, { maxMatches: 24 })) {
    const found = reductionIn(m, p, t);
    if (!found) return null;
    verdict ??= found;
  }
  return verdict;
}

/** The implausible reduction an embedding `m` of product `p` in precursor `t` shows, if any. */
function reductionIn(m: number[], p: MatchTarget, t: MatchTarget): ArylReduction | null {
  const image = new Set(m);
  // Precursor heteroatoms bonded to what becomes an aromatic CH of the product.
  const removed: number[] = [];
  for (let q = 0; q < p.n; q++) {
    if (!p.aromatic[q] || p.element[q] !== C || p.totalH[q] < 1) continue;
    for (const x of t.mol.neighbors(m[q])) if (!image.has(x) && t.element[x] !== C) removed.push(x);
  }
  if (removed.length >= 2) return removed.every((x) => heavyHalogen(t, x)) ? null : 'several';
  // One substituent: judged only when nothing else changes.
  if (removed.length !== 1 || t.n !== p.n + 1) return null;
  const x = removed[0];
  if (t.element[x] === O && t.totalH[x] === 1) return 'phenol';
  if (t.element[x] !== F) return null;
  const ring = benzeneRing(t, t.mol.neighbors(x)[0]);
  return ring && !hydrideActivated(t, ring) ? 'fluoride' : null;
}

function heavyHalogen(t: MatchTarget, x: number): boolean {
  const el = t.element[x];
  return el === CL || el === BR || el === I;
}

/** Sigma-meta of the acceptors that let a hydride displace a fluoride (CN 0.56, SO2R 0.6, NO2 0.71). */
const STRONG_ACCEPTOR = 0.5;

/**
 * Whether the benzene ring (`ring`, the fluorine's carbon first) is one a
 * hydride attacks: a strong acceptor on it, or two more fluorines (the
 * polyfluoroarenes that sodium borohydride defluorinates).
 */
function hydrideActivated(t: MatchTarget, ring: number[]): boolean {
  const substituents = otherSubstituents(t, ring);
  if (substituents.some((x) => substituentSigma(t, x).meta >= STRONG_ACCEPTOR)) return true;
  return substituents.filter((x) => t.element[x] === F).length >= 2;
}
