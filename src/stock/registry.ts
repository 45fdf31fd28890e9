/**
 * The building-block libraries of an installation: files under
 * `<data dir>/libraries`, plus the libraries bundled with the default engine
 * (built from data/stock on first use, rebuilt when the bundled file changes).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/paths.js';
import { importLibraryFile, ImportOptions, ImportReport, LIBRARY_ID } from './import.js';
import type { Importer } from './import-thread.js';
import { otherProcessAlive } from '../util/process.js';
import { BuildingBlockLibrary, LibraryInfo } from './library.js';
import { LibraryHeader, readLibraryHeader } from './library-file.js';
import { upgradeLibraryFile } from './upgrade.js';

export interface BundledLibrary {
  id: string;
  name: string;
  provider: string;
  description: string;
  /** SMILES file relative to the repository root. */
  source: string;
}

export const BUNDLED_LIBRARIES: BundledLibrary[] = [
  {
    id: 'default',
    name: 'SynRoute default building blocks',
    provider: 'synroute',
    description:
      'Starting materials of USPTO-50k train reactions that never occur as a product there (derived by `synroute libraries derive-default`)',
    source: 'data/stock/default.smi.gz',
  },
];

export class LibraryRegistry {
  private readonly dir: string;
  private readonly opened = new Map<string, { mtime: number; lib: BuildingBlockLibrary }>();

  constructor(
    dataDir: string,
    private readonly bundled: BundledLibrary[] = BUNDLED_LIBRARIES,
    /** How `import` runs (default: in this thread; the API uses a limited thread). */
    private readonly importer: Importer = importLibraryFile,
  ) {
    this.dir = join(dataDir, 'libraries');
    mkdirSync(this.dir, { recursive: true });
  }

  /** Removes copies left half-written by a process that died while writing a library (at start). */
  sweepPartialFiles(): void {
    for (const f of readdirSync(this.dir)) {
      const pid = /\.tmp-(\d+)$/.exec(f)?.[1];
      if (pid && !otherProcessAlive(Number(pid))) rmSync(join(this.dir, f), { force: true });
    }
  }

  pathOf(id: string): string {
    if (!LIBRARY_ID.test(id)) throw new Error(`invalid library id ${id}`);
    return join(this.dir, `${id}.srbb`);
  }

  /** Builds bundled libraries that are missing or older than their bundled source. */
  async ensureBundled(onProgress?: (msg: string) => void): Promise<void> {
    for (const b of this.bundled) {
      const source = join(packageRoot(), b.source);
      if (!existsSync(source)) continue;
      const digest = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 16);
      const path = this.pathOf(b.id);
      if (existsSync(path) && isCurrent(readLibraryHeader(path), digest)) continue;
      onProgress?.(`building bundled library ${b.id}`);
      await importLibraryFile(source, path, {
        id: b.id,
        name: b.name,
        provider: b.provider,
        description: `${b.description} [${digest}]`,
        format: 'smi',
      });
      this.opened.delete(b.id);
    }
  }

  list(): LibraryInfo[] {
    return this.installedHeaders()
      .map(infoOf)
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  get(id: string): LibraryInfo | undefined {
    if (!LIBRARY_ID.test(id)) return undefined;
    const path = this.pathOf(id);
    return existsSync(path) ? infoOf(readLibraryHeader(path)) : undefined;
  }

  /** Opens (and caches) a library; reopened when its file changed. */
  open(id: string): BuildingBlockLibrary {
    const path = this.pathOf(id);
    if (!existsSync(path)) throw new Error(`unknown building-block library ${id}`);
    const { mtimeMs } = statSync(path);
    const cached = this.opened.get(id);
    if (cached && cached.mtime === mtimeMs) return cached.lib;
    const lib = BuildingBlockLibrary.open(path);
    this.opened.set(id, { mtime: mtimeMs, lib });
    return lib;
  }

  async import(inputPath: string, options: ImportOptions): Promise<ImportReport> {
    const report = await this.importer(inputPath, this.pathOf(options.id), options);
    this.opened.delete(options.id);
    return report;
  }

  /** Adds parent compounds and tautomer keys to a library imported before them; null if current. */
  async upgrade(id: string, threads?: number): Promise<ImportReport | null> {
    const path = this.pathOf(id);
    if (!existsSync(path)) throw new Error(`unknown building-block library ${id}`);
    const report = await upgradeLibraryFile(path, threads);
    this.opened.delete(id);
    return report;
  }

  /**
   * Ids of installed libraries an upgrade would key: with structures but without parent
   * compounds and tautomer keys (an InChIKey list has nothing to derive them from).
   */
  upgradable(): string[] {
    return this.installedHeaders()
      .filter((h) => !h.formKeys && h.keys !== 'inchikey')
      .map((h) => h.id)
      .sort();
  }

  remove(id: string): boolean {
    const path = this.pathOf(id);
    if (!existsSync(path)) return false;
    rmSync(path);
    this.opened.delete(id);
    return true;
  }

  private installedHeaders(): LibraryHeader[] {
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.srbb'))
      .map((f) => readLibraryHeader(join(this.dir, f)));
  }
}

/** A bundled library is rebuilt when its source changed or it predates parent and tautomer keys. */
function isCurrent(header: LibraryHeader, sourceDigest: string): boolean {
  return !!header.formKeys && !!header.description?.endsWith(`[${sourceDigest}]`);
}

/** What the registry reports of a library, from its file header. */
function infoOf(h: LibraryHeader): LibraryInfo {
  return {
    id: h.id,
    name: h.name,
    provider: h.provider,
    description: h.description,
    size: h.size,
    createdAt: h.createdAt,
    keys: h.keys,
    // By content where the file records it (the same data built on two machines is one
    // version); files written before that are versioned by their import time.
    version: `${h.id}@${h.contentHash ?? h.createdAt}`,
  };
}
