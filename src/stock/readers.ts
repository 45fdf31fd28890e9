/**
 * Readers for building-block and target files: SMILES lists, CSV, SDF and
 * InChIKey lists. They only split text into rows; chemistry happens later, so
 * a bad row is counted, never fatal.
 *
 * CSV columns are found by header name (case-insensitive, spaces read as
 * `_`), the left-most matching column winning: SMILES `smiles`,
 * `canonical_smiles`, `smi` or `structure` (required); identifier `id`,
 * `identifier`, `compound_id`, `catalog_id`, `catalogue_id`, `mol_id`,
 * `molecule_id` or `name`; provider `provider`, `datasetprovider`,
 * `dataset_provider`, `vendor` or `supplier`; price `price`, `price_usd` or
 * `cost` (a number; anything else is "no price"); availability
 * `availability`, `available` or `stock`. `idColumn` names the identifier
 * column (or SDF data item) explicitly.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse/sync';

export type LibraryFormat = 'smi' | 'csv' | 'sdf' | 'inchikey';

export interface RawRow {
  line: number;
  /** SMILES, a molblock, or an InChIKey depending on the format. */
  structure: string;
  id?: string;
  /** A SMILES line's text after the SMILES (Daylight's name field); an SDF record's title line. */
  title?: string;
  provider?: string;
  price?: number;
  availability?: string;
}

export class LibraryFormatError extends Error {}

/** An upload over a configured limit (inflated size or rows): refused, not imported. */
export class LibraryTooLargeError extends Error {
  readonly code = 'library_too_large';
  constructor(
    readonly limit: 'inflated_size' | 'rows',
    message: string,
  ) {
    super(message);
  }
}

/** Caps for files from untrusted hands; the CLI reads operator files without them. */
export interface ReadLimits {
  /** Largest file after decompression, bytes. */
  maxInflatedBytes?: number;
  /** Most rows (structures) read. */
  maxRows?: number;
}

export interface ReadOptions {
  /** Most rows read; more is refused (LibraryTooLargeError). */
  maxRows?: number;
  /** The CSV column or SDF data item holding the identifier, instead of the usual names. */
  idColumn?: string;
}

const INCHIKEY = /^[A-Z]{14}-[A-Z]{10}-[A-Z]$/;

/**
 * The file as text, inflated when gzipped. Inflation stops at the size cap, so
 * a small gzip bomb costs at most that much memory and time.
 */
export function readLibraryText(path: string, maxInflatedBytes = Infinity): string {
  const bytes = readFileSync(path);
  const tooLarge = () =>
    new LibraryTooLargeError(
      'inflated_size',
      `The file is larger than ${describeBytes(maxInflatedBytes)} once decompressed.`,
    );
  let text = bytes;
  if (path.endsWith('.gz') || (bytes[0] === 0x1f && bytes[1] === 0x8b)) {
    try {
      text = gunzipSync(
        bytes,
        Number.isFinite(maxInflatedBytes) ? { maxOutputLength: maxInflatedBytes } : {},
      );
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
      throw new LibraryFormatError(`gzip data could not be read: ${(e as Error).message}`);
    }
  }
  if (text.length > maxInflatedBytes) throw tooLarge();
  try {
    return text.toString('utf8');
  } catch {
    // Past V8's longest string (about 512 MB).
    throw new LibraryTooLargeError('inflated_size', 'The file is too large to be read as text.');
  }
}

function describeBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${n} bytes`;
}

/** Picks the format from the file name, or from the content when the name says nothing. */
export function detectFormat(name: string, text: string): LibraryFormat {
  const base = name.toLowerCase().replace(/\.gz$/, '');
  if (/\.(sdf|sd|mol)$/.test(base)) return 'sdf';
  if (/\.(csv|tsv)$/.test(base)) return 'csv';
  const first = text.split(/\r?\n/).find((l) => l.trim()) ?? '';
  if (INCHIKEY.test(first.trim().split(/\s+/)[0]) || /^inchi_?key$/i.test(first.trim()))
    return 'inchikey';
  if (text.includes('M  END')) return 'sdf';
  // A table saved under another name (.txt, .smi): SMILES never contain commas (a name after
  // the SMILES may), and a tab- or semicolon-separated header names a SMILES column.
  const fields = first.split(/[\t;]/);
  if (
    first.trim().split(/\s+/)[0].includes(',') ||
    (fields.length > 1 && headerColumn(fields, 'structure') >= 0)
  )
    return 'csv';
  return 'smi';
}

/** Splits the text into rows; more than `maxRows` rows is refused as soon as it is seen. */
export function readRows(text: string, format: LibraryFormat, options: ReadOptions = {}): RawRow[] {
  const rows = new RowList(options.maxRows ?? Infinity);
  switch (format) {
    case 'smi':
      readSmi(text, rows);
      break;
    case 'inchikey':
      readInchiKeys(text, rows);
      break;
    case 'csv':
      readCsv(text, rows, options);
      break;
    case 'sdf':
      readSdf(text, rows, options);
      break;
  }
  return rows.items;
}

class RowList {
  readonly items: RawRow[] = [];
  constructor(readonly max: number) {}

  push(row: RawRow): void {
    if (this.items.length >= this.max)
      throw new LibraryTooLargeError('rows', `The file has more than ${this.max} rows.`);
    this.items.push(row);
  }
}

/**
 * The pieces of `text` between matches of `separator` (a global regex), one at
 * a time: a file of millions of empty lines never becomes an array of them.
 */
function* pieces(text: string, separator: RegExp): Generator<string> {
  separator.lastIndex = 0;
  let start = 0;
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    yield text.slice(start, m.index);
    start = m.index + m[0].length;
    if (m[0].length === 0) separator.lastIndex++;
  }
  yield text.slice(start);
}

function* lines(text: string): Generator<[string, number]> {
  let i = 0;
  for (const l of pieces(text, /\r?\n/g)) yield [l, ++i];
}

function readSmi(text: string, rows: RowList): void {
  for (const [l, line] of lines(text)) {
    const fields = l.trim().split(/\s+/);
    if (!fields[0]) continue;
    if (rows.items.length === 0 && /^smiles$/i.test(fields[0])) continue; // header
    const title = l.trim().slice(fields[0].length).trim();
    rows.push({ line, structure: fields[0], id: fields[1], title: title || undefined });
  }
}

function readInchiKeys(text: string, rows: RowList): void {
  for (const [l, line] of lines(text)) {
    const fields = l.trim().split(/\s+/);
    const key = fields[0];
    if (!key || /^inchi_?key$/i.test(key)) continue;
    rows.push({ line, structure: key.replace(/^InChIKey=/, ''), id: fields[1] });
  }
}

const COLUMN_ALIASES: Record<string, string[]> = {
  structure: ['smiles', 'canonical_smiles', 'smi', 'structure'],
  id: [
    'id',
    'identifier',
    'compound_id',
    'catalog_id',
    'catalogue_id',
    'mol_id',
    'molecule_id',
    'name',
  ],
  provider: ['provider', 'datasetprovider', 'dataset_provider', 'vendor', 'supplier'],
  price: ['price', 'price_usd', 'cost'],
  availability: ['availability', 'available', 'stock'],
};

const normalizeHeader = (h: string) => h.trim().toLowerCase().replace(/\s+/g, '_');

/** The left-most column named like `field`, or -1. */
function headerColumn(header: string[], field: string): number {
  return header.map(normalizeHeader).findIndex((h) => COLUMN_ALIASES[field].includes(h));
}

function readCsv(text: string, rows: RowList, options: ReadOptions): void {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = [',', '\t', ';'].sort((a, b) => count(firstLine, b) - count(firstLine, a))[0];
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
      bom: true,
      // The header and one record past the cap: enough to refuse, without parsing the rest.
      ...(Number.isFinite(rows.max) ? { to: rows.max + 2 } : {}),
    });
  } catch (e) {
    throw new LibraryFormatError(`CSV could not be read: ${(e as Error).message}`);
  }
  if (!records.length) return;
  if (records.length > rows.max + 1)
    throw new LibraryTooLargeError('rows', `The file has more than ${rows.max} rows.`);
  const header = records[0];
  const col = (field: string) => headerColumn(header, field);
  const columns = header.map((h) => `"${h}"`).join(', ');
  const smilesCol = col('structure');
  if (smilesCol < 0)
    throw new LibraryFormatError(
      `no SMILES column: the header line has ${columns}; name the column with the SMILES "smiles"`,
    );
  const [providerCol, priceCol, availCol] = ['provider', 'price', 'availability'].map(col);
  const idCol = options.idColumn
    ? header.findIndex((h) => normalizeHeader(h) === normalizeHeader(options.idColumn as string))
    : col('id');
  if (idCol < 0 && options.idColumn)
    throw new LibraryFormatError(`no column "${options.idColumn}": the header line has ${columns}`);
  records.slice(1).forEach((r, i) => {
    // Blank lines are skipped; a row with cells but no SMILES is kept, to be reported.
    if (r.every((cell) => !cell)) return;
    const structure = r[smilesCol] ?? '';
    const price = priceCol >= 0 && r[priceCol] !== '' ? Number(r[priceCol]) : undefined;
    rows.push({
      line: i + 2,
      structure,
      id: idCol >= 0 ? r[idCol] || undefined : undefined,
      provider: providerCol >= 0 ? r[providerCol] || undefined : undefined,
      price: price !== undefined && Number.isFinite(price) && price >= 0 ? price : undefined,
      availability: availCol >= 0 ? r[availCol] || undefined : undefined,
    });
  });
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}

function readSdf(text: string, rows: RowList, options: ReadOptions): void {
  let line = 1;
  for (const record of pieces(text, /^\$\$\$\$\s*$/gm)) {
    const startLine = line;
    line += count(record, '\n');
    const end = record.indexOf('M  END');
    if (end < 0) continue;
    const molblock = record.slice(0, end + 6).replace(/^\r?\n/, '');
    const fields = sdfFields(record.slice(end + 6));
    const price = fields.price !== undefined ? Number(fields.price) : undefined;
    const title = firstLine(molblock);
    rows.push({
      line: startLine,
      structure: molblock,
      title,
      id: options.idColumn
        ? fields[options.idColumn.toLowerCase()]
        : (fields.id ?? fields.identifier ?? title),
      provider: fields.provider ?? fields.vendor ?? fields.supplier,
      price: price !== undefined && Number.isFinite(price) && price >= 0 ? price : undefined,
      availability: fields.availability,
    });
  }
}

function sdfFields(tail: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^>\s*.*?<([^>]+)>.*\r?\n([^\r\n]*)/gm;
  for (const m of tail.matchAll(re)) out[m[1].trim().toLowerCase()] = m[2].trim();
  return out;
}

function firstLine(molblock: string): string | undefined {
  const name = molblock.split(/\r?\n/)[0]?.trim();
  return name || undefined;
}
