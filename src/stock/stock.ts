/**
 * What the planner asks: is this molecule purchasable, and from whom? A
 * stock combines opened libraries and ad-hoc starting materials; answers are
 * cached per molecule because the same precursors recur throughout a search.
 *
 * A molecule matches a building block by canonical SMILES, or (unless turned
 * off) as another tautomer of it: catalogues list one tautomer and templates
 * write whichever their reaction recorded, so 2-pyridone must find
 * 2-hydroxypyridine. Tautomer keys only nominate candidates; the standard
 * InChIKey (mobile hydrogens as InChI defines them) confirms each one.
 */
import { inchiKeyOf, Molecule, stereoFreeSmiles, tautomerKey } from '../chem/index.js';
import { LruCache } from '../util/lru.js';
import { BuildingBlockLibrary, EntryMetadata } from './library.js';

export interface Stock {
  /** `smiles` must be canonical isomeric SMILES. */
  contains(smiles: string): boolean;
  /** Metadata from every source that holds the molecule (empty if none). */
  lookup(smiles: string): (EntryMetadata & { library: string })[];
}

export interface StockOptions {
  /** Accept any stereoisomer of a building block. */
  ignoreStereo?: boolean;
  /** Also match by standard InChIKey (tautomer- and protonation-tolerant; costs an InChI per molecule). */
  matchInchiKey?: boolean;
  /** Accept another tautomer of a building block (default true). */
  matchTautomers?: boolean;
}

export class LibraryStock implements Stock {
  private readonly cache = new LruCache<string, boolean>(500_000);
  private readonly needsInchi: boolean;

  constructor(
    private readonly libraries: BuildingBlockLibrary[],
    private readonly options: StockOptions = {},
  ) {
    this.needsInchi = !!options.matchInchiKey || libraries.some((l) => !l.hasSmiles);
  }

  contains(smiles: string): boolean {
    const hit = this.cache.get(smiles);
    if (hit !== undefined) return hit;
    const found = this.libraries.some((lib) => this.find(lib, smiles) >= 0);
    this.cache.set(smiles, found);
    return found;
  }

  lookup(smiles: string): (EntryMetadata & { library: string })[] {
    const out: (EntryMetadata & { library: string })[] = [];
    for (const lib of this.libraries) {
      const e = this.find(lib, smiles);
      if (e >= 0) out.push({ ...lib.metadata(e), library: lib.info.id });
    }
    return out;
  }

  private find(lib: BuildingBlockLibrary, smiles: string): number {
    if (lib.hasSmiles) {
      const e = this.options.ignoreStereo
        ? lib.findStereoFree(stereoFreeSmiles(smiles))
        : lib.findSmiles(smiles);
      if (e >= 0) return e;
      const t = this.findTautomer(lib, smiles);
      if (t >= 0 || !this.needsInchi) return t;
    }
    const key = inchiKeyCached(smiles);
    return key ? lib.findInchiKey(key, this.options.ignoreStereo) : -1;
  }

  private findTautomer(lib: BuildingBlockLibrary, smiles: string): number {
    if (this.options.matchTautomers === false || !lib.hasTautomerKeys) return -1;
    const key = tautomerKeyCached(smiles);
    if (!key) return -1;
    const ignoreStereo = !!this.options.ignoreStereo;
    const hit = lib
      .findTautomers(key)
      .find((e) => sameCompound(smiles, lib.smilesOf(e), ignoreStereo));
    return hit ?? -1;
  }
}

const inchiKeys = new LruCache<string, string>(200_000);

function inchiKeyCached(smiles: string): string {
  let key = inchiKeys.get(smiles);
  if (key === undefined) {
    key = inchiKeyOf(smiles);
    inchiKeys.set(smiles, key);
  }
  return key;
}

const NO_SYSTEM = '';
const tautomerKeys = new LruCache<string, string>(200_000);

/** `tautomerKey`, cached ('' for a molecule without a tautomer system). */
function tautomerKeyCached(smiles: string): string {
  let key = tautomerKeys.get(smiles);
  if (key === undefined) {
    key = tautomerKey(smiles) ?? NO_SYSTEM;
    tautomerKeys.set(smiles, key);
  }
  return key;
}

/** Two molecules are one compound when their standard InChIKeys agree (skeleton block only without stereo). */
function sameCompound(a: string, b: string, ignoreStereo: boolean): boolean {
  const [ka, kb] = [inchiKeyCached(a), inchiKeyCached(b)];
  if (!ka || !kb) return false;
  return ignoreStereo ? ka.slice(0, 14) === kb.slice(0, 14) : ka === kb;
}

/** Starting materials carried by a request: an ad-hoc library held in memory. */
export class AdHocStock implements Stock {
  private readonly exact = new Set<string>();
  private readonly stereoFree = new Set<string>();
  /** Tautomer key -> starting materials with that key. */
  private readonly tautomers = new Map<string, string[]>();
  readonly invalid: string[] = [];

  constructor(
    smiles: readonly string[],
    private readonly options: StockOptions = {},
    readonly id = 'starting_materials',
  ) {
    for (const s of smiles) {
      const parsed = Molecule.parse(s);
      if (!parsed.ok) {
        this.invalid.push(s);
        continue;
      }
      const canonical = parsed.molecule.smiles;
      this.exact.add(canonical);
      this.stereoFree.add(stereoFreeSmiles(canonical));
      const key = options.matchTautomers === false ? NO_SYSTEM : tautomerKeyCached(canonical);
      if (key) this.tautomers.set(key, [...(this.tautomers.get(key) ?? []), canonical]);
    }
  }

  get size(): number {
    return this.exact.size;
  }

  contains(smiles: string): boolean {
    return this.match(smiles) !== null;
  }

  lookup(smiles: string): (EntryMetadata & { library: string })[] {
    const held = this.match(smiles);
    return held === null
      ? []
      : [{ smiles: held, price: null, library: this.id, provider: this.id }];
  }

  /** The starting material `smiles` is (itself, a stereoisomer if allowed, or a tautomer), or null. */
  private match(smiles: string): string | null {
    const ignoreStereo = !!this.options.ignoreStereo;
    if (ignoreStereo ? this.stereoFree.has(stereoFreeSmiles(smiles)) : this.exact.has(smiles))
      return smiles;
    if (this.tautomers.size === 0) return null;
    const key = tautomerKeyCached(smiles);
    const held = key ? this.tautomers.get(key) : undefined;
    return held?.find((h) => sameCompound(smiles, h, ignoreStereo)) ?? null;
  }
}

/** Union of stocks: in stock when any part holds the molecule. */
export class CombinedStock implements Stock {
  constructor(private readonly parts: Stock[]) {}

  contains(smiles: string): boolean {
    return this.parts.some((p) => p.contains(smiles));
  }

  lookup(smiles: string): (EntryMetadata & { library: string })[] {
    return this.parts.flatMap((p) => p.lookup(smiles));
  }
}
