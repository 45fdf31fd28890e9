/**
 * RDChiral's "special groups": functional groups that are pulled into a
 * template whole when one of their trigger atoms is at the reaction centre
 * or next to it, so that templates keep the chemistry that makes a site
 * reactive (a carbonyl next to the centre, a ring heteroatom nearby, ...).
 * The patterns and triggers are the ones RDChiral uses, so that our templates
 * are the same; matching is ours (src/chem/match.ts).
 */
import { BondDir, Mol } from '../chem/graph.js';
import { findMatches } from '../chem/match.js';
import { parseSmarts, QueryMol } from '../chem/smarts.js';
import { MatchTarget } from '../chem/target.js';

/** [trigger positions (null: every atom), pattern] */
const GROUP_PATTERNS: [number[] | null, string][] = [
  [null, '[OH0,SH0]=C[O,Cl,I,Br,F]'], // carboxylic acid, ester, acyl halide
  [null, '[OH0,SH0]=CN'], // amide, thioamide
  [null, 'S(O)(O)[Cl]'], // sulfonyl chloride
  [null, 'B(O)O'], // boronic acid or ester
  [[0], '[Si](C)(C)C'], // trialkylsilyl
  [[0], '[Si](OC)(OC)(OC)'], // trialkoxysilyl
  [null, '[N;H0;$(N-[#6]);D2]-,=[N;D2]-,=[N;D1]'], // azide
  [null, 'O=C1N([Br,I,F,Cl])C(=O)CC1'], // N-halosuccinimide
  [null, 'Cc1ccc(S(=O)(=O)O)cc1'], // tosyl
  [[7], 'CC(C)(C)OC(=O)[N]'], // Boc on nitrogen
  [[4], '[CH3][CH0]([CH3])([CH3])O'], // tert-butoxy
  [null, '[C,N]=[C,N]'], // alkene, imine
  [null, '[C,N]#[C,N]'], // alkyne, nitrile
  [[2], 'C=C-[*]'], // next to an alkene
  [[2], 'C#C-[*]'], // next to an alkyne
  [[2], 'O=C-[*]'], // next to a carbonyl
  [[3], 'O=C([CH3])-[*]'], // next to a methyl ketone
  [[3], 'O=C([O,N])-[*]'], // next to an acid, ester or amide
  [null, 'ClS(Cl)=O'], // thionyl chloride
  [null, '[Mg,Li,Zn,Sn][Br,Cl,I,F]'], // organometallic halide
  [null, 'S(O)(O)'], // sulfonyl
  [null, 'N~N'], // diazo, hydrazine
  [[1], '[!#6;R]@[#6;R]'], // next to a ring heteroatom
  [[2], '[a!c]:a:a'], // two bonds from an aromatic heteroatom
  [[0], '[B,C](F)(F)F'], // CF3, BF3
  // Double-bond stereo: bring both substituents along with the double bond.
  [[1, 2], '[*]/[CH]=[CH]/[*]'],
  [[1, 2], '[*]/[CH]=[CH]\\[*]'],
  [[1, 2], '[*]/[CH]=[CH0]([*])\\[*]'],
  [[1, 2], '[*]/[D3;H1]=[!D1]'],
];

interface GroupQuery {
  triggers: number[] | null;
  query: QueryMol;
  /** Cis/trans requirements: [double bond ends, query atoms whose relation is fixed, trans?]. */
  stereo: StereoRequirement[];
}

interface StereoRequirement {
  x: number;
  b: number;
  c: number;
  y: number;
  trans: boolean;
}

let compiled: GroupQuery[] | undefined;

function groupQueries(): GroupQuery[] {
  compiled ??= GROUP_PATTERNS.map(([triggers, smarts]) => {
    const query = parseSmarts(smarts);
    return { triggers, query, stereo: queryStereo(query) };
  });
  return compiled;
}

export interface SpecialGroup {
  /** Atoms whose presence in the template pulls the group in. */
  triggers: Set<number>;
  atoms: number[];
}

/**
 * Special groups of a molecule. Like RDKit, one match per atom set is kept
 * (the first RDKit would find: smallest atom positions in `order`, RDKit's
 * atom order), which decides the triggers of symmetric matches.
 */
export function findSpecialGroups(
  mol: Mol,
  target: MatchTarget,
  order?: Int32Array,
): SpecialGroup[] {
  const groups: SpecialGroup[] = [];
  for (const { triggers, query, stereo } of groupQueries()) {
    const matches = findMatches(query, target, { maxMatches: 10_000 }).filter((m) =>
      stereo.every((s) => relationInMol(mol, m[s.x], m[s.b], m[s.c], m[s.y]) === s.trans),
    );
    for (const match of uniqueByAtomSet(matches, order)) {
      const t = triggers ? triggers.map((k) => match[k]) : match;
      groups.push({ triggers: new Set(t), atoms: match });
    }
  }
  return groups;
}

/** Keeps one match per atom set: the first in lexicographic order of atom positions. */
function uniqueByAtomSet(matches: number[][], order?: Int32Array): number[][] {
  const pos = (atom: number) => (order ? order[atom] : atom);
  const sorted = [...matches].sort((p, q) => {
    for (let i = 0; i < p.length; i++) if (p[i] !== q[i]) return pos(p[i]) - pos(q[i]);
    return 0;
  });
  const seen = new Set<string>();
  return sorted.filter((m) => {
    const key = [...m].sort((a, b) => a - b).join(',');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Cis/trans relations a pattern states with '/' and '\' around its double bonds. */
function queryStereo(q: QueryMol): StereoRequirement[] {
  const out: StereoRequirement[] = [];
  q.bonds.forEach((bond, bi) => {
    if (bond.order !== 2) return;
    const { begin: b, end: c } = bond;
    const xb = q.atoms[b].bonds.find((k) => k !== bi && q.bonds[k].dir !== BondDir.None);
    const yb = q.atoms[c].bonds.find((k) => k !== bi && q.bonds[k].dir !== BondDir.None);
    if (xb === undefined || yb === undefined) return;
    const towards = q.bonds[xb].end === b ? q.bonds[xb].dir : flip(q.bonds[xb].dir);
    const away = q.bonds[yb].begin === c ? q.bonds[yb].dir : flip(q.bonds[yb].dir);
    out.push({ x: q.other(xb, b), b, c, y: q.other(yb, c), trans: towards === away });
  });
  return out;
}

function flip(dir: BondDir): BondDir {
  return dir === BondDir.Up ? BondDir.Down : dir === BondDir.Down ? BondDir.Up : BondDir.None;
}

/**
 * Relation of x (on b) and y (on c) across the double bond b=c of a molecule:
 * true for trans, false for cis, null when the bond has no stated stereo.
 */
export function relationInMol(
  mol: Mol,
  x: number,
  b: number,
  c: number,
  y: number,
): boolean | null {
  const dbl = mol.bondBetween(b, c);
  const xb = mol.atoms[b].bonds.find((k) => k !== dbl && mol.bonds[k].dir !== BondDir.None);
  const yb = mol.atoms[c].bonds.find((k) => k !== dbl && mol.bonds[k].dir !== BondDir.None);
  if (xb === undefined || yb === undefined) return null;
  const towards = mol.bonds[xb].end === b ? mol.bonds[xb].dir : flip(mol.bonds[xb].dir);
  const away = mol.bonds[yb].begin === c ? mol.bonds[yb].dir : flip(mol.bonds[yb].dir);
  let trans = towards === away;
  if (mol.other(xb, b) !== x) trans = !trans;
  if (mol.other(yb, c) !== y) trans = !trans;
  return trans;
}
