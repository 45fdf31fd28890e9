/**
 * Import of a building-block file into the on-disk library format. Rows are
 * canonicalized by RDKit in worker threads; files that are already RDKit
 * canonical SMILES (checked on a random sample) skip that step, which is what
 * makes million-molecule imports take a minute instead of ten.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { cpus } from 'node:os';
import { workerPool } from '../util/worker-pool.js';
import { siblingWorker } from '../util/paths.js';
import { loadRDKit } from '../chem/index.js';
import { buildHashIndex, StringColumn, StringColumnBuilder } from './columns.js';
import { keysFor, KeyOptions, looksCanonical, NO_KEYS, RowKeys } from './keys.js';
import { LibraryHeader, SectionArray, writeLibraryFile } from './library-file.js';
import {
  detectFormat,
  LibraryFormat,
  RawRow,
  ReadLimits,
  readLibraryText,
  readRows,
} from './readers.js';

export interface ImportOptions extends ReadLimits {
  id: string;
  name?: string;
  provider?: string;
  description?: string;
  format?: LibraryFormat;
  /** Also compute InChIKeys for SMILES/SDF input (about 3x slower). */
  inchiKeys?: boolean;
  threads?: number;
  /** Skip the canonical-input check and always re-canonicalize. */
  alwaysCanonicalize?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface ImportReport {
  id: string;
  rows: number;
  size: number;
  invalid: number;
  duplicates: number;
  invalidExamples: string[];
  trustedCanonicalInput: boolean;
  seconds: number;
}

export const LIBRARY_ID = /^\w+$/;

export async function importLibraryFile(
  inputPath: string,
  outputPath: string,
  opts: ImportOptions,
): Promise<ImportReport> {
  const text = readLibraryText(inputPath, opts.maxInflatedBytes);
  return importLibraryText(text, basename(inputPath), outputPath, opts);
}

export async function importLibraryText(
  text: string,
  fileName: string,
  outputPath: string,
  opts: ImportOptions,
): Promise<ImportReport> {
  const start = performance.now();
  if (!LIBRARY_ID.test(opts.id)) throw new Error(`library id must match ^\\w+$: ${opts.id}`);
  const format = opts.format ?? detectFormat(fileName, text);
  const rows = readRows(text, format, { maxRows: opts.maxRows });
  await loadRDKit();
  const keyed = format === 'inchikey' ? inchiKeyRows(rows) : await keyRows(rows, format, opts);
  const built = assemble(rows, keyed.keys);
  const keys =
    format === 'inchikey'
      ? 'inchikey'
      : keyed.trusted
        ? 'rdkit-canonical-trusted'
        : 'rdkit-canonical';
  writeLibraryFile(
    outputPath,
    {
      id: opts.id,
      name: opts.name ?? opts.id,
      provider: opts.provider ?? 'unknown',
      description: opts.description,
      size: built.size,
      createdAt: new Date().toISOString(),
      contentHash: contentHash(keys, built),
      keys,
      formKeys: true,
      providers: built.providers,
      availabilities: built.availabilities,
      import: {
        rows: rows.length,
        invalid: built.invalid,
        duplicates: built.duplicates,
        invalidExamples: built.invalidExamples,
      },
    },
    built.sections,
  );
  return {
    id: opts.id,
    rows: rows.length,
    size: built.size,
    invalid: built.invalid,
    duplicates: built.duplicates,
    invalidExamples: built.invalidExamples,
    trustedCanonicalInput: keyed.trusted,
    seconds: Math.round((performance.now() - start) / 100) / 10,
  };
}

/** What lookups read (keys kind, dictionaries, sections); not the name or the import time. */
function contentHash(keys: string, built: Assembled): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([keys, built.providers, built.availabilities]));
  for (const name of Object.keys(built.sections).sort()) {
    const a = built.sections[name];
    hash.update(name).update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  return hash.digest('hex').slice(0, 16);
}

const INCHIKEY = /^[A-Z]{14}-[A-Z]{10}-[A-Z]$/;

function inchiKeyRows(rows: RawRow[]): { keys: RowKeys[]; trusted: boolean } {
  const keys = rows.map((r): RowKeys =>
    INCHIKEY.test(r.structure)
      ? { ...NO_KEYS, inchiKey: r.structure }
      : { ...NO_KEYS, error: 'not an InChIKey' },
  );
  return { keys, trusted: false };
}

async function keyRows(
  rows: RawRow[],
  format: LibraryFormat,
  opts: ImportOptions,
): Promise<{ keys: RowKeys[]; trusted: boolean }> {
  const kind = format === 'sdf' ? 'molblock' : 'smiles';
  const trusted =
    kind === 'smiles' &&
    !opts.alwaysCanonicalize &&
    looksCanonical(
      sample(
        rows.map((r) => r.structure),
        2000,
      ),
    );
  const options: KeyOptions = { kind, trusted, inchiKeys: !!opts.inchiKeys };
  const keys: RowKeys[] = new Array(rows.length);
  // Every row needs its parent and tautomer key (tens of microseconds on our own graph), so
  // all rows go to the worker threads, trusted canonical input included.
  const pending = rows.map((_, i) => i);
  await computeInWorkers(rows, pending, keys, options, opts);
  return { keys, trusted };
}

async function computeInWorkers(
  rows: RawRow[],
  pending: number[],
  keys: RowKeys[],
  options: KeyOptions,
  opts: ImportOptions,
): Promise<void> {
  const threads = Math.max(1, opts.threads ?? cpus().length);
  let done = rows.length - pending.length;
  opts.onProgress?.(done, rows.length);
  if (pending.length < 2000 || threads === 1) {
    for (const i of pending) {
      keys[i] = keysFor(rows[i].structure, options);
      if (++done % 1000 === 0) opts.onProgress?.(done, rows.length);
    }
    opts.onProgress?.(rows.length, rows.length);
    return;
  }
  const pool = workerPool(siblingWorker(import.meta.url, 'keys-worker.js'), {
    minThreads: threads,
    maxThreads: threads,
  });
  try {
    const batch = 1000;
    const tasks: Promise<void>[] = [];
    for (let b = 0; b < pending.length; b += batch) {
      const idx = pending.slice(b, b + batch);
      tasks.push(
        pool
          .run({ structures: idx.map((i) => rows[i].structure), options })
          .then((res: RowKeys[]) => {
            res.forEach((k, j) => (keys[idx[j]] = k));
            done += idx.length;
            opts.onProgress?.(done, rows.length);
          }),
      );
    }
    await Promise.all(tasks);
  } finally {
    await pool.destroy();
  }
}

function sample<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  const out: T[] = [];
  const step = items.length / n;
  for (let k = 0; k < n; k++) out.push(items[Math.floor(k * step + ((k * 7919) % step))]);
  return out;
}

interface Assembled {
  size: number;
  invalid: number;
  duplicates: number;
  invalidExamples: string[];
  providers: string[];
  availabilities: string[];
  sections: Record<string, SectionArray>;
}

/** Deduplicates rows by key and lays out columns and hash indexes. */
function assemble(rows: RawRow[], keys: RowKeys[]): Assembled {
  const smiles = new StringColumnBuilder();
  const stereoFree = new StringColumnBuilder();
  const parents = new StringColumnBuilder();
  const tautomers = new StringColumnBuilder();
  const inchiKeys = new StringColumnBuilder();
  const ids = new StringColumnBuilder();
  const prices: number[] = [];
  const providerIdx: number[] = [];
  const availIdx: number[] = [];
  const providers = new Dictionary();
  const availabilities = new Dictionary();
  const seen = new Map<string, number>();
  let invalid = 0;
  let duplicates = 0;
  const invalidExamples: string[] = [];
  rows.forEach((row, i) => {
    const k = keys[i];
    const key = k.smiles ?? k.inchiKey;
    if (!key) {
      invalid++;
      if (invalidExamples.length < 20)
        invalidExamples.push(`line ${row.line}: ${k.error ?? 'invalid'}`);
      return;
    }
    const existing = seen.get(key);
    if (existing !== undefined) {
      duplicates++;
      if (
        row.price !== undefined &&
        (Number.isNaN(prices[existing]) || row.price < prices[existing])
      ) {
        prices[existing] = row.price;
      }
      return;
    }
    seen.set(key, smiles.size);
    smiles.add(k.smiles ?? '');
    stereoFree.add(k.stereoFree ?? '');
    parents.add(k.parent ?? '');
    tautomers.add(k.tautomer ?? '');
    inchiKeys.add(k.inchiKey ?? '');
    ids.add(row.id ?? '');
    prices.push(row.price ?? NaN);
    providerIdx.push(providers.index(row.provider));
    availIdx.push(availabilities.index(row.availability));
  });
  const n = smiles.size;
  const idCol = ids.build();
  const keyed = [
    indexedColumn('smiles', smiles, n),
    indexedColumn('stereoFree', stereoFree, n),
    indexedColumn('parent', parents, n),
    indexedColumn('tautomer', tautomers, n),
  ];
  const inchi = indexedColumn('inchiKey', inchiKeys, n);
  const sections: Record<string, SectionArray> = {
    ...Object.assign({}, ...keyed.map((k) => k.sections)),
    ...inchi.sections,
    inchiSkeletonIndex: buildHashIndex(n, (i) => inchi.column.get(i).slice(0, 14) || null),
    idOffsets: idCol.offsets,
    idBlob: idCol.blob,
    price: Float64Array.from(prices),
    provider: Uint16Array.from(providerIdx),
    availability: Uint16Array.from(availIdx),
  };
  return {
    size: n,
    invalid,
    duplicates,
    invalidExamples,
    providers: providers.values,
    availabilities: availabilities.values,
    sections,
  };
}

/** A string column's sections (`<name>Offsets`, `<name>Blob`) and a hash index (`<name>Index`) over its non-empty entries. */
function indexedColumn(
  name: string,
  builder: StringColumnBuilder,
  n: number,
): { column: StringColumn; sections: Record<string, SectionArray> } {
  const { offsets, blob } = builder.build();
  const column = new StringColumn(offsets, blob);
  const index = buildHashIndex(n, (i) => column.get(i) || null);
  return {
    column,
    sections: { [`${name}Offsets`]: offsets, [`${name}Blob`]: blob, [`${name}Index`]: index },
  };
}

/** Small string dictionary; index 0 means "not given". */
class Dictionary {
  readonly values: string[] = [''];
  private readonly map = new Map<string, number>([['', 0]]);

  index(value: string | undefined): number {
    const v = value ?? '';
    let i = this.map.get(v);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(v);
      this.map.set(v, i);
    }
    return i;
  }
}

export type { LibraryHeader };
