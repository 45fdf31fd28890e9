/**
 * Tetrahedral and cis/trans bookkeeping with RDChiral's semantics. Atoms are
 * compared through labels: a template atom, a reactant atom and an outcome
 * atom that correspond carry the same label, so parities can be compared
 * across the three graphs.
 */
import { BondDir, Chirality, invertChirality, oppositeDir } from './graph.js';

/** Label used for an implicit hydrogen when a centre has only three neighbours. */
export const H_LABEL = -1;

/** A tetrahedral centre as RDChiral sees it. */
export interface CentreView {
  tag: Chirality;
  /** Labels of the neighbours in the order the tag refers to. */
  neighbors: number[];
}

/**
 * Parity (0/1) of four labels as RDChiral's decision tree computes it; with
 * repeated labels the result depends on the tree, so it is reproduced as is.
 */
export function parity4(d: readonly number[]): number {
  if (d[0] < d[1]) {
    if (d[2] < d[3]) {
      if (d[0] < d[2]) {
        if (d[1] < d[2]) return 0;
        return d[1] < d[3] ? 1 : 0;
      }
      if (d[0] < d[3]) return d[1] < d[3] ? 0 : 1;
      return 0;
    }
    if (d[0] < d[3]) {
      if (d[1] < d[2]) return d[1] < d[3] ? 1 : 0;
      return 1;
    }
    if (d[0] < d[2]) return d[1] < d[2] ? 1 : 0;
    return 1;
  }
  if (d[2] < d[3]) {
    if (d[0] < d[3]) {
      if (d[0] < d[2]) return 1;
      return d[1] < d[2] ? 0 : 1;
    }
    if (d[1] < d[2]) return 1;
    return d[1] < d[3] ? 0 : 1;
  }
  if (d[0] < d[2]) {
    if (d[0] < d[3]) return 0;
    return d[1] < d[3] ? 1 : 0;
  }
  if (d[1] < d[2]) return d[1] < d[3] ? 0 : 1;
  return 0;
}

/** Result of comparing a template centre with a molecule centre. */
export const enum ChiralMatch {
  NoMatch = 0,
  Same = 1,
  Opposite = -1,
  Ambiguous = 2,
}

/**
 * RDChiral's atom_chirality_matches. `tmplCouldBeTetra` tells whether the
 * template atom could have carried a parity; `molCouldBeChiral` whether the
 * molecule atom could be a stereocentre at all.
 */
export function chiralityMatches(
  tmpl: CentreView,
  mol: CentreView,
  tmplCouldBeTetra: boolean,
  molCouldBeChiral: () => boolean,
): ChiralMatch {
  if (mol.tag === Chirality.None) {
    if (tmpl.tag === Chirality.None) return ChiralMatch.Ambiguous;
    if (!molCouldBeChiral()) return ChiralMatch.Ambiguous;
    return ChiralMatch.NoMatch;
  }
  if (tmpl.tag === Chirality.None) {
    return tmplCouldBeTetra ? ChiralMatch.NoMatch : ChiralMatch.Ambiguous;
  }
  const t = tmpl.neighbors.slice();
  const m = mol.neighbors.slice();
  if (t.length < 3 || m.length < 3) return ChiralMatch.Ambiguous;
  if (t.length < 4) t.push(H_LABEL);
  if (m.length < 4) m.push(H_LABEL);
  const onlyInSrc = t.filter((i) => !m.includes(i)).reverse();
  const onlyInMol = m.filter((i) => !t.includes(i));
  if (onlyInSrc.length > 1 || onlyInMol.length > 1) return ChiralMatch.Ambiguous;
  if (onlyInMol.length > onlyInSrc.length) return ChiralMatch.Ambiguous;
  const tParity = parity4(t);
  const mParity = parity4(m.map((i) => (t.includes(i) ? i : (onlyInSrc.pop() as number))));
  const parityMatches = tParity === mParity;
  const tagMatches = tmpl.tag === mol.tag;
  return parityMatches === tagMatches ? ChiralMatch.Same : ChiralMatch.Opposite;
}

/**
 * RDChiral's copy_chirality: the outcome atom takes the source's parity,
 * re-expressed for its own neighbour order. Atoms that can no longer be
 * tetrahedral keep what they had.
 */
export function copyChirality(
  src: CentreView,
  target: CentreView,
  targetDegree: number,
  targetHasOnlySingleBonds: boolean,
): Chirality {
  if (targetDegree < 3) return target.tag;
  if (targetDegree === 3 && !targetHasOnlySingleBonds) return target.tag;
  const copied: CentreView = { tag: src.tag, neighbors: target.neighbors };
  const match = chiralityMatches(src, copied, true, () => true);
  return match === ChiralMatch.Opposite ? invertChirality(src.tag) : src.tag;
}

// ---------------------------------------------------------------- cis/trans

/** Directed single bond keyed by its labels: "begin,end" -> direction. */
export type DirsByLabel = Map<string, BondDir>;

export function dirKey(a: number, b: number): string {
  return `${a},${b}`;
}

export interface LabelledBond {
  begin: number; // label
  end: number; // label
  dir: BondDir;
}

/** RDChiral's bond_dirs_by_mapnum: both orientations of every directed bond. */
export function dirsByLabel(bonds: Iterable<LabelledBond>): DirsByLabel {
  const out: DirsByLabel = new Map();
  for (const b of bonds) {
    if (b.dir === BondDir.None || !b.begin || !b.end) continue;
    out.set(dirKey(b.begin, b.end), b.dir);
    out.set(dirKey(b.end, b.begin), oppositeDir(b.dir));
  }
  return out;
}

/** A double-bond stereo definition: four labels (a1-a2 = a3-a4 around the double bond) and two directions. */
export interface DoubleBondSpec {
  atoms: [number, number, number, number];
  dirs: [BondDir, BondDir];
  implicit: boolean;
}

/** Minimal graph interface the double-bond routines need (template or molecule). */
export interface StereoGraph {
  atomCount: number;
  label(atom: number): number;
  /** Bonds of an atom in order: [bondIdx, otherAtom]. */
  atomBonds(atom: number): [number, number][];
  bondBegin(bond: number): number;
  bondEnd(bond: number): number;
  bondIsDouble(bond: number): boolean;
  bondDir(bond: number): BondDir;
  bondCount: number;
}

/**
 * Direction of the first directed bond at `atom` (label `label`) read from
 * the side `side` of the double bond: bonds written the other way round, or
 * leading to the neighbour with the highest label, flip it. Null when no
 * bond at the atom is directed.
 */
function directionSeenFrom(
  g: StereoGraph,
  atom: number,
  label: number,
  highestNeighbour: number,
  side: 'begin' | 'end',
): BondDir | null {
  for (const [bond] of g.atomBonds(atom)) {
    const dir = g.bondDir(bond);
    if (dir === BondDir.None) continue;
    const atBegin = g.label(g.bondBegin(bond)) === label;
    const other = g.label(atBegin ? g.bondEnd(bond) : g.bondBegin(bond));
    const onSide = side === 'begin' ? atBegin : !atBegin;
    return (other !== highestNeighbour) === onSide ? dir : oppositeDir(dir);
  }
  return null;
}

/**
 * RDChiral's enumerate_possible_cistrans_defs over the reactant template:
 * every (label quadruple -> directions) way a matched double bond could be
 * written, plus the pairs of core atoms whose stereo the template could state.
 */
export function enumerateCistransDefs(g: StereoGraph): {
  required: Map<string, [BondDir, BondDir]>;
  coreAtoms: Set<string>;
} {
  const required = new Map<string, [BondDir, BondDir]>();
  const coreAtoms = new Set<string>();
  const opp = oppositeDir;
  for (let b = 0; b < g.bondCount; b++) {
    if (!g.bondIsDouble(b)) continue;
    const ba = g.bondBegin(b);
    const bb = g.bondEnd(b);
    if (g.atomBonds(ba).length === 1 || g.atomBonds(bb).length === 1) continue;
    const baLabel = g.label(ba);
    const bbLabel = g.label(bb);
    coreAtoms.add(dirKey(baLabel, bbLabel));
    coreAtoms.add(dirKey(bbLabel, baLabel));
    const baNbrs = g.atomBonds(ba).map(([, o]) => g.label(o));
    baNbrs.splice(baNbrs.indexOf(bbLabel), 1);
    const baMax = Math.max(...baNbrs);
    const bbNbrs = g.atomBonds(bb).map(([, o]) => g.label(o));
    bbNbrs.splice(bbNbrs.indexOf(baLabel), 1);
    const bbMax = Math.max(...bbNbrs);

    const front = directionSeenFrom(g, ba, baLabel, baMax, 'begin');
    const back = front === null ? null : directionSeenFrom(g, bb, bbLabel, bbMax, 'end');
    const put = (k: number[], v: [BondDir, BondDir]) => required.set(k.join(','), v);
    if (front === null || back === null) {
      const none: [BondDir, BondDir] = [BondDir.None, BondDir.None];
      for (const s of baNbrs) {
        for (const e of bbNbrs) {
          put([s, baLabel, bbLabel, e], none);
          put([baLabel, s, bbLabel, e], none);
          put([s, baLabel, e, bbLabel], none);
          put([baLabel, s, e, bbLabel], none);
          put([bbLabel, e, s, baLabel], none);
          put([e, bbLabel, s, baLabel], none);
          put([bbLabel, e, baLabel, s], none);
          put([e, bbLabel, baLabel, s], none);
        }
      }
      continue;
    }
    for (const s of baNbrs) {
      for (const e of bbNbrs) {
        const needsInversion = (s !== baMax) !== (e !== bbMax);
        for (const sDir of [BondDir.Up, BondDir.Down]) {
          const eDir = (front !== back) !== needsInversion ? opp(sDir) : sDir;
          put([s, baLabel, bbLabel, e], [sDir, eDir]);
          put([baLabel, s, bbLabel, e], [opp(sDir), eDir]);
          put([s, baLabel, e, bbLabel], [sDir, opp(eDir)]);
          put([baLabel, s, e, bbLabel], [opp(sDir), opp(eDir)]);
          put([bbLabel, e, s, baLabel], [eDir, sDir]);
          put([bbLabel, e, baLabel, s], [eDir, opp(sDir)]);
          put([e, bbLabel, s, baLabel], [opp(eDir), sDir]);
          put([e, bbLabel, baLabel, s], [opp(eDir), opp(sDir)]);
        }
      }
    }
  }
  return { required, coreAtoms };
}

/**
 * RDChiral's get_atoms_across_double_bonds for a molecule: one definition per
 * double bond, with implicit cis/trans for double bonds in rings.
 */
export function atomsAcrossDoubleBonds(
  g: StereoGraph,
  bondInRing: (b: number) => boolean,
  rings: () => number[][],
): DoubleBondSpec[] {
  const out: DoubleBondSpec[] = [];
  for (let b = 0; b < g.bondCount; b++) {
    if (!g.bondIsDouble(b)) continue;
    const ba = g.bondBegin(b);
    const bb = g.bondEnd(b);
    if (g.atomBonds(ba).length === 1 || g.atomBonds(bb).length === 1) continue;
    const baLabel = g.label(ba);
    const bbLabel = g.label(bb);
    let front: [number, number] | null = null;
    let frontDir: BondDir | null = null;
    let back: [number, number] | null = null;
    let backDir: BondDir | null = null;
    let lastA = -1;
    let lastB = -1;
    for (const [bab] of g.atomBonds(ba)) {
      if (g.bondIsDouble(bab)) continue;
      lastA = bab;
      if (g.bondDir(bab) !== BondDir.None) {
        front = [g.label(g.bondBegin(bab)), g.label(g.bondEnd(bab))];
        frontDir = g.bondDir(bab);
        break;
      }
    }
    for (const [bbb] of g.atomBonds(bb)) {
      if (g.bondIsDouble(bbb)) continue;
      lastB = bbb;
      if (g.bondDir(bbb) !== BondDir.None) {
        back = [g.label(g.bondBegin(bbb)), g.label(g.bondEnd(bbb))];
        backDir = g.bondDir(bbb);
        break;
      }
    }
    if (lastA < 0 || lastB < 0) continue;
    let implicit = false;
    if (frontDir === null || backDir === null) {
      if (bondInRing(b)) {
        const otherA = g.bondBegin(lastA) === ba ? g.bondEnd(lastA) : g.bondBegin(lastA);
        const otherB = g.bondBegin(lastB) === bb ? g.bondEnd(lastB) : g.bondBegin(lastB);
        for (const ring of rings()) {
          if (!ring.includes(ba) || !ring.includes(bb)) continue;
          front = [g.label(otherA), baLabel];
          back = [bbLabel, g.label(otherB)];
          if (ring.includes(otherA) !== ring.includes(otherB)) {
            frontDir = BondDir.Up;
            backDir = BondDir.Up;
          } else {
            frontDir = BondDir.Up;
            backDir = BondDir.Down;
          }
          implicit = true;
          break;
        }
      } else {
        front = [g.label(g.bondBegin(lastA)), g.label(g.bondEnd(lastA))];
        frontDir = BondDir.None;
        back = [g.label(g.bondBegin(lastB)), g.label(g.bondEnd(lastB))];
        backDir = BondDir.None;
      }
    }
    if (!front || !back || frontDir === null || backDir === null) continue;
    out.push({
      atoms: [front[0], front[1], back[0], back[1]],
      dirs: [frontDir, backDir],
      implicit,
    });
  }
  return out;
}
