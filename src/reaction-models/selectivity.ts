/**
 * Selectivity checks on a proposed step, by functional-group bookkeeping:
 * which groups the precursors bring, which the product keeps, so which were
 * consumed. A step is flagged when the chemistry it assumes would not be the
 * chemistry that happens:
 *  - competing electrophile: a nucleophile of one precursor reacts with an
 *    electrophile of another while a more reactive electrophile (an acyl
 *    halide next to an alkyl halide) survives untouched, or reacts at any
 *    other group (an aryl halide) while an acylating or sulfonylating agent
 *    survives;
 *  - competing nucleophile: an electrophile reacts with a less nucleophilic
 *    group (an aniline, an alcohol, a secondary alcohol) while a more
 *    nucleophilic one (an aliphatic amine, a primary alcohol) of the
 *    precursors survives unprotected; and an acid or ester acylates an
 *    aniline (amide coupling, aminolysis) while an aliphatic amine of the
 *    same molecule survives;
 *  - aryl-aryl bond from two aryl halides with no boron, tin, zinc,
 *    magnesium or silicon partner (cross-coupling needs one);
 *  - one of several identical reactive or protecting groups of a precursor
 *    transformed while the others survive (no reason for that one), unless
 *    the copies are equivalent in a reagent used with a partner (Boc2O,
 *    piperazine).
 * Each rule was checked against the recorded USPTO-50k reactions, which it
 * should not flag: rules that flagged many of them (an aldehyde "competing"
 * with an alkyl halide for a phenol, a phenol alkylated next to an aniline)
 * were chemistry the recorded steps contradict, and were narrowed.
 * The first three are strong evidence (the step is almost surely wrong); the
 * last is a mild one (statistical mixtures are sometimes used on purpose).
 *
 * It lives with the single-step models, not with the search: it judges one
 * proposed step (a StepJudge critic, critics.ts) whichever model proposed it,
 * and the search only sees the priors it adjusted.
 */
import { GroupCounter, GroupDefinition, PreparedMolecule } from '../chem/index.js';
import { LruCache } from '../util/lru.js';
import type { StepJudge } from './critics.js';

interface Electrophile extends GroupDefinition {
  /** Higher reacts first. */
  rank: number;
  /**
   * Its adducts with amines, alcohols and thiols fall apart again (an aldehyde's
   * hemiaminal or hemiacetal), so it survives a step at another electrophile.
   */
  reversible?: boolean;
  /**
   * Alkylates by substitution, under base: an alcohol or phenol reacts as its
   * anion, which outruns an aniline (a phenol is O-alkylated next to a free
   * aniline).
   */
  alkylating?: boolean;
}

/** Electrophiles towards N/O/S nucleophiles, most reactive first. */
const ELECTROPHILES: Electrophile[] = [
  { name: 'acyl halide', smarts: '[CX3](=O)[F,Cl,Br,I]', rank: 6 },
  { name: 'sulfonyl halide', smarts: '[SX4](=O)(=O)[F,Cl,Br]', rank: 5 },
  { name: 'anhydride', smarts: '[CX3](=O)O[CX3]=O', rank: 5 },
  { name: 'isocyanate', smarts: '[CX2](=O)=N', rank: 5 },
  { name: 'isothiocyanate', smarts: '[CX2](=S)=N', rank: 4 },
  { name: 'aldehyde', smarts: '[CX3H1](=O)[#6]', rank: 3, reversible: true },
  { name: 'alkyl halide', smarts: '[CX4;!$(C(F)(F))][Cl,Br,I]', rank: 2, alkylating: true },
  { name: 'alkyl sulfonate', smarts: '[CX4]O[SX4](=O)(=O)[#6]', rank: 2, alkylating: true },
  { name: 'epoxide', smarts: '[CX4]1O[CX4]1', rank: 2, alkylating: true },
];

/**
 * Acyl donors that need a coupling reagent, acid or heat. Checked only for an
 * aniline acylated while an aliphatic amine of the same molecule survives:
 * recorded reactions esterify amino alcohols and amino acids under acid (the
 * amine protonated), couple hindered amino acids unprotected, and survive an
 * alkyl halide or aldehyde in the acid (a USPTO-50k count in BENCHMARKS.md).
 */
const ACYL_DONORS: GroupDefinition[] = [
  { name: 'carboxylic acid', smarts: '[CX3](=O)[OX2H1,OX1-]' },
  {
    name: 'ester',
    smarts: '[CX3;!$(C(=O)(~O)~O);!$(C(=O)~N);!$(C(=O)[F,Cl,Br,I])](=O)[OX2][#6;!$(C=O)]',
  },
];

/** Nitrogen that is an amine: not an amide, sulfonamide, enamine, hydrazine or hydroxylamine. */
const PLAIN_N = '!$(N[#6,#16,#15]=[O,S,N]);!$(N[#6]#*);!$(N-[N,O]);!$(N[CX3]=[CX3])';

interface Nucleophile extends GroupDefinition {
  /** Higher reacts first. */
  rank: number;
  amine?: boolean;
  aniline?: boolean;
  oxygen?: boolean;
  /**
   * Never taken as the group that should have reacted instead: a secondary
   * aniline is often a diarylamine or an aminoheteroarene, and recorded steps
   * sulfonylate and acylate alcohols next to one.
   */
  weak?: boolean;
}

/**
 * Nucleophiles, most nucleophilic first. A primary alcohol outruns a
 * secondary or tertiary one (tosylation of a 1,3-diol at its CH2OH).
 */
const NUCLEOPHILES: Nucleophile[] = [
  // By hydrogens on nitrogen, so an amine that gains a substituent counts as consumed.
  { name: 'primary aliphatic amine', smarts: `[NX3;H2;+0;${PLAIN_N}][CX4]`, rank: 4, amine: true },
  {
    name: 'secondary aliphatic amine',
    smarts: `[NX3;H1;+0;${PLAIN_N}]([CX4])[CX4]`,
    rank: 4,
    amine: true,
  },
  { name: 'thiol', smarts: '[SX2H1][#6]', rank: 4 },
  { name: 'primary aniline', smarts: '[NX3;H2;+0][a]', rank: 3, amine: true, aniline: true },
  {
    name: 'secondary aniline',
    smarts: `[NX3;H1;+0;${PLAIN_N}]([a])[#6]`,
    rank: 2,
    amine: true,
    aniline: true,
    weak: true,
  },
  { name: 'primary alcohol', smarts: '[OX2H1][CX4;H2,H3]', rank: 2, oxygen: true },
  { name: 'phenol', smarts: '[OX2H1][a]', rank: 2, oxygen: true },
  { name: 'secondary or tertiary alcohol', smarts: '[OX2H1][CX4;H1,H0]', rank: 1, oxygen: true },
];

/**
 * Nucleophiles that react at groups outside ELECTROPHILES (an aryl halide by
 * substitution or coupling, a ketone, a Michael acceptor), for unusedAcylator.
 */
const OTHER_NUCLEOPHILES: GroupDefinition[] = [
  { name: 'hydrazine', smarts: '[NX3;H2;+0][NX3;+0]' },
];

/** Nucleophiles an unreacted acylating agent would have taken first (unusedAcylator). */
const ACYLATED_FIRST: GroupDefinition[] = [...NUCLEOPHILES, ...OTHER_NUCLEOPHILES];

/**
 * Acylating and sulfonylating agents that outrun any other electrophile towards
 * an N, O or S nucleophile. Counted by their halogens, so that phosgene or
 * sulfuryl chloride giving a chloroformate or sulfamoyl chloride counts as
 * consumed. Not sulfonyl fluorides, which amines leave alone (an aza-Michael
 * addition to ethenesulfonyl fluoride), nor the slower carbamoyl halides,
 * anhydrides and isocyanates (a thiol adds to maleic anhydride's double bond).
 */
const ACYLATORS: (GroupDefinition & { label: string })[] = [
  { name: 'acyl halide halogen', label: 'acyl halide', smarts: '[Cl,Br,I;$(*-[CX3](=O)[#6,O])]' },
  {
    name: 'sulfonyl halide halogen',
    label: 'sulfonyl chloride',
    smarts: '[Cl,Br;$(*-[SX4](=O)=O)]',
  },
];

/**
 * Whether `g` would react with `el` before the nucleophile `nu` does. Two
 * anilines are not told apart (an aminopyridine or aminopyrimidine is a poor
 * nucleophile); an aldehyde's reversible adducts leave only amines competing.
 */
function keenerThan(g: Nucleophile, nu: Nucleophile, el: Electrophile): boolean {
  if (g.rank <= nu.rank || g.weak) return false;
  if (g.aniline && nu.aniline) return false;
  if (el.reversible && !g.amine) return false;
  return !(el.alkylating && nu.oxygen && g.aniline);
}

const ARYL_HALIDE: GroupDefinition = { name: 'aryl halide', smarts: '[c][Cl,Br,I]' };
const BIARYL: GroupDefinition = { name: 'biaryl bond', smarts: '[c;R]-!@[c;R]' };
/** Partners that make an aryl-aryl cross-coupling possible. */
const METAL_PARTNERS: GroupDefinition[] = [
  { name: 'boron', smarts: '[B]' },
  { name: 'tin', smarts: '[Sn]' },
  { name: 'zinc', smarts: '[Zn]' },
  { name: 'magnesium', smarts: '[Mg]' },
  { name: 'silicon on aryl', smarts: '[Si][c]' },
  { name: 'lithium', smarts: '[Li]' },
  { name: 'copper', smarts: '[Cu]' },
];

/** Groups of which a precursor should not have one transformed while an identical one survives. */
const REPEATABLE: GroupDefinition[] = [
  { name: 'Boc', smarts: '[NX3]C(=O)OC(C)(C)C' },
  { name: 'Cbz', smarts: '[NX3]C(=O)OCc1ccccc1' },
  { name: 'Fmoc', smarts: '[NX3]C(=O)OCC1c2ccccc2-c2ccccc21' },
  { name: 'benzyl ether', smarts: '[OX2]([#6;!$(C=O)])[CH2]c1ccccc1' },
  { name: 'silyl ether', smarts: '[OX2][Si]' },
  { name: 'methyl ester', smarts: '[CX3](=O)[OX2][CH3]' },
  { name: 'ethyl ester', smarts: '[CX3](=O)[OX2][CH2][CH3]' },
  { name: 'tert-butyl ester', smarts: '[CX3](=O)[OX2]C(C)(C)C' },
];

/**
 * Alkyl halides by element, for telling a halide kept from one transformed:
 * a bromide alkylating while a chloride of the same chain survives is the
 * point of a bromochloroalkane.
 */
const ALKYL_HALIDES: GroupDefinition[] = [
  { name: 'alkyl chloride', smarts: '[CX4;!$(C(F)(F))]Cl' },
  { name: 'alkyl bromide', smarts: '[CX4;!$(C(F)(F))]Br' },
  { name: 'alkyl iodide', smarts: '[CX4;!$(C(F)(F))]I' },
];

/**
 * Groups of which transforming one of several copies is unselective. Not
 * anilines and phenols: the ring's other substituents make their copies react
 * at different rates (an aminopyridine next to an aniline, a phenol
 * hydrogen-bonded to an ortho carbonyl).
 */
const SINGLED_OUT: GroupDefinition[] = [
  ...REPEATABLE,
  ...ELECTROPHILES.filter((g) => g.name !== 'alkyl halide'),
  ...ALKYL_HALIDES,
  ...NUCLEOPHILES.filter((g) => !g.aniline && g.name !== 'phenol'),
];

const ALL = new GroupCounter([
  ...ELECTROPHILES,
  ...ALKYL_HALIDES,
  ...ACYL_DONORS,
  ...NUCLEOPHILES,
  ...OTHER_NUCLEOPHILES,
  ...ACYLATORS,
  ARYL_HALIDE,
  BIARYL,
  ...METAL_PARTNERS,
  ...REPEATABLE,
]);

export interface SelectivityVerdict {
  /** Multiplier for the step's prior: 1 when nothing is wrong. */
  factor: number;
  /** What was found, in words. */
  problems: string[];
}

export interface SelectivityOptions {
  /** Factor for a step that is almost surely wrong. */
  strong: number;
  /** Factor for a step that is merely unselective. */
  mild: number;
}

export const DEFAULT_SELECTIVITY: SelectivityOptions = { strong: 0.02, mild: 0.3 };

interface Problem {
  strength: 'strong' | 'mild';
  text: string;
}

const strong = (text: string): Problem => ({ strength: 'strong', text });
const mild = (text: string): Problem => ({ strength: 'mild', text });

const count = (m: Map<string, number>, group: string) => m.get(group) ?? 0;

/** A step's groups: the product's counts and each precursor's. */
class StepGroups {
  constructor(
    readonly made: Map<string, number>,
    readonly each: Map<string, number>[],
  ) {}

  brought(g: string): number {
    return this.each.reduce((s, m) => s + count(m, g), 0);
  }

  consumed(g: string): number {
    return this.brought(g) - count(this.made, g);
  }

  /** Indices of the precursors carrying the group. */
  holders(g: string): number[] {
    return this.each.flatMap((m, i) => (count(m, g) > 0 ? [i] : []));
  }

  /** Some precursor carries `a` but not `b`. */
  apart(a: string, b: string): boolean {
    const hb = this.holders(b);
    return this.holders(a).some((i) => !hb.includes(i));
  }

  /** Some precursor carries both. */
  together(a: string, b: string): boolean {
    const hb = this.holders(b);
    return this.holders(a).some((i) => hb.includes(i));
  }

  /** Brought by a precursor and left untouched. */
  survives(g: string): boolean {
    return this.brought(g) > 0 && this.consumed(g) <= 0;
  }
}

/** A nucleophile of one precursor meets an electrophile of another while a keener partner survives. */
function competingGroups(step: StepGroups): Problem[] {
  const found: Problem[] = [];
  const usedNu = NUCLEOPHILES.filter((g) => step.consumed(g.name) > 0);
  const usedEl = ELECTROPHILES.filter((g) => step.consumed(g.name) > 0);
  for (const nu of usedNu) {
    for (const el of usedEl) {
      if (!step.apart(nu.name, el.name)) continue;
      const stronger = ELECTROPHILES.find(
        (g) => !g.reversible && g.rank > el.rank && step.survives(g.name),
      );
      if (stronger)
        found.push(
          strong(
            `${nu.name} reacts with the ${el.name} while a more reactive ${stronger.name} survives`,
          ),
        );
      const keener = NUCLEOPHILES.find((g) => keenerThan(g, nu, el) && step.survives(g.name));
      if (keener)
        found.push(
          strong(
            `the ${el.name} reacts with the ${nu.name} while a more nucleophilic ${keener.name} survives`,
          ),
        );
    }
  }
  return found;
}

/**
 * A nucleophile of one precursor reacts at a group that is none of
 * ELECTROPHILES (an aryl halide, a ketone) while an acyl halide or sulfonyl
 * chloride of another precursor survives: the nucleophile
 * would have been acylated first (hydrazine meeting a chlorosulfonylated
 * arene). With a listed electrophile consumed, competingGroups decides.
 */
function unusedAcylator(step: StepGroups): Problem[] {
  const consumed = (g: GroupDefinition) => step.consumed(g.name) > 0;
  if (ELECTROPHILES.some(consumed) || ACYLATORS.some(consumed)) return [];
  const found: Problem[] = [];
  for (const nu of ACYLATED_FIRST) {
    if (step.consumed(nu.name) <= 0) continue;
    const acylator = ACYLATORS.find((g) => step.survives(g.name) && step.apart(g.name, nu.name));
    if (acylator)
      found.push(
        strong(`the ${nu.name} reacts elsewhere while an unreacted ${acylator.label} survives`),
      );
  }
  return found;
}

/** An acid or ester acylates an aniline while an aliphatic amine of the same precursor survives. */
function acylatedAniline(step: StepGroups): Problem[] {
  const found: Problem[] = [];
  const usedNu = NUCLEOPHILES.filter((g) => step.consumed(g.name) > 0);
  for (const acyl of ACYL_DONORS.filter((g) => step.consumed(g.name) > 0)) {
    for (const nu of usedNu) {
      if (!nu.amine || !step.apart(nu.name, acyl.name)) continue;
      const keener = NUCLEOPHILES.find(
        (g) =>
          g.amine &&
          g.rank > nu.rank &&
          step.consumed(g.name) <= 0 &&
          step.together(g.name, nu.name),
      );
      if (keener)
        found.push(
          strong(
            `the ${acyl.name} acylates the ${nu.name} while a more nucleophilic ${keener.name} of the same precursor survives`,
          ),
        );
    }
  }
  return found;
}

/** A new aryl-aryl bond from two aryl halides with no metal or boron partner. */
function unpartneredBiaryl(step: StepGroups, precursors: readonly string[]): Problem[] {
  const newBiaryl = count(step.made, BIARYL.name) > step.brought(BIARYL.name);
  const distinct = new Set(precursors).size > 1;
  if (!newBiaryl || !distinct || step.consumed(ARYL_HALIDE.name) < 2) return [];
  if (METAL_PARTNERS.some((g) => step.consumed(g.name) > 0)) return [];
  return [strong('aryl-aryl bond from two aryl halides without a metal or boron partner')];
}

export class SelectivityCheck implements StepJudge {
  private readonly groups = new LruCache<string, Map<string, number>>(50_000);
  private readonly classes = new LruCache<string, number>(10_000);

  constructor(private readonly options: SelectivityOptions = DEFAULT_SELECTIVITY) {}

  judge(product: string, precursors: readonly string[]): SelectivityVerdict {
    const step = new StepGroups(
      this.groupsOf(product),
      precursors.map((p) => this.groupsOf(p)),
    );
    const found =
      precursors.length >= 2
        ? [
            ...competingGroups(step),
            ...unusedAcylator(step),
            ...acylatedAniline(step),
            ...unpartneredBiaryl(step, precursors),
          ]
        : [];
    found.push(...this.singledOut(step, precursors));
    return {
      factor: Math.min(1, ...found.map((f) => this.options[f.strength])),
      problems: found.map((f) => f.text),
    };
  }

  /**
   * One precursor has several copies of a group, some transformed, some kept.
   * With a partner, equivalent copies are fine: that precursor (Boc2O,
   * piperazine, a symmetric diol or dihalide) is a reagent used in excess.
   * Alone (one of two equivalent Boc groups removed), they give a statistical
   * mixture.
   */
  private singledOut(step: StepGroups, precursors: readonly string[]): Problem[] {
    const found: Problem[] = [];
    for (const g of SINGLED_OUT) {
      const used = step.consumed(g.name);
      if (used <= 0 || count(step.made, g.name) <= 0) continue;
      const singled = (m: Map<string, number>, i: number) =>
        count(m, g.name) > used &&
        (precursors.length === 1 || this.classesOf(precursors[i], g.name) > 1);
      if (step.each.some(singled))
        found.push(
          mild(`one of several ${g.name} groups of a precursor transformed, the others kept`),
        );
    }
    return found;
  }

  /** Symmetry classes among a molecule's copies of a group (rarely needed, so cached apart). */
  private classesOf(smiles: string, group: string): number {
    const key = `${group}\t${smiles}`;
    let c = this.classes.get(key);
    if (c === undefined) {
      c = ALL.symmetryClasses(new PreparedMolecule(smiles), group);
      this.classes.set(key, c);
    }
    return c;
  }

  private groupsOf(smiles: string): Map<string, number> {
    let g = this.groups.get(smiles);
    if (!g) {
      g = ALL.count(new PreparedMolecule(smiles));
      this.groups.set(smiles, g);
    }
    return g;
  }
}
