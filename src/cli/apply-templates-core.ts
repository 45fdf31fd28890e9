/**
 * The work behind `synroute apply-templates`: shared by the single-threaded
 * path and the worker threads.
 */
import {
  applyTemplate,
  Molecule,
  PreparedMolecule,
  RetroTemplate,
  TemplateError,
} from '../chem/index.js';

export interface NumberedLine {
  line: number;
  text: string;
}

export interface ParsedTemplates {
  templates: (RetroTemplate | null)[];
  errors: string[];
}

/** Templates by 0-based line index; unusable lines become null plus an error message. */
export function parseTemplateLines(lines: string[]): ParsedTemplates {
  const errors: string[] = [];
  const templates = lines.map((raw, i) => {
    const text = raw.trim();
    if (!text) return null;
    try {
      return new RetroTemplate(text.split(/\s+/)[0]);
    } catch (e) {
      const reason = e instanceof TemplateError ? e.message : String(e);
      errors.push(`templates line ${i + 1}: ${reason}`);
      return null;
    }
  });
  return { templates, errors };
}

export interface ApplyResult {
  /** JSON lines, in input order. */
  lines: string[];
  /** Problems with input molecules, by line. */
  errors: string[];
}

export function applyToMolecules(
  templates: (RetroTemplate | null)[],
  molecules: NumberedLine[],
): ApplyResult {
  const lines: string[] = [];
  const errors: string[] = [];
  for (const { line, text } of molecules) {
    const smiles = text.trim().split(/\s+/)[0];
    const parsed = Molecule.parse(smiles);
    if (!parsed.ok) {
      errors.push(`input line ${line}: ${parsed.error.code}: ${parsed.error.message}`);
      continue;
    }
    const prepared = new PreparedMolecule(parsed.molecule.smiles);
    templates.forEach((tpl, index) => {
      if (!tpl) return;
      const outcomes = applyTemplate(tpl, prepared);
      if (outcomes.length)
        lines.push(JSON.stringify({ product: smiles, template: index, outcomes }));
    });
  }
  return { lines, errors };
}
