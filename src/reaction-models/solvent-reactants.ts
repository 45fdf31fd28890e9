/**
 * Solvents and bases taken as reactants. The atom mapping of a patent
 * reaction sometimes assigns product atoms to the record's solvent or base (an
 * N-methyl to triethylamine, a methyl ester's methyl to DMF, a chloride to
 * dichloromethane, a methyl to the carbonate of K2CO3), and a template
 * extracted from that record then makes products "from" the solvent. A chemist
 * rejects such a step at a glance; the feasibility filter does not, because
 * those records are among its positives.
 *
 * Checked against the 44,196 recorded USPTO-50k reactions, whose mappings were
 * curated: none of the rules' never-reactants is a reactant there; DMF
 * reacts there (145 times) only as a formyl source, or for its acetal DMF-DMA
 * as a dimethylaminomethylene one, and dichloromethane only as a CH2 between
 * two heteroatoms (chloromethyl esters and ethers). Acetone gives carbons
 * there only as a C(CH3)2 (reductive aminations, acetonides, Strecker and
 * Wittig products), a methyl ketone (aldols, Claisen condensations,
 * alpha-halogenation) or a ring (a Friedlander quinoline); as the recorded
 * oxygen source of a Jones oxidation it gives none, and that step passes.
 * Solvents that do react in recorded steps (methanol in esterifications,
 * acetonitrile, N-methylmorpholine, NMP) are not judged.
 *
 * Beyond the named solvents, any saturated amine (carbon, hydrogen and
 * amine nitrogens only, no aminal carbon: diisopropylamine of LDA, TMEDA,
 * DABCO, piperidine) is a base whenever its nitrogen cannot have reached the
 * product (it has fewer nitrogens than the amine): a step taking only its
 * carbons (an alpha-methylation "from" diisopropylamine) is the same mapping
 * artifact. Such an amine reacting as a nucleophile (a diisopropylamide) brings
 * its nitrogen and is not judged. Of the 44,196 recorded USPTO-50k reactions
 * none is judged so.
 */
import {
  canonicalSmiles,
  ELEMENT,
  GroupCounter,
  PreparedMolecule,
  ringCount,
} from '../chem/index.js';
import { LruCache } from '../util/lru.js';
import type { StepJudge } from './critics.js';

const GROUPS = new GroupCounter([
  { name: 'aldehyde', smarts: '[CX3H1](=O)[#6]' },
  // DMF (recorded for its acetal, DMF-DMA) condensed to an enamine or formamidine.
  { name: 'dimethylaminomethylene', smarts: '[CX3H1](=[#6,#7])N([CH3])[CH3]' },
  // The CH2 of dichloromethane between two heteroatoms: OCH2Cl, OCH2O, NCH2N.
  { name: 'heteroatom-CH2-heteroatom', smarts: '[CH2X4]([!#6;!#1])[!#6;!#1]' },
  // Acetone's carbons as an isopropyl(idene), a C(CH3)2 of an acetonide or tertiary
  // alcohol, or as an acetonyl / methyl ketone (aldol, Claisen, alpha-halogenation).
  { name: 'gem-dimethyl carbon', smarts: '[#6]([CH3])[CH3]' },
  { name: 'methyl ketone', smarts: '[CH3][CX3](=O)[#6]' },
]);

/** What a molecule brings to a step: its groups, rings and nitrogens. */
interface Profile {
  groups: Map<string, number>;
  rings: number;
  carbons: number;
  nitrogens: number;
  /** Carbon, hydrogen and single-bonded neutral nitrogens only, no aminal carbon. */
  saturatedAmine: boolean;
}

/** What the product has that the other precursors do not bring. */
interface Gains {
  group(name: string): boolean;
  ring(): boolean;
  /** Whether the product has more carbons than the other precursors bring. */
  carbon(): boolean;
}

interface SolventRule {
  smiles: string;
  problem: string;
  /** The recorded roles in which it does react (none: never a reactant). */
  allowed?: (gains: Gains) => boolean;
}

const never = (smiles: string, name: string): SolventRule => ({
  smiles,
  problem: `${name} taken as a reactant (a solvent or base: a template artifact)`,
});

const RULES: SolventRule[] = [
  never('CCN(CC)CC', 'triethylamine'),
  never('CCN(C(C)C)C(C)C', 'diisopropylethylamine'),
  never('c1ccncc1', 'pyridine'),
  never('CN(C)c1ccncc1', 'DMAP'),
  never('C1CCC2=NCCCN2CC1', 'DBU'),
  never('C1CCOC1', 'THF'),
  never('CC1CCCO1', '2-methyl-THF'),
  never('C1COCCO1', '1,4-dioxane'),
  never('CCOCC', 'diethyl ether'),
  never('COCCOC', 'dimethoxyethane'),
  never('CS(C)=O', 'DMSO'),
  never('O=C(O)O', 'carbonic acid'),
  {
    // Its formyl carbon as an aldehyde (Vilsmeier, lithiation), a dimethylaminomethylene
    // (DMF-DMA) or a new ring's carbon.
    smiles: 'CN(C)C=O',
    problem: 'DMF taken as a methyl, nitrogen or carbonyl source (a template artifact)',
    allowed: (g) => g.group('aldehyde') || g.group('dimethylaminomethylene') || g.ring(),
  },
  {
    // A Jones oxidation's solvent, recorded as its oxygen source, adds no carbon: the step
    // is a real oxidation and passes. Carbons from it in any other form are an artifact.
    smiles: 'CC(C)=O',
    problem: 'acetone taken as a carbon source (a template artifact)',
    allowed: (g) =>
      !g.carbon() || g.group('gem-dimethyl carbon') || g.group('methyl ketone') || g.ring(),
  },
  {
    smiles: 'ClCCl',
    problem: 'dichloromethane taken as a chlorine or methyl source (a template artifact)',
    allowed: (g) => g.group('heteroatom-CH2-heteroatom'),
  },
];

const { C: CARBON, N: NITROGEN } = ELEMENT;

/**
 * A saturated amine: an amine nitrogen and a carbon (ammonia and hydrazine bring only
 * nitrogen), nothing but sp3 carbons and neutral single-bonded nitrogens (the atoms
 * counted below must be absent), no carbon between two nitrogens (hexamine, a Duff
 * formylation's carbon source, stays unjudged).
 */
const AMINE_PARTS = new GroupCounter([
  { name: 'amine nitrogen', smarts: '[NX3;+0;!a;!$(N=*);!$(N#*)]' },
  { name: 'carbon', smarts: '[#6]' },
  { name: 'not amine atom', smarts: '[!#6;!#7]' },
  { name: 'not sp3 carbon', smarts: '[#6;!X4]' },
  { name: 'not amine nitrogen', smarts: '[#7;!$([NX3;+0;!a])]' },
  { name: 'aminal carbon', smarts: '[#6]([#7])[#7]' },
]);

function isSaturatedAmine(mol: PreparedMolecule): boolean {
  const parts = AMINE_PARTS.count(mol);
  const n = (name: string) => parts.get(name) ?? 0;
  return (
    n('amine nitrogen') > 0 &&
    n('carbon') > 0 &&
    n('not amine atom') + n('not sp3 carbon') + n('not amine nitrogen') + n('aminal carbon') === 0
  );
}

/**
 * Canonical SMILES that can be a saturated amine: aliphatic C and N atoms, hydrogens,
 * ring closures, branches and stereo marks only (no aromatic atom, multiple bond or other
 * element), with a nitrogen. Most precursors fail it, so the judge profiles few molecules.
 */
const MAYBE_SATURATED_AMINE = /^(?=.*N)[CNH0-9()[\]@%]+$/;

const AMINE_PROBLEM = (smiles: string) =>
  `an amine base (${smiles}) taken as a carbon source: its nitrogen cannot reach the product (a template artifact)`;

export class SolventReactantCheck implements StepJudge {
  private rules: Map<string, SolventRule> | null = null;
  private readonly profiles = new LruCache<string, Profile>(1_000);

  /** `factor`: prior multiplier for a step that takes a solvent or base as a reactant. */
  constructor(private readonly factor: number) {}

  judge(product: string, precursors: readonly string[]): { factor: number; problems: string[] } {
    const problems = precursors.flatMap((p, i) => {
      const rule = this.rulesBySmiles().get(p);
      if (!rule) return this.amineAsCarbonSource(product, p) ? [AMINE_PROBLEM(p)] : [];
      const others = precursors.filter((_, j) => j !== i);
      return rule.allowed?.(this.gains(product, others)) ? [] : [rule.problem];
    });
    return { factor: problems.length ? this.factor : 1, problems };
  }

  /** Rules by canonical SMILES, built once RDKit is loaded. */
  private rulesBySmiles(): Map<string, SolventRule> {
    this.rules ??= new Map(RULES.map((r) => [canonicalSmiles(r.smiles) ?? r.smiles, r]));
    return this.rules;
  }

  /**
   * A saturated amine with more nitrogens than the product: one of its nitrogens never
   * reaches the product. (Not "the product gains no nitrogen over the other precursors":
   * a leaving group of theirs may take one, as 4-nitrophenol does from a urea formation.)
   */
  private amineAsCarbonSource(product: string, amine: string): boolean {
    if (!MAYBE_SATURATED_AMINE.test(amine)) return false; // most precursors: no profile needed
    const profile = this.profileOf(amine);
    return profile.saturatedAmine && this.profileOf(product).nitrogens < profile.nitrogens;
  }

  /** The product's gains over the other precursors (each molecule profiled once). */
  private gains(product: string, others: readonly string[]): Gains {
    const made = this.profileOf(product);
    const brought = others.map((s) => this.profileOf(s));
    const sum = (f: (p: Profile) => number) => brought.reduce((total, p) => total + f(p), 0);
    return {
      group: (name) => (made.groups.get(name) ?? 0) > sum((p) => p.groups.get(name) ?? 0),
      ring: () => made.rings > sum((p) => p.rings),
      carbon: () => made.carbons > sum((p) => p.carbons),
    };
  }

  private profileOf(smiles: string): Profile {
    let profile = this.profiles.get(smiles);
    if (!profile) {
      const mol = new PreparedMolecule(smiles);
      profile = {
        groups: GROUPS.count(mol),
        rings: ringCount(mol.mol),
        carbons: mol.elementCounts.get(CARBON) ?? 0,
        nitrogens: mol.elementCounts.get(NITROGEN) ?? 0,
        // The SMILES pre-test spares products and solvents' partners the amine queries.
        saturatedAmine: MAYBE_SATURATED_AMINE.test(smiles) && isSaturatedAmine(mol),
      };
      this.profiles.set(smiles, profile);
    }
    return profile;
  }
}
