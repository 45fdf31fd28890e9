/**
 * Reading reaction (and product) records from files: one reaction SMILES per
 * line (extra whitespace-separated fields ignored), or CSV with a header and
 * a named column; `.gz` files are decompressed.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export class InputError extends Error {}

export interface NumberedRecord {
  /** 1-based line number in the file. */
  line: number;
  text: string;
}

export interface RecordFile {
  records: NumberedRecord[];
  format: 'csv' | 'lines';
  /** CSV column used. */
  column?: string;
}

export interface ReadOptions {
  /** CSV column holding the records (default: the first column holding reaction SMILES). */
  column?: string;
  /** CSV only: keep rows whose `split` column equals this. */
  split?: string;
}

const REACTION = /^[^\s>]+>[^\s>]*>[^\s>]+$/;

export function readText(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new InputError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
}

export function isCsvPath(path: string): boolean {
  return /\.csv(\.gz)?$/i.test(path);
}

/** Reaction records of a file (CSV when the name ends in .csv[.gz] or a column is named). */
export function readReactionFile(path: string, options: ReadOptions = {}): RecordFile {
  const lines = readText(path).split(/\r?\n/);
  if (isCsvPath(path) || options.column) return readCsv(path, lines, options, isReactionColumn);
  const records: NumberedRecord[] = [];
  lines.forEach((raw, i) => {
    const text = raw.trim().split(/\s+/)[0];
    if (text) records.push({ line: i + 1, text });
  });
  return { records, format: 'lines' };
}

function isReactionColumn(_name: string, values: string[]): boolean {
  return values.length > 0 && values.every((v) => REACTION.test(v));
}

/**
 * Products of a file: a CSV product column (prod_smiles, product, products)
 * or the product part of reaction records; plain lines: the first field.
 */
export function readProductFile(path: string, options: ReadOptions = {}): string[] {
  const lines = readText(path).split(/\r?\n/);
  const records =
    isCsvPath(path) || options.column
      ? readCsv(
          path,
          lines,
          options,
          (name, values) => isProductColumn(name) || isReactionColumn(name, values),
        ).records
      : lines
          .map((l, i) => ({ line: i + 1, text: l.trim().split(/\s+/)[0] }))
          .filter((r) => r.text);
  return records
    .map((r) => (r.text.includes('>') ? (r.text.split('>')[2] ?? '') : r.text))
    .filter(Boolean);
}

function isProductColumn(name: string): boolean {
  return /^(prod_smiles|product|products|product_smiles)$/i.test(name);
}

function readCsv(
  path: string,
  lines: string[],
  options: ReadOptions,
  suits: (name: string, sample: string[]) => boolean,
): RecordFile {
  const header = splitCsvLine(lines[0] ?? '');
  const rows = lines
    .slice(1)
    .map((l, i) => ({ line: i + 2, fields: splitCsvLine(l) }))
    .filter((r) => r.fields.some((f) => f !== ''));
  const sample = rows.slice(0, 20);
  let col: number;
  if (options.column) {
    col = header.indexOf(options.column);
    if (col < 0) {
      throw new InputError(
        `${path}: no column "${options.column}" (columns: ${header.join(', ')})`,
      );
    }
  } else {
    col = header.findIndex((name, c) =>
      suits(
        name,
        sample.map((r) => r.fields[c] ?? ''),
      ),
    );
    if (col < 0)
      throw new InputError(`${path}: no column of reaction SMILES found; name one with --column`);
  }
  let kept = rows;
  if (options.split !== undefined) {
    const splitCol = header.indexOf('split');
    if (splitCol >= 0) kept = rows.filter((r) => r.fields[splitCol] === options.split);
  }
  const records = kept
    .map((r) => ({ line: r.line, text: (r.fields[col] ?? '').trim() }))
    .filter((r) => r.text);
  return { records, format: 'csv', column: header[col] };
}

/** Splits one CSV line (double-quoted fields may hold commas and doubled quotes). */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}
