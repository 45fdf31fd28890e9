/**
 * Files around a reaction corpus: the inputs that are not atom-mapped
 * reactions (reaction tables with reference templates, template sets) and
 * the labels file the policy is trained from. Labels list data-set
 * molecules, so they are written outside the repository.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse/sync';
import { InputError, readText } from './reaction-input.js';
import type { CorpusBuilder, CorpusLabel } from './corpus.js';

export interface ReferenceReaction {
  product: string;
  reactants: string;
  template: string;
}

/**
 * Rows of a reaction table with a reference retro template per reaction:
 * columns prod_smiles, reactants_can, reaction_smarts and (optionally) split,
 * as in USPTO-50k's MHNreact table; only rows of `split` when it has one.
 */
export function readReferenceTable(path: string, split: string): ReferenceReaction[] {
  const rows = parseCsv(readText(path), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  if (!rows.length) return [];
  for (const c of ['prod_smiles', 'reactants_can', 'reaction_smarts']) {
    if (!(c in rows[0])) throw new InputError(`${path}: expected a "${c}" column`);
  }
  return rows
    .filter((r) => !('split' in r) || r.split === split)
    .map((r) => ({
      product: r.prod_smiles,
      reactants: r.reactants_can,
      template: r.reaction_smarts,
    }));
}

/**
 * Templates with counts: a JSON list of {reaction_smarts, count} (ASKCOS /
 * template-relevance format, gzip allowed) or a CSV with retro_template and count.
 */
export function readTemplateSet(path: string): { smarts: string; count: number }[] {
  const text = readText(path);
  if (/\.json(\.gz)?$/i.test(path)) {
    const list = JSON.parse(text) as { reaction_smarts?: string; count?: number }[];
    if (!Array.isArray(list)) throw new InputError(`${path}: expected a JSON list of templates`);
    return list
      .filter((t) => typeof t.reaction_smarts === 'string')
      .map((t) => ({ smarts: t.reaction_smarts as string, count: Math.max(1, t.count ?? 1) }));
  }
  const rows = parseCsv(text, { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  if (rows.length && !('retro_template' in rows[0]))
    throw new InputError(`${path}: expected a "retro_template" column`);
  return rows.map((r) => ({ smarts: r.retro_template, count: Math.max(1, Number(r.count) || 1) }));
}

/** Writes the corpus labels as gzip JSON lines: {product, reactants, specific, general, source}. */
export function writeLabels(path: string, corpus: CorpusBuilder): void {
  const sources = corpus.sources.map((s) => s.file);
  const lines = corpus.labels.map((l) => JSON.stringify({ ...l, source: sources[l.source] }));
  writeFileSync(path, gzipSync(`${lines.join('\n')}\n`));
}

export interface StoredLabel extends Omit<CorpusLabel, 'source'> {
  source: string;
}

export function readLabels(path: string): StoredLabel[] {
  const bytes = readFileSync(path);
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString();
  return text
    .split('\n')
    .filter(Boolean)
    .map((line, i) => {
      try {
        return JSON.parse(line) as StoredLabel;
      } catch {
        throw new InputError(`${path}: line ${i + 1} is not a label`);
      }
    });
}
