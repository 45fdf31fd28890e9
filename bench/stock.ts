/**
 * Building-block libraries (issue 4): import of 1,000,000 SMILES (time and
 * peak memory, in a child process), load time, lookup speed, and the
 * throughput of the full RDKit canonicalization path.
 *
 * The million molecules are the dev stock plus USPTO-50k molecules and simple
 * one-atom extensions of them, canonicalized once and cached under the OS
 * temp folder (preparation is not part of the measurement).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalSmiles, loadRDKit } from '../src/chem/index.js';
import { importLibraryFile } from '../src/stock/import.js';
import { BuildingBlockLibrary } from '../src/stock/library.js';
import { LibraryStock } from '../src/stock/stock.js';
import { readSmilesFile, readUspto50k, record, repoRoot, sharedDir } from './shared.js';

const work = join(tmpdir(), 'synroute-bench');
const TARGET = 1_000_000;

export async function stockBench(): Promise<void> {
  mkdirSync(work, { recursive: true });
  const million = await prepareMillion();
  const out = join(work, 'million.srbb');
  rmSync(out, { force: true });
  const child = JSON.parse(
    execFileSync(
      process.execPath,
      [join(repoRoot, 'dist', 'bench', 'stock-import-child.js'), million, out],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      },
    ),
  ) as { seconds: number; size: number; maxRssMB: number; trusted: boolean };

  let t = performance.now();
  const lib = BuildingBlockLibrary.open(out);
  const loadSeconds = (performance.now() - t) / 1000;
  await loadRDKit();
  const stock = new LibraryStock([lib]);
  const queries = readSmilesFile(million)
    .filter((_, i) => i % 10 === 0)
    .slice(0, 100_000);
  const misses = queries.map((q) => `${q}C`); // mostly not in the library (and not canonical)
  t = performance.now();
  let hits = 0;
  let otherHits = 0;
  for (const q of queries) if (stock.contains(q)) hits++;
  for (const q of misses) if (lib.findSmiles(q) >= 0) otherHits++;
  const lookupUs = ((performance.now() - t) * 1000) / (queries.length + misses.length);

  const slow = await slowPathRate();
  record('stock', {
    molecules: child.size,
    importSeconds: child.seconds,
    importPeakRssMB: child.maxRssMB,
    importUsedTrustedCanonicalPath: child.trusted,
    loadSeconds: Math.round(loadSeconds * 100) / 100,
    lookupMicroseconds: Math.round(lookupUs * 100) / 100,
    lookupHitsOfLibraryMolecules: `${hits}/${queries.length}`,
    lookupHitsOfExtendedStrings: `${otherHits}/${misses.length}`,
    fullCanonicalizationMoleculesPerSecond: slow,
  });
}

/** Molecules per second when every row must be canonicalized by RDKit (2 worker threads). */
async function slowPathRate(): Promise<number> {
  const input = join(sharedDir(), 'bench', 'dev-stock.smi');
  const rows = readSmilesFile(input).slice(0, 60_000);
  const file = join(work, 'slow.smi');
  writeFileSync(file, rows.join('\n'));
  const t = performance.now();
  await importLibraryFile(file, join(work, 'slow.srbb'), { id: 'slow', alwaysCanonicalize: true });
  return Math.round(rows.length / ((performance.now() - t) / 1000));
}

async function prepareMillion(): Promise<string> {
  const file = join(work, 'million.smi');
  if (existsSync(file) && readFileSync(file, 'utf8').split('\n').length >= TARGET) return file;
  await loadRDKit();
  const base = new Set<string>(readSmilesFile(join(sharedDir(), 'bench', 'dev-stock.smi')));
  for (const r of readUspto50k())
    for (const s of [r.product, ...r.reactants.split('.')]) base.add(s);
  const variants = join(work, 'variants.smi');
  const lines: string[] = [...base];
  for (const prefix of ['C', 'O', 'N', 'CC', 'F', 'Cl'])
    for (const s of base) lines.push(prefix + s);
  writeFileSync(variants, lines.join('\n'));
  const lib = join(work, 'variants.srbb');
  await importLibraryFile(variants, lib, { id: 'variants', alwaysCanonicalize: true });
  const all = [...BuildingBlockLibrary.open(lib).allSmiles()].slice(0, TARGET);
  if (all.length < TARGET)
    throw new Error(`only ${all.length} distinct molecules could be prepared`);
  // Sanity: the prepared file is RDKit-canonical.
  for (let i = 0; i < 100; i++)
    if (canonicalSmiles(all[i * 997]) !== all[i * 997]) throw new Error('not canonical');
  writeFileSync(file, `${all.join('\n')}\n`);
  return file;
}
