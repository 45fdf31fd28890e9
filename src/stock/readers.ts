/**
 * Readers for building-block files: SMILES lists, CSV, SDF and InChIKey
 * lists. They only split text into rows; chemistry happens later, so a bad
 * row is counted, never fatal.
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
  return 'smi';
}

/** Splits the text into rows; more than `maxRows` rows is refused as soon as it is seen. */
export function readRows(text: string, format: LibraryFormat, maxRows = Infinity): RawRow[] {
  const rows = new RowList(maxRows);
  switch (format) {
    case 'smi':
      readSmi(text, rows);
      break;
    case 'inchikey':
      readInchiKeys(text, rows);
      break;
    case 'csv':
      readCsv(text, rows);
      break;
    case 'sdf':
      readSdf(text, rows);
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
    rows.push({ line, structure: fields[0], id: fields[1] });
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
  id: ['id', 'identifier', 'catalog_id', 'catalogue_id', 'name'],
  provider: ['provider', 'datasetprovider', 'dataset_provider', 'vendor', 'supplier'],
  price: ['price', 'price_usd', 'cost'],
  availability: ['availability', 'available', 'stock'],
};

function readCsv(text: string, rows: RowList): void {
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
  const header = records[0].map((h) => h.toLowerCase().replace(/\s+/g, '_'));
  const col = (field: string) => header.findIndex((h) => COLUMN_ALIASES[field].includes(h));
  const smilesCol = col('structure');
  if (smilesCol < 0) throw new LibraryFormatError('CSV needs a "smiles" column');
  const [idCol, providerCol, priceCol, availCol] = ['id', 'provider', 'price', 'availability'].map(
    col,
  );
  records.slice(1).forEach((r, i) => {
    const structure = r[smilesCol];
    if (!structure) return;
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

function readSdf(text: string, rows: RowList): void {
  let line = 1;
  for (const record of pieces(text, /^\$\$\$\$\s*$/gm)) {
    const startLine = line;
    line += count(record, '\n');
    const end = record.indexOf('M  END');
    if (end < 0) continue;
    const molblock = record.slice(0, end + 6).replace(/^\r?\n/, '');
    const fields = sdfFields(record.slice(end + 6));
    const price = fields.price !== undefined ? Number(fields.price) : undefined;
    rows.push({
      line: startLine,
      structure: molblock,
      id: fields.id ?? fields.identifier ?? firstLine(molblock),
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
