/**
 * What the planner asks: is this molecule purchasable, and from whom? A
 * stock combines opened libraries and ad-hoc starting materials; answers are
 * cached per molecule because the same precursors recur throughout a search.
 */
import { inchiKeyOf, Molecule, stereoFreeSmiles } from '../chem/index.js';
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
      if (e >= 0 || !this.needsInchi) return e;
    }
    const key = inchiKeyCached(smiles);
    return key ? lib.findInchiKey(key, this.options.ignoreStereo) : -1;
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

/** Starting materials carried by a request: an ad-hoc library held in memory. */
export class AdHocStock implements Stock {
  private readonly exact = new Set<string>();
  private readonly stereoFree = new Set<string>();
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
      this.exact.add(parsed.molecule.smiles);
      this.stereoFree.add(stereoFreeSmiles(parsed.molecule.smiles));
    }
  }

  get size(): number {
    return this.exact.size;
  }

  contains(smiles: string): boolean {
    return this.options.ignoreStereo
      ? this.stereoFree.has(stereoFreeSmiles(smiles))
      : this.exact.has(smiles);
  }

  lookup(smiles: string): (EntryMetadata & { library: string })[] {
    return this.contains(smiles)
      ? [{ smiles, price: null, library: this.id, provider: this.id }]
      : [];
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
