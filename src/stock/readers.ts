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

const INCHIKEY = /^[A-Z]{14}-[A-Z]{10}-[A-Z]$/;

export function readLibraryText(path: string): string {
  const bytes = readFileSync(path);
  const text =
    path.endsWith('.gz') || (bytes[0] === 0x1f && bytes[1] === 0x8b) ? gunzipSync(bytes) : bytes;
  return text.toString('utf8');
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

export function readRows(text: string, format: LibraryFormat): RawRow[] {
  switch (format) {
    case 'smi':
      return readSmi(text);
    case 'inchikey':
      return readInchiKeys(text);
    case 'csv':
      return readCsv(text);
    case 'sdf':
      return readSdf(text);
  }
}

function lines(text: string): string[] {
  return text.split(/\r?\n/);
}

function readSmi(text: string): RawRow[] {
  const rows: RawRow[] = [];
  lines(text).forEach((l, i) => {
    const fields = l.trim().split(/\s+/);
    if (!fields[0]) return;
    if (rows.length === 0 && /^smiles$/i.test(fields[0])) return; // header
    rows.push({ line: i + 1, structure: fields[0], id: fields[1] });
  });
  return rows;
}

function readInchiKeys(text: string): RawRow[] {
  const rows: RawRow[] = [];
  lines(text).forEach((l, i) => {
    const key = l.trim().split(/\s+/)[0];
    if (!key || /^inchi_?key$/i.test(key)) return;
    rows.push({
      line: i + 1,
      structure: key.replace(/^InChIKey=/, ''),
      id: l.trim().split(/\s+/)[1],
    });
  });
  return rows;
}

const COLUMN_ALIASES: Record<string, string[]> = {
  structure: ['smiles', 'canonical_smiles', 'smi', 'structure'],
  id: ['id', 'identifier', 'catalog_id', 'catalogue_id', 'name'],
  provider: ['provider', 'datasetprovider', 'dataset_provider', 'vendor', 'supplier'],
  price: ['price', 'price_usd', 'cost'],
  availability: ['availability', 'available', 'stock'],
};

function readCsv(text: string): RawRow[] {
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
    });
  } catch (e) {
    throw new LibraryFormatError(`CSV could not be read: ${(e as Error).message}`);
  }
  if (!records.length) return [];
  const header = records[0].map((h) => h.toLowerCase().replace(/\s+/g, '_'));
  const col = (field: string) => header.findIndex((h) => COLUMN_ALIASES[field].includes(h));
  const smilesCol = col('structure');
  if (smilesCol < 0) throw new LibraryFormatError('CSV needs a "smiles" column');
  const [idCol, providerCol, priceCol, availCol] = ['id', 'provider', 'price', 'availability'].map(
    col,
  );
  const rows: RawRow[] = [];
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
  return rows;
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}

function readSdf(text: string): RawRow[] {
  const rows: RawRow[] = [];
  let line = 1;
  for (const record of text.split(/^\$\$\$\$\s*$/m)) {
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
  return rows;
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
