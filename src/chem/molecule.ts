/**
 * Validated molecules from untrusted SMILES: every failure becomes a reason
 * (never an exception or a null leaking out), and identity is RDKit's
 * canonical isomeric SMILES.
 */
import { canonicalSmiles } from './canonical.js';
import { structureProblem } from './input-size.js';
import { rdkit, readMol, takeRDKitError, withScope } from './rdkit.js';

export interface MoleculeLimits {
  /** Largest accepted molecule, in heavy atoms. */
  maxHeavyAtoms: number;
  /** Longest accepted SMILES string. */
  maxSmilesLength: number;
}

export const DEFAULT_LIMITS: MoleculeLimits = { maxHeavyAtoms: 150, maxSmilesLength: 2000 };

export type MoleculeErrorCode =
  'empty' | 'too_long' | 'unparseable' | 'valence' | 'aromaticity' | 'too_large' | 'invalid';

export interface MoleculeError {
  code: MoleculeErrorCode;
  message: string;
}

export type ParseResult = { ok: true; molecule: Molecule } | { ok: false; error: MoleculeError };

export interface Descriptors {
  heavyAtoms: number;
  rings: number;
  aromaticRings: number;
  stereocentres: number;
  molecularWeight: number;
  rotatableBonds: number;
}

/** A sanitized molecule, identified by its canonical isomeric SMILES. */
export class Molecule {
  private constructor(
    readonly smiles: string,
    readonly heavyAtoms: number,
  ) {}

  static parse(input: string, limits: MoleculeLimits = DEFAULT_LIMITS): ParseResult {
    const text = typeof input === 'string' ? input.trim() : '';
    if (!text) return fail('empty', 'no SMILES given');
    if (text.length > limits.maxSmilesLength) {
      return fail('too_long', `SMILES longer than ${limits.maxSmilesLength} characters`);
    }
    if (/[>\s]/.test(text))
      return fail('unparseable', 'a molecule SMILES cannot contain spaces or ">"');
    return Molecule.read(text, limits);
  }

  /** A molecule from an MDL molblock (SDF record), with the same checks as SMILES input. */
  static fromMolBlock(molblock: string, limits: MoleculeLimits = DEFAULT_LIMITS): ParseResult {
    if (!molblock.includes('M  END')) return fail('unparseable', 'not a molblock');
    return Molecule.read(molblock, limits);
  }

  /** RDKit reads SMILES or a molblock; failures become reasons, size is checked. */
  private static read(input: string, limits: MoleculeLimits): ParseResult {
    const tooLarge = structureProblem(input);
    if (tooLarge) return fail('too_large', tooLarge);
    takeRDKitError();
    return withScope((own): ParseResult => {
      const mol = own(readMol(input, JSON.stringify({ assignCIPLabels: false })));
      if (!mol || !mol.is_valid()) return classifyFailure(takeRDKitError());
      const heavy = mol.get_num_atoms(true);
      if (heavy === 0) return fail('empty', 'the molecule has no heavy atoms');
      if (heavy > limits.maxHeavyAtoms) {
        return fail('too_large', `${heavy} heavy atoms; the limit is ${limits.maxHeavyAtoms}`);
      }
      return { ok: true, molecule: new Molecule(mol.get_smiles(), heavy) };
    });
  }

  /** For SMILES already known to be canonical and valid (stored results, libraries). */
  static trusted(canonical: string): Molecule {
    return new Molecule(canonical, NaN);
  }

  /** Standard InChI; empty string if InChI cannot represent the molecule. */
  inchi(): string {
    return withScope((own) => own(readMol(this.smiles))?.get_inchi() ?? '');
  }

  /** Standard InChIKey; empty string if unavailable. */
  inchiKey(): string {
    return inchiKeyOf(this.smiles);
  }

  /** Canonical SMILES without stereo: equal for stereoisomers. */
  stereoFreeSmiles(): string {
    return withScope(
      (own) =>
        own(readMol(this.smiles))?.get_smiles(JSON.stringify({ doIsomericSmiles: false })) ??
        this.smiles,
    );
  }

  descriptors(): Descriptors {
    return withScope((own) => {
      const mol = own(readMol(this.smiles));
      if (!mol) throw new Error(`stored molecule no longer parses: ${this.smiles}`);
      const d = JSON.parse(mol.get_descriptors()) as Record<string, number>;
      return {
        heavyAtoms: d.NumHeavyAtoms,
        rings: d.NumRings,
        aromaticRings: d.NumAromaticRings,
        stereocentres: d.NumAtomStereoCenters,
        molecularWeight: d.amw,
        rotatableBonds: d.NumRotatableBonds,
      };
    });
  }
}

/** Standard InChIKey of a SMILES string; empty string when InChI cannot be made. */
export function inchiKeyOf(smiles: string): string {
  return withScope((own) => {
    const mol = own(readMol(smiles));
    if (!mol) return '';
    const inchi = mol.get_inchi();
    return inchi ? rdkit().get_inchikey_for_inchi(inchi) : '';
  });
}

/** Canonical SMILES for trusted-but-uncanonical input; null when invalid. */
export function canonicalize(smiles: string): string | null {
  return canonicalSmiles(smiles);
}

function fail(code: MoleculeErrorCode, message: string): ParseResult {
  return { ok: false, error: { code, message } };
}

/** RDKit's SMILES parser complaints, in words. */
const PARSE_PROBLEMS: Record<string, string> = {
  'extra open parentheses': 'a parenthesis is opened but never closed',
  'extra close parentheses': 'a parenthesis is closed that was never opened',
  'unclosed ring': 'a ring is opened (a ring-bond digit) but never closed',
  'syntax error': 'not valid SMILES',
};

/** RDKit's log of a failed read as a reason in words; RDKit counts atoms from 0, people from 1. */
function classifyFailure(log: string): ParseResult {
  const first = log.split('; ')[0] ?? '';
  if (/SMILES Parse Error/i.test(log)) {
    const what = first
      .replace(/^SMILES Parse Error: /, '')
      .replace(/ (while parsing|for input):.*$/, '');
    const at = /around position (\d+)/.exec(log);
    return fail(
      'unparseable',
      `${PARSE_PROBLEMS[what] ?? what}${at ? ` (at character ${at[1]})` : ''}`,
    );
  }
  const valence = /Explicit valence for atom # (\d+) (\w+), (\d+), is greater than permitted/.exec(
    log,
  );
  if (valence) {
    const [, index, element, bonds] = valence;
    return fail(
      'valence',
      `atom ${Number(index) + 1} (${element}) has ${bonds} bonds, more than ${element} can have`,
    );
  }
  const detail = first || 'RDKit could not read the molecule';
  if (/valence/i.test(log)) return fail('valence', detail);
  const unkekulized = /Unkekulized atoms: ([\d ]+)/.exec(log);
  if (unkekulized) {
    const atoms = unkekulized[1]
      .trim()
      .split(/\s+/)
      .map((i) => Number(i) + 1);
    return fail(
      'aromaticity',
      `aromatic ring that cannot be drawn with alternating single and double bonds (atoms ${atoms.join(', ')}); check its aromatic atoms and [nH]`,
    );
  }
  if (/kekulize|aromatic/i.test(log)) return fail('aromaticity', detail);
  return fail('invalid', detail);
}
