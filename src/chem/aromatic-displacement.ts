/**
 * Nucleophilic aromatic substitution of fluoride by an amine. An amine (or a
 * hydrazine, an amide) displaces an aryl fluoride only when the ring is
 * activated: an acceptor (nitro, cyano, carbonyl, sulfonyl, CF3), another
 * halogen, or an electron-poor heteroarene on it. Unlike aryl chlorides and
 * bromides, which palladium or copper couple whatever the ring carries (and
 * the precursors never list the catalyst), aryl fluorides do not undergo
 * those couplings, so an amine on a fluoroarene carrying only alkyl groups
 * and donors is a step that does not happen: 4-fluorobenzyl sulfonamide and
 * hydrazine "giving" sumatriptan's aryl hydrazine. Alkoxides and thiolates
 * are left out, and so are azoles and indoles: in DMSO with a strong base
 * their anions do displace unactivated fluorides (recorded: 2-fluorotoluene
 * giving aryl ethers, an indole N-arylated by 2-fluorobiphenyl).
 */
import {
  benzeneRing,
  moleculeQuery,
  otherSubstituents,
  substituentSigma,
} from './aromatic-substitution.js';
import { ELEMENT } from './elements.js';
import { BondOrder } from './graph.js';
import { findMatches } from './match.js';
import type { PreparedMolecule } from './prepared.js';
import { QueryMol } from './smarts.js';
import type { MatchTarget } from './target.js';

const { C, N, F, Cl: CL, Br: BR, I } = ELEMENT;

/**
 * An acceptor anywhere on the ring (sigma-meta at least this: C=O 0.37, CF3 0.43, CN 0.56,
 * SO2R 0.6, NO2 0.71) is taken to activate it: meta acceptors and weak ones only slow the
 * reaction, and the rule is for steps that cannot happen.
 */
const ACCEPTOR = 0.3;

/**
 * Whether `arene` gives `product` by an unactivated aryl fluoride's fluorine
 * being replaced with a nitrogen from another precursor: the arene embeds in
 * the product with that fluorine's place taken by the nitrogen, on a benzene
 * ring (not a heteroarene, not fused to another aromatic ring) that nothing
 * activates. An intramolecular displacement does not embed (the nucleophile
 * is already the image of the arene's own atom) and is not judged.
 */
export function unactivatedFluorideDisplacement(
  arene: PreparedMolecule,
  product: PreparedMolecule,
): boolean {
  const t = arene.target;
  for (let f = 0; f < t.n; f++) {
    if (t.element[f] !== F || t.degree[f] !== 1) continue;
    const ipso = t.mol.neighbors(f)[0];
    if (!t.aromatic[ipso] || t.element[ipso] !== C) continue;
    const ring = benzeneRing(t, ipso);
    if (!ring || activated(t, ring)) continue;
    if (findMatches(displacedBy(t, f), product.target, { maxMatches: 1 }).length) return true;
  }
  return false;
}

/**
 * The arene as a query with the fluorine `f` matching a neutral, non-aromatic
 * nitrogen (azole and indole anions do displace unactivated fluorides in
 * KOH/DMSO: Diness and Fairlie, 2012), and every other atom keeping its
 * number of neighbours (so the arene's ring does not match another ring of
 * the product that carries more substituents).
 */
function displacedBy(t: MatchTarget, f: number): QueryMol {
  const whole = moleculeQuery(t);
  const q = new QueryMol();
  whole.atoms.forEach((a, i) =>
    q.atoms.push({
      ...a,
      bonds: [...a.bonds],
      ...(i === f
        ? {
            match: (u, j) => u.element[j] === N && u.charge[j] === 0 && !u.aromatic[j],
            elementsAllowed: [N],
          }
        : { match: (u, j) => a.match(u, j) && u.degree[j] === t.degree[i] }),
    }),
  );
  q.bonds.push(...whole.bonds);
  return q;
}

/**
 * Whether the benzene ring (`ring`, the leaving group's carbon first) carries
 * anything that activates it: an acceptor, another halogen, or a
 * heteroarene (an azine or azole, bonded by carbon or nitrogen).
 */
function activated(t: MatchTarget, ring: number[]): boolean {
  const inRing = new Set(ring);
  return otherSubstituents(t, ring).some((x) => {
    const el = t.element[x];
    if (el === F || el === CL || el === BR || el === I) return true;
    if (t.aromatic[x] && heteroaromatic(t, x, inRing)) return true;
    return substituentSigma(t, x).meta >= ACCEPTOR || vinylogousAcceptor(t, x);
  });
}

/** Whether `x` is a carbon double-bonded to a carbon that carries an acceptor (C=C-C=O, C=C-CN). */
function vinylogousAcceptor(t: MatchTarget, x: number): boolean {
  if (t.element[x] !== C || t.aromatic[x]) return false;
  return t.mol
    .neighbors(x)
    .some(
      (y) =>
        t.element[y] === C &&
        t.orderBetween(x, y) === BondOrder.Double &&
        t.mol.neighbors(y).some((z) => z !== x && substituentSigma(t, z).meta >= ACCEPTOR),
    );
}

/** Whether the aromatic system of `x` (outside `ring`) holds an atom other than carbon. */
function heteroaromatic(t: MatchTarget, x: number, ring: Set<number>): boolean {
  const seen = new Set([x]);
  const stack = [x];
  while (stack.length) {
    const a = stack.pop() as number;
    if (t.element[a] !== C) return true;
    for (const y of t.mol.neighbors(a))
      if (t.aromatic[y] && !ring.has(y) && !seen.has(y)) {
        seen.add(y);
        stack.push(y);
      }
  }
  return false;
}
