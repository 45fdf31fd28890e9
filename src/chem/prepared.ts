/**
 * A molecule prepared once for applying many templates: its graph, matching
 * arrays, RDChiral labels and stereo descriptors (computed when first needed).
 */
import { BondDir, BondOrder, Chirality, Mol } from './graph.js';
import { parseSmiles } from './smiles-parser.js';
import {
  atomsAcrossDoubleBonds,
  DirsByLabel,
  DoubleBondSpec,
  dirKey,
  StereoGraph,
} from './stereo.js';
import { oppositeDir } from './graph.js';
import { MatchTarget } from './target.js';
import { rdkitAtomRings } from './rdkit-rings.js';
import { symmetryClasses } from './symmetry.js';

export class PreparedMolecule {
  readonly mol: Mol;
  readonly target: MatchTarget;
  /** RDChiral label per atom: index + 1, or the caller's atom map numbers. */
  readonly labels: Int32Array;
  readonly hasTetraStereo: boolean;
  readonly hasDoubleBondStereo: boolean;
  readonly elementCounts: Map<number, number>;
  readonly aromaticCount: number;
  private _doubleBonds?: DoubleBondSpec[];
  private _dirs?: DirsByLabel;
  private _chiralityPossible?: boolean[];
  private _classes?: Int32Array;

  /**
   * @param smiles RDKit-canonical SMILES (use `Molecule` for untrusted input).
   * @param keepMapping use the SMILES atom map numbers as labels (RDChiral's custom mapping).
   */
  constructor(
    readonly smiles: string,
    readonly keepMapping = false,
  ) {
    this.mol = parseSmiles(smiles);
    this.target = new MatchTarget(this.mol, () => rdkitAtomRings(smiles, this.mol.atoms.length));
    const atoms = this.mol.atoms;
    this.labels = new Int32Array(atoms.length);
    atoms.forEach((a, i) => (this.labels[i] = keepMapping ? a.mapNum : i + 1));
    this.hasTetraStereo = atoms.some((a) => a.chirality !== Chirality.None);
    this.hasDoubleBondStereo = this.mol.bonds.some((b) => b.dir !== BondDir.None);
    this.elementCounts = new Map();
    let aromatic = 0;
    for (const a of atoms) {
      this.elementCounts.set(a.element, (this.elementCounts.get(a.element) ?? 0) + 1);
      if (a.aromatic) aromatic++;
    }
    this.aromaticCount = aromatic;
  }

  /** RDChiral's atoms_across_double_bonds for this molecule. */
  get doubleBonds(): DoubleBondSpec[] {
    this._doubleBonds ??= atomsAcrossDoubleBonds(
      molStereoGraph(this.mol, (i) => this.labels[i]),
      (b) => this.target.ringBonds.bondInRing[b] === 1,
      () => this.target.ringSet.rings,
    );
    return this._doubleBonds;
  }

  /** Directions of this molecule's directed bonds keyed by labels, in bond order. */
  get dirs(): DirsByLabel {
    if (!this._dirs) {
      const dirs: DirsByLabel = new Map();
      for (const b of this.mol.bonds) {
        if (b.dir === BondDir.None) continue;
        const i = this.labels[b.begin];
        const j = this.labels[b.end];
        dirs.set(dirKey(i, j), b.dir);
        dirs.set(dirKey(j, i), oppositeDir(b.dir));
      }
      this._dirs = dirs;
    }
    return this._dirs;
  }

  /** Constitutional symmetry class of an atom (equal classes: equivalent atoms). */
  symmetryClass(atom: number): number {
    this._classes ??= symmetryClasses(this.mol);
    return this._classes[atom];
  }

  /** Whether an atom could be a tetrahedral stereocentre (RDKit's _ChiralityPossible). */
  chiralityPossible(atom: number): boolean {
    if (!this._chiralityPossible) {
      this._classes ??= symmetryClasses(this.mol);
      const classes = this._classes;
      this._chiralityPossible = this.mol.atoms.map((_, i) =>
        isPossibleCentre(this.mol, i, classes),
      );
    }
    return this._chiralityPossible[atom];
  }
}

function isPossibleCentre(mol: Mol, i: number, classes: Int32Array): boolean {
  const atom = mol.atoms[i];
  const h = mol.totalHydrogens(i);
  const degree = atom.bonds.length;
  if (h > 1 || degree + h < 3 || degree + h > 4) return false;
  const multiple = atom.bonds.some((b) => mol.bonds[b].order !== BondOrder.Single);
  if (multiple && atom.element !== 16 && atom.element !== 34 && atom.element !== 15) return false;
  if (atom.element === 7 && degree + h === 3 && atom.charge === 0) return false;
  const seen = new Set<number>();
  for (const b of atom.bonds) {
    const c = classes[mol.other(b, i)];
    if (seen.has(c)) return false;
    seen.add(c);
  }
  return true;
}

export function molStereoGraph(mol: Mol, label: (atom: number) => number): StereoGraph {
  return {
    atomCount: mol.atoms.length,
    bondCount: mol.bonds.length,
    label,
    atomBonds: (a) => mol.atoms[a].bonds.map((b) => [b, mol.other(b, a)] as [number, number]),
    bondBegin: (b) => mol.bonds[b].begin,
    bondEnd: (b) => mol.bonds[b].end,
    bondIsDouble: (b) => mol.bonds[b].order === BondOrder.Double,
    bondDir: (b) => mol.bonds[b].dir,
  };
}
