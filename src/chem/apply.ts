/**
 * Applying a retro template to a molecule with RDChiral's semantics:
 * match the product pattern, build the precursor graph as RDKit's reaction
 * runner would (template atoms, carried-over atoms, unchanged bonds), then
 * correct tetrahedral and cis/trans stereo as RDChiral does, and canonicalize.
 */
import { canonicalSet, canonicalSmiles, countTetrahedralCentres } from './canonical.js';
import { writeCanonicalFragments } from './canon-order.js';
import {
  Atom,
  BondDir,
  BondOrder,
  Chirality,
  invertChirality,
  Mol,
  oppositeDir,
  permutationParity,
} from './graph.js';
import { findMatches } from './match.js';
import { PreparedMolecule } from './prepared.js';
import { combineEnantiomers } from './racemic.js';
import { nonBridgeBonds } from './rings.js';
import { writeSmiles } from './smiles-writer.js';
import {
  CentreView,
  ChiralMatch,
  chiralityMatches,
  copyChirality,
  dirKey,
  DirsByLabel,
  H_LABEL,
} from './stereo.js';
import { RetroTemplate } from './template.js';

export interface ApplyOptions {
  /** Keep the input's atom map numbers on the outcome (new atoms get 900, 901, ...). */
  keepMapping?: boolean;
  /** Merge outcomes that differ only by one inverted centre into the racemate (RDChiral default). */
  combineEnantiomers?: boolean;
  maxMatches?: number;
}

/** Cheap pre-filter: can this template possibly match this molecule? */
export function mayApply(tpl: RetroTemplate, mol: PreparedMolecule): boolean {
  if (tpl.lhs.atoms.length > mol.mol.atoms.length) return false;
  if (tpl.requiredAromatic > mol.aromaticCount) return false;
  for (const [element, count] of tpl.requiredElements) {
    if ((mol.elementCounts.get(element) ?? 0) < count) return false;
  }
  return true;
}

/**
 * Applies a retro template; returns the distinct outcomes as canonical SMILES,
 * each a '.'-joined, sorted set of precursors.
 */
export function applyTemplate(
  tpl: RetroTemplate,
  mol: PreparedMolecule,
  options: ApplyOptions = {},
): string[] {
  if (!mayApply(tpl, mol)) return [];
  const matches = findMatches(tpl.lhs, mol.target, { maxMatches: options.maxMatches ?? 1000 });
  if (matches.length === 0) return [];
  const outcomes = new Set<string>();
  const seenWritten = new Set<string>();
  const seenMatches = stereoFree(tpl, mol) ? new Set<string>() : null;
  for (const match of matches) {
    if (seenMatches) {
      // Without stereo, matches whose atoms are symmetry-equivalent give the same outcome.
      const key = match.map((a) => mol.symmetryClass(a)).join(',');
      if (seenMatches.has(key)) continue;
      seenMatches.add(key);
    }
    const smiles = runMatch(tpl, mol, match, options.keepMapping ?? false, seenWritten);
    if (smiles) outcomes.add(smiles);
  }
  const result = options.combineEnantiomers === false ? outcomes : combineEnantiomers(outcomes);
  return [...result].sort();
}

function stereoFree(tpl: RetroTemplate, mol: PreparedMolecule): boolean {
  return (
    !tpl.hasTetraStereo &&
    !tpl.hasDoubleBondStereo &&
    !mol.hasTetraStereo &&
    !mol.hasDoubleBondStereo
  );
}

const enum Origin {
  Mapped,
  Spectator,
  New,
}

/** The precursor graph of one match, with where each atom came from. */
interface Outcome {
  mol: Mol;
  origin: Origin[];
  /** Reactant atom (mapped and carried-over atoms) or -1. */
  reactantAtom: number[];
  /** RHS template atom (mapped and new atoms) or -1. */
  rhsAtom: number[];
  label: number[];
  /** Map from reactant atom to outcome atom. */
  fromReactant: Int32Array;
  /** Map from RHS atom to outcome atom. */
  fromRhs: Int32Array;
}

function runMatch(
  tpl: RetroTemplate,
  input: PreparedMolecule,
  match: number[],
  keepMapping: boolean,
  seenWritten: Set<string>,
): string | null {
  if (!stereoConsistent(tpl, input, match)) return null;
  const out = buildOutcome(tpl, input, match);
  let tetraCopied: number[] = [];
  if (input.hasTetraStereo || tpl.hasTetraStereo)
    tetraCopied = fixTetrahedral(tpl, input, match, out);
  if (input.hasDoubleBondStereo || tpl.hasDoubleBondStereo) fixDoubleBonds(tpl, input, out);
  if (keepMapping) out.mol.atoms.forEach((a, i) => (a.mapNum = out.label[i]));
  const fragments = writeCanonicalFragments(out.mol, keepMapping);
  const written = fragments.join('.');
  if (seenWritten.has(written)) return null;
  seenWritten.add(written);
  const canonical = canonicalSet(fragments);
  if (!canonical) return null;
  if (tetraCopied.length && centresLost(out.mol, written, canonical, tetraCopied, keepMapping)) {
    return null;
  }
  return canonical;
}

// ---------------------------------------------------------------- matching checks

function rtView(
  tpl: RetroTemplate,
  input: PreparedMolecule,
  match: number[],
  l: number,
): CentreView {
  const q = tpl.lhs;
  return {
    tag: q.atoms[l].chirality,
    neighbors: q.atoms[l].bonds.map((b) => {
      const o = q.other(b, l);
      return tpl.lhsToRhs[o] >= 0 ? input.labels[match[o]] : tpl.lhsLabel[o];
    }),
  };
}

function reactantView(input: PreparedMolecule, r: number): CentreView {
  const mol = input.mol;
  return {
    tag: mol.atoms[r].chirality,
    neighbors: mol.atoms[r].bonds.map((b) => input.labels[mol.other(b, r)]),
  };
}

/** RDChiral's validate_chiral_match: tetrahedral and cis/trans consistency of a match. */
function stereoConsistent(tpl: RetroTemplate, input: PreparedMolecule, match: number[]): boolean {
  if (input.hasTetraStereo || tpl.hasTetraStereo) {
    let prev: ChiralMatch | null = null;
    for (let l = 0; l < match.length; l++) {
      if (tpl.lhsToRhs[l] < 0) continue; // RDChiral only checks atoms kept in the outcome
      const r = match[l];
      const m = chiralityMatches(
        rtView(tpl, input, match, l),
        reactantView(input, r),
        tpl.lhsCouldBeTetra[l],
        () => input.chiralityPossible(r),
      );
      if (m === ChiralMatch.NoMatch) return false;
      if (m === ChiralMatch.Ambiguous) continue;
      if (prev === null) prev = m;
      else if (m !== prev) return false;
    }
  }
  if (tpl.requiredBondDefs.size === 0) return true;
  // Labels of matched atoms (kept ones) -> template labels.
  const tmplLabelOf = new Map<number, number>();
  for (let l = 0; l < match.length; l++) {
    if (tpl.lhsToRhs[l] >= 0) tmplLabelOf.set(input.labels[match[l]], tpl.lhsLabel[l]);
  }
  for (const spec of input.doubleBonds) {
    const mapped = spec.atoms.map((a) => tmplLabelOf.get(a));
    if (mapped.some((m) => m === undefined)) continue;
    const required = tpl.requiredBondDefs.get(mapped.join(','));
    if (!required) continue;
    const [d0, d1] = spec.dirs;
    const same = d0 === required[0] && d1 === required[1];
    const flipped = oppositeDir(d0) === required[0] && oppositeDir(d1) === required[1];
    const implicitOk =
      required[0] === BondDir.None && required[1] === BondDir.None && spec.implicit;
    if (!same && !flipped && !implicitOk) return false;
  }
  return true;
}

// ---------------------------------------------------------------- building

function buildOutcome(tpl: RetroTemplate, input: PreparedMolecule, match: number[]): Outcome {
  const rmol = input.mol;
  const rhs = tpl.rhs;
  const out: Outcome = {
    mol: new Mol(),
    origin: [],
    reactantAtom: [],
    rhsAtom: [],
    label: [],
    fromReactant: new Int32Array(rmol.atoms.length).fill(-1),
    fromRhs: new Int32Array(rhs.atoms.length).fill(-1),
  };
  const inMatch = new Uint8Array(rmol.atoms.length);
  for (const r of match) inMatch[r] = 1;
  let nextNew = 900;

  rhs.atoms.forEach((q, k) => {
    const l = tpl.rhsToLhs[k];
    let idx: number;
    if (l >= 0) {
      const r = match[l];
      const ra = rmol.atoms[r];
      const keepH = q.hCount === undefined && !tpl.degreeChanged[k];
      idx = out.mol.addAtom({
        element: q.element ?? ra.element,
        aromatic: q.aromatic ?? ra.aromatic,
        charge: q.charge ?? ra.charge,
        isotope: q.isotope ?? ra.isotope,
        hCount: q.hCount ?? (keepH ? ra.hCount : 0),
        noImplicit: q.hCount !== undefined ? true : keepH ? ra.noImplicit : false,
        implicitH: 0,
        mapNum: 0,
        chirality: Chirality.None,
      });
      out.origin.push(Origin.Mapped);
      out.reactantAtom.push(r);
      out.label.push(input.labels[r]);
      out.fromReactant[r] = idx;
    } else {
      idx = out.mol.addAtom({
        element: q.element as number,
        aromatic: q.aromatic ?? false,
        charge: q.charge ?? 0,
        isotope: q.isotope ?? 0,
        hCount: q.hCount ?? 0,
        noImplicit: q.hCount !== undefined,
        implicitH: 0,
        mapNum: 0,
        chirality: Chirality.None,
      });
      out.origin.push(Origin.New);
      out.reactantAtom.push(-1);
      out.label.push(nextNew++);
    }
    out.rhsAtom.push(k);
    out.fromRhs[k] = idx;
  });

  for (const qb of rhs.bonds) {
    const a = out.fromRhs[qb.begin];
    const b = out.fromRhs[qb.end];
    let order: BondOrder;
    if (qb.any) {
      const ra = out.reactantAtom[a];
      const rb = out.reactantAtom[b];
      const rbond = ra >= 0 && rb >= 0 ? rmol.bondBetween(ra, rb) : -1;
      order = rbond >= 0 ? rmol.bonds[rbond].order : BondOrder.Single;
    } else if (qb.order === 0) {
      const aromatic = out.mol.atoms[a].aromatic && out.mol.atoms[b].aromatic;
      order = aromatic ? BondOrder.Aromatic : BondOrder.Single;
    } else {
      order = qb.order;
    }
    out.mol.addBond(a, b, order, qb.dir);
  }

  // Carry over every atom reachable from a kept atom without crossing the match.
  const queue: number[] = [];
  for (let i = 0; i < out.origin.length; i++)
    if (out.origin[i] === Origin.Mapped) queue.push(out.reactantAtom[i]);
  for (let qi = 0; qi < queue.length; qi++) {
    const r = queue[qi];
    for (const bi of rmol.atoms[r].bonds) {
      const x = rmol.other(bi, r);
      if (inMatch[x] || out.fromReactant[x] >= 0) continue;
      const xa = rmol.atoms[x];
      const idx = out.mol.addAtom(copyAtom(xa));
      out.origin.push(Origin.Spectator);
      out.reactantAtom.push(x);
      out.rhsAtom.push(-1);
      out.label.push(input.labels[x]);
      out.fromReactant[x] = idx;
      queue.push(x);
    }
  }

  // Reactant bonds between atoms present in the outcome are kept unless the
  // template's product pattern has that bond (then the template decides).
  rmol.bonds.forEach((b, bi) => {
    const oa = out.fromReactant[b.begin];
    const ob = out.fromReactant[b.end];
    if (oa < 0 || ob < 0 || out.mol.bondBetween(oa, ob) >= 0) return;
    if (inMatch[b.begin] && inMatch[b.end] && patternHasBond(tpl, match, b.begin, b.end)) return;
    out.mol.addBond(oa, ob, rmol.bonds[bi].order);
  });
  return out;
}

function copyAtom(a: Atom): Omit<Atom, 'bonds'> {
  return {
    element: a.element,
    aromatic: a.aromatic,
    charge: a.charge,
    isotope: a.isotope,
    hCount: a.hCount,
    noImplicit: a.noImplicit,
    implicitH: 0,
    mapNum: 0,
    // RDChiral runs RDKit's reaction on the stereo-free input; parities are restored later.
    chirality: Chirality.None,
  };
}

function patternHasBond(tpl: RetroTemplate, match: number[], ra: number, rb: number): boolean {
  const la = match.indexOf(ra);
  const lb = match.indexOf(rb);
  return la >= 0 && lb >= 0 && tpl.lhs.bondBetween(la, lb) >= 0;
}

// ---------------------------------------------------------------- tetrahedral stereo

function outcomeView(out: Outcome, i: number): CentreView {
  const mol = out.mol;
  return {
    tag: mol.atoms[i].chirality,
    neighbors: mol.atoms[i].bonds.map((b) => out.label[mol.other(b, i)]),
  };
}

function onlySingleBonds(mol: Mol, i: number): boolean {
  return mol.atoms[i].bonds.every((b) => mol.bonds[b].order === BondOrder.Single);
}

/** RHS template atom as RDChiral sees it: unmapped neighbours carry label 0. */
function ptView(tpl: RetroTemplate, out: Outcome, k: number): CentreView {
  const q = tpl.rhs;
  return {
    tag: q.atoms[k].chirality,
    neighbors: q.atoms[k].bonds.map((b) => {
      const o = q.other(b, k);
      return tpl.rhsToLhs[o] >= 0 ? out.label[out.fromRhs[o]] : 0;
    }),
  };
}

/**
 * Chirality a template atom imposes on the outcome atom built from it, when
 * RDKit's reaction runner would create it: the template parity re-expressed
 * for the outcome atom's neighbour order (an extra neighbour takes the H's place).
 */
function templateImposed(tpl: RetroTemplate, out: Outcome, k: number, i: number): Chirality {
  const q = tpl.rhs.atoms[k];
  if (q.chirality === Chirality.None) return Chirality.None;
  const src = q.bonds.map((b) => out.fromRhs[tpl.rhs.other(b, k)]);
  const dst = out.mol.neighbors(i);
  const extra = dst.filter((x) => !src.includes(x));
  if (extra.length > 1 || src.some((x) => !dst.includes(x))) return Chirality.None;
  if (src.length === 3) {
    src.push(extra.length ? extra[0] : H_LABEL);
    if (!extra.length) dst.push(H_LABEL);
  }
  if (src.length !== 4 || dst.length !== 4) return Chirality.None;
  return permutationParity(src, dst) ? invertChirality(q.chirality) : q.chirality;
}

/** RDChiral's fix_tetra_stereo; returns outcome atoms whose parity was copied from the input. */
function fixTetrahedral(
  tpl: RetroTemplate,
  input: PreparedMolecule,
  match: number[],
  out: Outcome,
): number[] {
  const mol = out.mol;
  const copied: number[] = [];
  // What RDKit's runner (on the achiral input) leaves: parities created by the template.
  for (let i = 0; i < mol.atoms.length; i++) {
    const k = out.rhsAtom[i];
    if (k < 0) continue;
    const l = tpl.rhsToLhs[k];
    if (l < 0 || tpl.lhs.atoms[l].chirality === Chirality.None) {
      mol.atoms[i].chirality = templateImposed(tpl, out, k, i);
    }
  }
  const copyInto = (src: CentreView, i: number) => {
    mol.atoms[i].chirality = copyChirality(
      src,
      outcomeView(out, i),
      mol.atoms[i].bonds.length,
      onlySingleBonds(mol, i),
    );
  };
  for (let i = 0; i < mol.atoms.length; i++) {
    const origin = out.origin[i];
    if (origin === Origin.New) continue;
    const r = out.reactantAtom[i];
    if (origin === Origin.Spectator) {
      copyInto(reactantView(input, r), i);
      if (mol.atoms[i].chirality !== Chirality.None) copied.push(i);
      continue;
    }
    const k = out.rhsAtom[i];
    const l = tpl.rhsToLhs[k];
    const rtCould = tpl.lhsCouldBeTetra[l];
    const ptCould = tpl.rhsCouldBeTetra[k];
    const pt = ptView(tpl, out, k);
    if (rtCould) {
      if (!ptCould) continue;
      if (pt.tag === Chirality.None) {
        mol.atoms[i].chirality = Chirality.None;
      } else if (tpl.lhs.atoms[l].chirality === Chirality.None) {
        copyInto(pt, i);
      } else {
        copyInto(reactantView(input, r), i);
        const rt = rtView(tpl, input, match, l);
        if (chiralityMatches(pt, rt, true, () => true) === ChiralMatch.Opposite) {
          mol.atoms[i].chirality = invertChirality(mol.atoms[i].chirality);
        }
      }
    } else if (!ptCould) {
      copyInto(reactantView(input, r), i);
      if (mol.atoms[i].chirality !== Chirality.None) copied.push(i);
    } else {
      copyInto(pt, i);
    }
  }
  return copied;
}

/**
 * RDChiral rejects an outcome when a parity copied from the input no longer
 * describes a stereocentre (symmetry changed). RDKit drops such parities when
 * canonicalizing, so a lost '@' among the copied centres means rejection.
 */
function centresLost(
  mol: Mol,
  written: string,
  canonical: string,
  copied: number[],
  keepMapping: boolean,
): boolean {
  if (countTetrahedralCentres(canonical) >= countTetrahedralCentres(written)) return false;
  const keep = new Set(copied);
  const saved = mol.atoms.map((a) => a.chirality);
  mol.atoms.forEach((a, i) => {
    if (!keep.has(i)) a.chirality = Chirality.None;
  });
  const onlyCopied = writeSmiles(mol, { mapNumbers: keepMapping });
  mol.atoms.forEach((a, i) => (a.chirality = saved[i]));
  const canon = canonicalSmiles(onlyCopied);
  return !canon || countTetrahedralCentres(canon) < countTetrahedralCentres(onlyCopied);
}

// ---------------------------------------------------------------- cis/trans stereo

/** RDChiral's fix_double_bond_stereochemistry (with its conjugated-system correction). */
function fixDoubleBonds(tpl: RetroTemplate, input: PreparedMolecule, out: Outcome): void {
  const mol = out.mol;
  const initial = outcomeDirs(out);
  const inRing = nonBridgeBonds(mol);
  const reactantDirs = input.dirs;
  mol.bonds.forEach((b, bi) => {
    if (b.order !== BondOrder.Double || inRing[bi]) return;
    const ba = b.begin;
    const bb = b.end;
    if (mol.atoms[ba].bonds.length === 1 || mol.atoms[bb].bonds.length === 1) return;
    if (out.origin[ba] === Origin.Mapped && out.origin[bb] === Origin.Mapped) {
      const la = tpl.lhsLabel[tpl.rhsToLhs[out.rhsAtom[ba]]];
      const lb = tpl.lhsLabel[tpl.rhsToLhs[out.rhsAtom[bb]]];
      if (tpl.bondDefCoreAtoms.has(dirKey(la, lb))) return;
    } else if (out.origin[ba] === Origin.New && out.origin[bb] === Origin.New) {
      return;
    }
    if (!restoreBondStereo(out, ba, reactantDirs)) return;
    restoreBondStereo(out, bb, reactantDirs);
  });
  if (initial.size) correctConjugated(initial, out);
}

function outcomeDirs(out: Outcome): DirsByLabel {
  const dirs: DirsByLabel = new Map();
  for (const b of out.mol.bonds) {
    if (b.dir === BondDir.None) continue;
    const i = out.label[b.begin];
    const j = out.label[b.end];
    dirs.set(dirKey(i, j), b.dir);
    dirs.set(dirKey(j, i), oppositeDir(b.dir));
  }
  return dirs;
}

/** RDChiral's restore_bond_stereo_to_sp2_atom. */
function restoreBondStereo(out: Outcome, a: number, dirs: DirsByLabel): boolean {
  const mol = out.mol;
  const atom = mol.atoms[a];
  for (const bi of atom.bonds) {
    const o = mol.other(bi, a);
    if (dirs.has(dirKey(out.label[o], out.label[a]))) {
      const b = mol.bonds[bi];
      b.dir = dirs.get(dirKey(out.label[b.begin], out.label[b.end])) as BondDir;
      return true;
    }
  }
  const degree = atom.bonds.length;
  if (degree !== 2 && degree !== 3) return false;
  for (const bi of atom.bonds) {
    const b = mol.bonds[bi];
    if (b.order === BondOrder.Double) continue;
    const o = mol.other(bi, a);
    const needsInversion =
      degree === 2 ? out.origin[o] === Origin.Mapped : out.origin[o] !== Origin.New;
    const beginLabel = out.label[b.begin];
    for (const [key, dir] of dirs) {
      if (dir === BondDir.None) continue;
      if (Number(key.slice(0, key.indexOf(','))) === beginLabel) {
        b.dir = needsInversion ? oppositeDir(dir) : dir;
        return true;
      }
    }
  }
  return false;
}

/**
 * RDChiral's correct_conjugated: when copying directions inverted some of the
 * template's own directions inside a conjugated system, flip the copied ones
 * in that system back into agreement.
 */
function correctConjugated(initial: DirsByLabel, out: Outcome): void {
  const mol = out.mol;
  const conjugated = conjugatedBonds(mol);
  const systems: Set<number>[] = [];
  mol.bonds.forEach((b, bi) => {
    if (!conjugated[bi]) return;
    const i = out.label[b.begin];
    const j = out.label[b.end];
    const found = systems.find((s) => s.has(i) || s.has(j));
    if (found) {
      found.add(i);
      found.add(j);
    } else systems.push(new Set([i, j]));
  });
  if (!systems.length) return;
  const final = outcomeDirs(out);
  const change = new Map<string, BondDir>();
  const inverted: [number, number][] = [];
  const fresh: [number, number][] = [];
  for (const [key, dir] of final) {
    const pair = key.split(',').map(Number) as [number, number];
    const before = initial.get(key);
    if (before !== undefined) {
      if (before !== dir) {
        change.set(key, before);
        inverted.push(pair);
      }
    } else fresh.push(pair);
  }
  if (!inverted.length) return;
  const needsFix = systems.map((s) => inverted.some(([i, j]) => s.has(i) || s.has(j)));
  for (const [i, j] of fresh) {
    const k = systems.findIndex((s, idx) => needsFix[idx] && (s.has(i) || s.has(j)));
    if (k >= 0) change.set(dirKey(i, j), oppositeDir(final.get(dirKey(i, j)) as BondDir));
  }
  for (const b of mol.bonds) {
    const key = dirKey(out.label[b.begin], out.label[b.end]);
    const dir = change.get(key);
    if (dir !== undefined) b.dir = dir;
  }
}

/** Bonds in conjugated systems: multiple/aromatic bonds and single bonds joining two unsaturated atoms. */
function conjugatedBonds(mol: Mol): Uint8Array {
  const unsaturated = mol.atoms.map((a) =>
    a.bonds.some((b) => mol.bonds[b].order !== BondOrder.Single),
  );
  const result = new Uint8Array(mol.bonds.length);
  mol.bonds.forEach((b, bi) => {
    if (b.order !== BondOrder.Single) {
      const touches = (x: number) =>
        mol.atoms[x].bonds.some((o) => o !== bi && unsaturated[mol.other(o, x)]);
      if (b.order === BondOrder.Aromatic || touches(b.begin) || touches(b.end)) result[bi] = 1;
    } else if (unsaturated[b.begin] && unsaturated[b.end]) {
      result[bi] = 1;
    }
  });
  return result;
}
