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
 * curated: none of the molecules in NEVER_REACTANTS is a reactant there; DMF
 * reacts there (145 times) only as a formyl source, or for its acetal DMF-DMA
 * as a dimethylaminomethylene one, and dichloromethane only as a CH2 between
 * two heteroatoms (chloromethyl esters and ethers). Solvents
 * that do react in recorded steps (methanol in esterifications, acetone in
 * reductive aminations, acetonitrile, N-methylmorpholine, NMP) are not judged.
 */
import { canonicalSmiles, GroupCounter, PreparedMolecule, ringCount } from '../chem/index.js';
import type { StepJudge } from './critics.js';

const NEVER_REACTANTS: [string, string][] = [
  ['CCN(CC)CC', 'triethylamine'],
  ['CCN(C(C)C)C(C)C', 'diisopropylethylamine'],
  ['c1ccncc1', 'pyridine'],
  ['CN(C)c1ccncc1', 'DMAP'],
  ['C1CCC2=NCCCN2CC1', 'DBU'],
  ['C1CCOC1', 'THF'],
  ['CC1CCCO1', '2-methyl-THF'],
  ['C1COCCO1', '1,4-dioxane'],
  ['CCOCC', 'diethyl ether'],
  ['COCCOC', 'dimethoxyethane'],
  ['CS(C)=O', 'DMSO'],
  ['O=C(O)O', 'carbonic acid'],
];

const DMF = 'CN(C)C=O';
const DICHLOROMETHANE = 'ClCCl';

const GROUPS = new GroupCounter([
  { name: 'aldehyde', smarts: '[CX3H1](=O)[#6]' },
  // DMF (recorded for its acetal, DMF-DMA) condensed to an enamine or formamidine.
  { name: 'dimethylaminomethylene', smarts: '[CX3H1](=[#6,#7])N([CH3])[CH3]' },
  // The CH2 of dichloromethane between two heteroatoms: OCH2Cl, OCH2O, NCH2N.
  { name: 'heteroatom-CH2-heteroatom', smarts: '[CH2X4]([!#6;!#1])[!#6;!#1]' },
]);

export class SolventReactantCheck implements StepJudge {
  private never: Map<string, string> | null = null;

  /** `factor`: prior multiplier for a step that takes a solvent or base as a reactant. */
  constructor(private readonly factor: number) {}

  judge(product: string, precursors: readonly string[]): { factor: number; problems: string[] } {
    const problems = precursors.flatMap((p, i) => {
      const others = precursors.filter((_, j) => j !== i);
      const name = this.neverReactants().get(p);
      if (name) return [`${name} taken as a reactant (a solvent or base: a template artifact)`];
      if (p === DMF && !formylOrRingCarbon(product, others))
        return ['DMF taken as a methyl, nitrogen or carbonyl source (a template artifact)'];
      if (p === DICHLOROMETHANE && !gained(product, others, 'heteroatom-CH2-heteroatom'))
        return ['dichloromethane taken as a chlorine or methyl source (a template artifact)'];
      return [];
    });
    return { factor: problems.length ? this.factor : 1, problems };
  }

  /** Canonical SMILES of the never-reactants, computed once RDKit is loaded. */
  private neverReactants(): Map<string, string> {
    this.never ??= new Map(NEVER_REACTANTS.map(([s, name]) => [canonicalSmiles(s) ?? s, name]));
    return this.never;
  }
}

/**
 * DMF's formyl carbon ends up as an aldehyde (Vilsmeier, lithiation), a
 * dimethylaminomethylene (DMF-DMA) or in a new ring.
 */
function formylOrRingCarbon(product: string, others: readonly string[]): boolean {
  if (gained(product, others, 'aldehyde') || gained(product, others, 'dimethylaminomethylene'))
    return true;
  const rings = (s: string) => ringCount(new PreparedMolecule(s).mol);
  return rings(product) > others.reduce((sum, s) => sum + rings(s), 0);
}

/** The product has more of the group than the other precursors bring. */
function gained(product: string, others: readonly string[], group: string): boolean {
  const count = (s: string) => GROUPS.count(new PreparedMolecule(s)).get(group) ?? 0;
  return count(product) > others.reduce((sum, s) => sum + count(s), 0);
}
