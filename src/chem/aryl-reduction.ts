/**
 * Aryl substituents replaced by hydrogen in one step where no such reaction
 * exists. A phenol is deoxygenated only through an ester or ether that
 * activates its C-O bond (a triflate reduced with palladium and formate, a
 * tetrazolyl ether hydrogenolysed): two steps, and the precursor of the last
 * one is that ester, not the phenol. An aryl fluoride's C-F bond is the
 * strongest single bond to carbon; hydrogenolysis that removes aryl
 * chlorides, bromides and iodides leaves it, and only rings a strong acceptor
 * (nitro, cyano, sulfonyl) or more fluorines activate lose a fluoride to a
 * hydride. Templates that reduce a
 * substituent off match wherever the product has an aromatic CH, so they
 * "make" triamterene from its 4-fluorophenyl analogue and benzocaine from a
 * hydroxy benzocaine. Chlorides, bromides and iodides (hydrogenolysis) and
 * amines (diazotization and hypophosphorous acid, one pot) are real steps
 * and pass.
 */
import { benzeneRing, substituentSigma, substitutionSite } from './aromatic-substitution.js';
import { ELEMENT } from './elements.js';
import type { PreparedMolecule } from './prepared.js';
import type { MatchTarget } from './target.js';

const { O, F } = ELEMENT;

/** What a one-step aryl reduction would remove: a phenol's OH, an unactivated aryl fluoride's F. */
export type ArylReduction = 'phenol' | 'fluoride';

/**
 * Whether `precursor` is `product` with one aromatic CH carrying an OH or an
 * unactivated benzene fluoride instead (the precursor embeds in the product
 * but for that one atom), and which.
 */
export function implausibleArylReduction(
  precursor: PreparedMolecule,
  product: PreparedMolecule,
): ArylReduction | null {
  const t = precursor.target;
  if (t.n !== product.target.n + 1) return null;
  const found = substitutionSite(product, precursor);
  if (!found) return null;
  const x = found.newNeighbour;
  if (t.element[x] === O && t.totalH[x] === 1) return 'phenol';
  if (t.element[x] !== F) return null;
  const ring = benzeneRing(t, t.mol.neighbors(x)[0]);
  return ring && !hydrideActivated(t, ring) ? 'fluoride' : null;
}

/** Sigma-meta of the acceptors that let a hydride displace a fluoride (CN 0.56, SO2R 0.6, NO2 0.71). */
const STRONG_ACCEPTOR = 0.5;

/**
 * Whether the benzene ring (`ring`, the fluorine's carbon first) is one a
 * hydride attacks: a strong acceptor on it, or two more fluorines (the
 * polyfluoroarenes that sodium borohydride defluorinates).
 */
function hydrideActivated(t: MatchTarget, ring: number[]): boolean {
  const inRing = new Set(ring);
  let fluorines = 0;
  for (let i = 1; i < 6; i++)
    for (const x of t.mol.neighbors(ring[i])) {
      if (inRing.has(x)) continue;
      if (t.element[x] === F) fluorines++;
      else if (substituentSigma(t, x).meta >= STRONG_ACCEPTOR) return true;
    }
  return fluorines >= 2;
}
