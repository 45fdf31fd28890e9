/**
 * Targets for `synroute batch submit` and `synroute plan --input`: one SMILES
 * per line (`.smi`, the rest of the line is the compound's name), a CSV/TSV
 * with a smiles column (and an id column), or an SDF (molblocks become SMILES
 * through RDKit; the title line is the name). Reading reuses the
 * building-block readers, so the same files work in both places.
 *
 * Every line is checked before anything is sent: what cannot be a SMILES, and
 * (for files of up to CHEMISTRY_CHECK_LIMIT targets, where it takes seconds)
 * what RDKit cannot read as a molecule, is reported with its 1-based line
 * number and the reason in words; the rest goes on.
 */
import { existsSync } from 'node:fs';
import { loadRDKit, Molecule } from '../chem/index.js';
import { targetProblem } from '../formats/smiles-input.js';
import {
  detectFormat,
  LibraryFormatError,
  RawRow,
  readLibraryText,
  readRows,
} from '../stock/readers.js';
import { UserError } from './errors.js';

/** Files with more targets are checked as text only; RDKit then reports bad molecules per job. */
export const CHEMISTRY_CHECK_LIMIT = 20_000;

export interface Target {
  /** 1-based line (or record start line) in the input file. */
  line: number;
  smiles: string;
  /** The compound's identifier from the file, verbatim; undefined when it has none. */
  id?: string;
}

export interface InputProblem {
  line: number;
  /** The line's SMILES as read (empty for an SDF record). */
  text: string;
  id?: string;
  reason: string;
}

export interface TargetFile {
  targets: Target[];
  /** Lines that cannot be planned, with why; they are not submitted. */
  problems: InputProblem[];
  /** Lines repeating an earlier target (same SMILES and identifier), dropped. */
  duplicates: number;
  /** Whether RDKit checked every molecule (files up to CHEMISTRY_CHECK_LIMIT targets). */
  chemistryChecked: boolean;
}

export interface ReadTargetOptions {
  /** CSV column (or SDF data item) with the identifiers, instead of the documented names. */
  idColumn?: string;
  /** Longest SMILES the server accepts. */
  maxSmilesLength?: number;
}

export async function readTargets(path: string, opts: ReadTargetOptions = {}): Promise<TargetFile> {
  if (!existsSync(path)) throw new UserError(`no such file: ${path}`);
  const text = readLibraryText(path);
  const format = detectFormat(path, text);
  if (format === 'inchikey')
    throw new UserError(`${path}: InChIKeys cannot be planned; give SMILES, CSV or SDF`);
  if (opts.idColumn && format === 'smi')
    throw new UserError(
      `${path}: --id-column is for CSV and SDF files; in a SMILES file the name follows the SMILES on its line`,
    );
  let rows: RawRow[];
  try {
    rows = readRows(text, format, { idColumn: opts.idColumn });
  } catch (e) {
    if (e instanceof LibraryFormatError) throw new UserError(`${path}: ${e.message}`);
    throw e;
  }
  const idOf = (r: RawRow) => (format === 'csv' || opts.idColumn ? r.id : (r.title ?? r.id));
  const problems: InputProblem[] = [];
  let candidates: Target[] = [];
  const chemistryChecked = format === 'sdf' || rows.length <= CHEMISTRY_CHECK_LIMIT;
  if (chemistryChecked) await loadRDKit();
  const maxLength = opts.maxSmilesLength ?? Infinity;
  for (const r of rows) {
    const id = idOf(r) || undefined;
    if (format === 'sdf') {
      const parsed = Molecule.fromMolBlock(r.structure);
      if (parsed.ok) candidates.push({ line: r.line, smiles: parsed.molecule.smiles, id });
      else problems.push({ line: r.line, text: '', id, reason: parsed.error.message });
      continue;
    }
    const reason = r.structure
      ? targetProblem(r.structure, maxLength, chemistryChecked)
      : 'no SMILES on this line';
    if (reason) problems.push({ line: r.line, text: r.structure, id, reason });
    else candidates.push({ line: r.line, smiles: r.structure, id });
  }
  const seen = new Set<string>();
  const unique = candidates.filter((t) => {
    const key = `${t.smiles}\u0000${t.id ?? ''}`;
    return !seen.has(key) && seen.add(key);
  });
  const duplicates = candidates.length - unique.length;
  candidates = unique;
  if (!candidates.length && !problems.length) throw new UserError(`${path}: no molecules found`);
  return { targets: candidates, problems, duplicates, chemistryChecked };
}

/** Problem lines for a terminal: `file:line (id): SMILES: reason`, at most `limit` of them. */
export function describeProblems(file: string, problems: InputProblem[], limit = 20): string {
  const lines = problems.slice(0, limit).map((p) => {
    const id = p.id ? ` (${p.id})` : '';
    const text = p.text ? `${p.text.length > 60 ? `${p.text.slice(0, 57)}...` : p.text}: ` : '';
    return `  ${file}:${p.line}${id}: ${text}${p.reason}`;
  });
  if (problems.length > limit) lines.push(`  ... and ${problems.length - limit} more`);
  return `${lines.join('\n')}\n`;
}
