/**
 * Where an electrophilic aromatic substitution goes on a benzene ring: the
 * site a step substitutes (by embedding the arene precursor in the product)
 * and how activated each free position of the ring is by the substituents it
 * already carries (Hammett sigma constants, added up: donors activate their
 * ortho and para positions most, acceptors deactivate them most; ortho
 * positions are a little hindered, a position between two substituents more).
 */
import { BondDir, BondOrder, Chirality } from './graph.js';
import { findMatches } from './match.js';
import type { PreparedMolecule } from './prepared.js';
import { ELEMENT } from './elements.js';
import { QueryMol } from './smarts.js';
import type { MatchTarget } from './target.js';

const { C, N, O, F, S, Cl: CL, Br: BR, I } = ELEMENT;

/** The arene atom a step substitutes (an arene atom) and the atom it gains (a product atom). */
export interface SubstitutionSite {
  /** The arene's aromatic CH that is substituted. */
  site: number;
  /** The product's atom newly bonded to the site (from the partner). */
  newNeighbour: number;
}

/**
 * The one aromatic CH of `arene` that the step substitutes: `arene` embeds
 * in `product` with every atom keeping its neighbours except that CH, which
 * gains one from outside the embedding. Null when the arene does not embed,
 * more than one atom changes, or embeddings disagree on the site (beyond
 * symmetry-equivalent ones).
 */
export function substitutionSite(
  arene: PreparedMolecule,
  product: PreparedMolecule,
): SubstitutionSite | null {
  const a = arene.target;
  const p = product.target;
  if (a.n >= p.n) return null;
  let found: SubstitutionSite | null = null;
  for (const m of findMatches(moleculeQuery(a), p, { maxMatches: 24 })) {
    const gained = m.flatMap((t, q) => (p.degree[t] > a.degree[q] ? [q] : []));
    if (gained.length !== 1) continue;
    const site = gained[0];
    if (a.element[site] !== C || !a.aromatic[site] || a.totalH[site] < 1) continue;
    if (p.degree[m[site]] !== a.degree[site] + 1) continue;
    const image = new Set(m);
    const outside = p.mol.neighbors(m[site]).filter((x) => !image.has(x));
    if (outside.length !== 1) continue;
    if (found && arene.symmetryClass(found.site) !== arene.symmetryClass(site)) return null;
    found ??= { site, newNeighbour: outside[0] };
  }
  return found;
}

/** Activation of the position a substitution step uses and of the best other free one. */
export interface SubstitutionActivation {
  site: number;
  bestOther: number;
  /**
   * The ring carries one substituent, a plain ortho/para director (alkyl,
   * halogen, ether, amide), and the step substitutes meta to it: the textbook
   * minor product, whatever the margin.
   */
  metaToLoneDirector: boolean;
}

/**
 * How activated the benzene position that `arene` is substituted at in `product`
 * is, against the ring's best other free position (positionActivation). Null
 * unless the step is an electrophilic aromatic substitution: one benzene CH
 * substituted (substitutionSite) by a carbon, sulfur, Cl/Br/I or nitro electrophile.
 */
export function substitutionActivation(
  arene: PreparedMolecule,
  product: PreparedMolecule,
): SubstitutionActivation | null {
  const found = substitutionSite(arene, product);
  if (!found || !electrophilic(product.target, found.newNeighbour)) return null;
  const ring = benzeneRing(arene.target, found.site);
  if (!ring) return null;
  const activation = positionActivation(arene.target, ring);
  return {
    site: activation[0],
    bestOther: Math.max(...activation.slice(1)),
    metaToLoneDirector: metaToLoneDirector(arene.target, ring),
  };
}

/** `ring[0]` is meta to the ring's only substituent, a plain ortho/para director. */
function metaToLoneDirector(t: MatchTarget, ring: number[]): boolean {
  const substituted = ring.filter((r, i) => i > 0 && t.mol.degree(r) > 2);
  if (substituted.length !== 1) return false;
  const at = ring.indexOf(substituted[0]);
  if (at !== 2 && at !== 4) return false;
  const [x] = otherSubstituents(t, ring);
  return plainOrthoParaDirector(t, x, substituted[0]);
}

/**
 * Substituents that direct ortho/para under any electrophilic conditions: a
 * halogen, an ether or ester oxygen or a phenol, an amide nitrogen, an alkyl
 * carbon bearing no heteroatom, a phenyl. Left out are the ones that turn
 * into meta directors in strong acid or carry electron-poor groups: basic
 * amines (anilinium), a benzylic carbon bearing N, O or a halogen
 * (phenylglycine and alpha-chloro acids nitrate meta), heteroaryls.
 */
function plainOrthoParaDirector(t: MatchTarget, x: number, ringAtom: number): boolean {
  const el = t.element[x];
  if (t.charge[x] !== 0) return false;
  if (el === F || el === CL || el === BR || el === I || el === O) return true;
  const others = t.mol.neighbors(x).filter((y) => y !== ringAtom);
  if (el === N) return !t.aromatic[x] && others.some((y) => hasDoubleBondToHetero(t, y));
  if (el !== C || others.some((y) => t.element[y] !== C)) return false;
  if (t.aromatic[x]) return true;
  return others.every((y) => t.orderBetween(x, y) === BondOrder.Single);
}

/** Aromatic carbons bearing hydrogen: the positions a substitution can take. */
export function aromaticCHCount(mol: PreparedMolecule): number {
  const t = mol.target;
  let n = 0;
  for (let i = 0; i < t.n; i++) if (t.aromatic[i] && t.element[i] === C && t.totalH[i] > 0) n++;
  return n;
}

/** Electrophiles of aromatic substitution: carbon, sulfur, Cl/Br/I, a nitro nitrogen. */
function electrophilic(t: MatchTarget, atom: number): boolean {
  const el = t.element[atom];
  if (el === C || el === S || el === CL || el === BR || el === I) return true;
  return (
    el === N &&
    t.charge[atom] > 0 &&
    t.degree[atom] === 3 &&
    t.mol.neighbors(atom).some((x) => t.element[x] === O)
  );
}

/**
 * The benzene ring of `atom` in ring order starting at it (six aromatic
 * carbons, none shared with another aromatic ring), or null.
 */
export function benzeneRing(t: MatchTarget, atom: number): number[] | null {
  const ring = [atom];
  let prev = -1;
  let cur = atom;
  for (let step = 0; step < 6; step++) {
    const next = aromaticNeighbours(t, cur);
    if (next.length !== 2 || t.element[cur] !== C) return null;
    const onward = next[0] === prev ? next[1] : next[0];
    if (onward === atom) return step === 5 ? ring : null;
    prev = cur;
    cur = onward;
    ring.push(cur);
  }
  return null;
}

/** A substituent's Hammett constants: at the meta position and (sigma+) at ortho and para. */
export interface SubstituentSigma {
  meta: number;
  para: number;
}

/**
 * The substituents on a benzene ring's atoms other than its first (`ring` as
 * benzeneRing gives it, starting at the atom a step changes): what activates
 * or deactivates that atom.
 */
export function otherSubstituents(t: MatchTarget, ring: number[]): number[] {
  const inRing = new Set(ring);
  return ring.slice(1).flatMap((r) => t.mol.neighbors(r).filter((x) => !inRing.has(x)));
}

/**
 * How strongly electrophiles are drawn to each position of a benzene ring
 * (`ring` in ring order), higher first, as minus the sum of the ring's
 * substituents' sigma constants seen from that position (sigma+ at ortho and
 * para, sigma-meta at meta: additivity, as in Hammett-Brown treatments of
 * partial rate factors), less 0.1 per ortho neighbour and 0.3 more for a
 * position between two substituents (hindrance). Positions carrying a
 * substituent get -Infinity.
 */
export function positionActivation(t: MatchTarget, ring: number[]): number[] {
  const inRing = new Set(ring);
  const sigmas = ring.map((r) => {
    const subs = t.mol.neighbors(r).filter((x) => !inRing.has(x));
    if (!subs.length) return null;
    return subs
      .map((x) => substituentSigma(t, x))
      .reduce((a, b) => ({ meta: a.meta + b.meta, para: a.para + b.para }));
  });
  return ring.map((_, i) => {
    if (sigmas[i] !== null) return -Infinity;
    let score = 0;
    let flanks = 0;
    for (let j = 0; j < 6; j++) {
      const sigma = sigmas[j];
      if (sigma === null) continue;
      const distance = Math.min((i - j + 6) % 6, (j - i + 6) % 6);
      score -= distance === 2 ? sigma.meta : sigma.para;
      if (distance === 1) flanks++;
    }
    return score - 0.1 * flanks - (flanks === 2 ? 0.3 : 0);
  });
}

/**
 * Hammett constants of the substituent whose first atom is `x` (textbook
 * values of a representative member: NH2 for amines, OMe for ethers, NHAc for
 * amides, a methyl for alkyls, CO2Me for carbonyls, ...).
 */
export function substituentSigma(t: MatchTarget, x: number): SubstituentSigma {
  const el = t.element[x];
  const sigma = (meta: number, para: number) => ({ meta, para });
  const multiple = (order: BondOrder, to?: Set<number>) =>
    t.mol.neighbors(x).some((y) => t.orderBetween(x, y) === order && (!to || to.has(t.element[y])));
  const acyl = () => t.mol.neighbors(x).find((y) => hasDoubleBondToHetero(t, y));
  switch (el) {
    case F:
      return sigma(0.34, -0.07);
    case CL:
      return sigma(0.37, 0.11);
    case BR:
      return sigma(0.39, 0.15);
    case I:
      return sigma(0.35, 0.14);
    case N:
      if (t.charge[x] > 0) return sigma(0.71, 0.79);
      if (t.aromatic[x]) return sigma(0.2, -0.3);
      if (multiple(BondOrder.Double)) return sigma(0.3, 0.1);
      return acyl() !== undefined ? sigma(0.21, -0.6) : sigma(-0.16, -1.3);
    case O: {
      if (t.charge[x] < 0) return sigma(-0.47, -2.3);
      if (t.totalH[x] > 0) return sigma(0.12, -0.92);
      const y = acyl();
      if (y === undefined) return sigma(0.12, -0.78);
      return t.element[y] === S ? sigma(0.36, 0.33) : sigma(0.39, -0.2);
    }
    case S:
      return multiple(BondOrder.Double, new Set([O])) ? sigma(0.6, 0.72) : sigma(0.15, -0.6);
    case C:
      if (t.aromatic[x]) return sigma(0.06, -0.18);
      if (multiple(BondOrder.Triple)) return sigma(0.56, 0.66);
      if (multiple(BondOrder.Double, new Set([O, N, S]))) return sigma(0.37, 0.5);
      if (t.mol.neighbors(x).filter((y) => t.element[y] === F).length >= 2)
        return sigma(0.43, 0.61);
      return multiple(BondOrder.Double) ? sigma(0.06, -0.16) : sigma(-0.07, -0.31);
    default:
      return sigma(0, 0);
  }
}

function hasDoubleBondToHetero(t: MatchTarget, y: number): boolean {
  return t.mol
    .neighbors(y)
    .some(
      (z) =>
        t.orderBetween(y, z) === BondOrder.Double && (t.element[z] === O || t.element[z] === S),
    );
}

function aromaticNeighbours(t: MatchTarget, i: number): number[] {
  return t.mol.neighbors(i).filter((y) => t.orderBetween(i, y) === BondOrder.Aromatic);
}

const queries = new WeakMap<MatchTarget, QueryMol>();

/** A molecule as a query matching the same elements, aromaticity, charges and bond orders. */
export function moleculeQuery(t: MatchTarget): QueryMol {
  let q = queries.get(t);
  if (q) return q;
  q = new QueryMol();
  for (let i = 0; i < t.n; i++) {
    const el = t.element[i];
    const aromatic = t.aromatic[i];
    const charge = t.charge[i];
    q.atoms.push({
      match: (u, j) => u.element[j] === el && u.aromatic[j] === aromatic && u.charge[j] === charge,
      text: '',
      mapNum: 0,
      chirality: Chirality.None,
      bonds: [],
      elementsAllowed: [el],
    });
  }
  t.mol.bonds.forEach((b, bi) => {
    const order = t.bondOrder[bi];
    q.bonds.push({
      begin: b.begin,
      end: b.end,
      match: (u, ub) => u.bondOrder[ub] === order,
      order: order as BondOrder,
      any: false,
      dir: BondDir.None,
    });
    q.atoms[b.begin].bonds.push(bi);
    q.atoms[b.end].bonds.push(bi);
  });
  queries.set(t, q);
  return q;
}
