/**
 * Targets for `synroute batch submit`: one SMILES per line, a CSV/TSV with a
 * smiles column, or an SDF (molblocks become SMILES through RDKit). Reading
 * reuses the building-block readers, so the same files work in both places.
 */
import { existsSync } from 'node:fs';
import { loadRDKit, Molecule } from '../chem/index.js';
import { detectFormat, LibraryFormatError, readLibraryText, readRows } from '../stock/readers.js';
import { UserError } from './errors.js';

export interface Target {
  /** 1-based line (or record start line) in the input file. */
  line: number;
  smiles: string;
}

export interface TargetFile {
  targets: Target[];
  /** Records that could not be read, with why (SDF only: other formats pass SMILES through). */
  skipped: { line: number; reason: string }[];
  duplicates: number;
}

export async function readTargets(path: string): Promise<TargetFile> {
  if (!existsSync(path)) throw new UserError(`no such file: ${path}`);
  const text = readLibraryText(path);
  const format = detectFormat(path, text);
  if (format === 'inchikey')
    throw new UserError(`${path}: InChIKeys cannot be planned; give SMILES, CSV or SDF`);
  let rows;
  try {
    rows = readRows(text, format);
  } catch (e) {
    if (e instanceof LibraryFormatError) throw new UserError(`${path}: ${e.message}`);
    throw e;
  }
  const skipped: TargetFile['skipped'] = [];
  let candidates: Target[] = rows.map((r) => ({ line: r.line, smiles: r.structure }));
  if (format === 'sdf') {
    await loadRDKit();
    candidates = [];
    for (const r of rows) {
      const parsed = Molecule.fromMolBlock(r.structure);
      if (parsed.ok) candidates.push({ line: r.line, smiles: parsed.molecule.smiles });
      else skipped.push({ line: r.line, reason: parsed.error.message });
    }
  }
  const seen = new Set<string>();
  const targets = candidates.filter((t) => !seen.has(t.smiles) && seen.add(t.smiles));
  if (!targets.length) throw new UserError(`${path}: no molecules found`);
  return { targets, skipped, duplicates: candidates.length - targets.length };
}
