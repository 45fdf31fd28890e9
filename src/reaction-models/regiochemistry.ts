/**
 * Regiochemistry of electrophilic aromatic substitution. A template for a
 * Friedel-Crafts reaction, a nitration or a halogenation matches wherever the
 * product has the right substituent, so it proposes the arene substituted at
 * a position the electrophile would not choose: trimethoprim's
 * 3,4,5-trimethoxybenzyl "made" from 1,2,3-trimethoxybenzene, which reacts at
 * its 4-position (ortho and para to two methoxy groups, against para to one).
 * A chemist rejects that at a glance; the template and the feasibility filter
 * do not see the ring's other positions.
 *
 * A step is flagged when a precursor's benzene ring is substituted at a CH
 * (carbon, sulfur, halogen or nitro electrophile) while another free position
 * of the ring is clearly more activated by the substituents already there
 * (src/chem/aromatic-substitution.ts; the margin keeps ortho against para,
 * where directing groups, chelation and conditions decide, out of the rule).
 */
import {
  benzeneRing,
  PreparedMolecule,
  positionActivation,
  substitutionSite,
} from '../chem/index.js';
import { LruCache } from '../util/lru.js';
import type { StepJudge } from './critics.js';

/**
 * How much more activated (in sigma units) another free position must be for the
 * step to be flagged: at the rho of -5 to -12 of nitrations, brominations and
 * Friedel-Crafts reactions, 0.5 is a rate ratio of 300 or more.
 */
export const ACTIVATION_MARGIN = 0.5;
/**
 * The better position must be activated by a donor (sigma+ sum below this): on
 * a ring of halogens and acceptors alone the CH substituted is mostly set by a
 * directing group for a metalation, not by electrophilic substitution.
 */
export const DONOR_ACTIVATION = 0.3;

const C = 6;
const N = 7;
const O = 8;
/** Carbon, sulfur, chlorine, bromine, iodine. */
const ELECTROPHILE_ATOMS = new Set([C, 16, 17, 35, 53]);

export class RegiochemistryCheck implements StepJudge {
  private readonly verdicts = new LruCache<string, string | null>(20_000);
  /** Aromatic CH per molecule: most steps lose none, and are passed on these counts alone. */
  private readonly aromaticCH = new LruCache<string, number>(50_000);

  /** @param factor the prior's multiplier for a flagged step. */
  constructor(private readonly factor: number) {}

  judge(product: string, precursors: readonly string[]): { factor: number; problems: string[] } {
    if (precursors.length < 2 || !this.losesAromaticCH(product, precursors))
      return { factor: 1, problems: [] };
    const key = `${product}>${precursors.join('.')}`;
    let problem = this.verdicts.get(key);
    if (problem === undefined) {
      problem = misdirected(product, precursors);
      this.verdicts.set(key, problem);
    }
    return problem ? { factor: this.factor, problems: [problem] } : { factor: 1, problems: [] };
  }

  /** An aromatic CH is lost, or nothing was substituted at one. */
  private losesAromaticCH(product: string, precursors: readonly string[]): boolean {
    return precursors.reduce((n, s) => n + this.countCH(s), 0) > this.countCH(product);
  }

  private countCH(smiles: string): number {
    let n = this.aromaticCH.get(smiles);
    if (n === undefined) {
      n = aromaticCH(new PreparedMolecule(smiles));
      this.aromaticCH.set(smiles, n);
    }
    return n;
  }
}

/** The problem with the step's aromatic substitution, or null. */
function misdirected(product: string, precursors: readonly string[]): string | null {
  const made = new PreparedMolecule(product);
  for (const arene of precursors.map((s) => new PreparedMolecule(s))) {
    if (!aromaticCH(arene)) continue;
    const found = substitutionSite(arene, made);
    if (!found || !electrophilic(made, found.newNeighbour)) continue;
    const ring = benzeneRing(arene.target, found.site);
    if (!ring) continue;
    const activation = positionActivation(arene.target, ring);
    const best = Math.max(...activation.slice(1));
    if (best >= DONOR_ACTIVATION && best - activation[0] >= ACTIVATION_MARGIN)
      return 'aromatic substitution at a ring position less activated than a free one of the same ring';
  }
  return null;
}

/** Electrophiles of aromatic substitution: carbon, sulfur, Cl/Br/I, a nitro nitrogen. */
function electrophilic(mol: PreparedMolecule, atom: number): boolean {
  const t = mol.target;
  const el = t.element[atom];
  if (ELECTROPHILE_ATOMS.has(el)) return true;
  return (
    el === N && t.charge[atom] > 0 && t.mol.atoms[atom].bonds.length === 3 && hasOxygen(mol, atom)
  );
}

function hasOxygen(mol: PreparedMolecule, atom: number): boolean {
  return mol.mol.neighbors(atom).some((x) => mol.target.element[x] === O);
}

function aromaticCH(mol: PreparedMolecule): number {
  const t = mol.target;
  let n = 0;
  for (let i = 0; i < t.n; i++) if (t.aromatic[i] && t.element[i] === C && t.totalH[i] > 0) n++;
  return n;
}
