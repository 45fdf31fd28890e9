/**
 * What the planner asks: is this molecule purchasable, and from whom? A
 * stock combines opened libraries and ad-hoc starting materials; answers are
 * cached per molecule because the same precursors recur throughout a search.
 *
 * A molecule matches a building block by canonical SMILES or, unless turned
 * off, as another form of the same compound: catalogues sell amines as
 * hydrochlorides and list one tautomer, while templates write the free base
 * and whichever tautomer their reaction recorded. So a precursor also matches
 * an entry with the same parent compound (`parentSmiles`: counter-ions off,
 * proton-balanced charges neutralized) and an entry whose parent is a
 * tautomer of its parent (2-pyridone finds 2-hydroxypyridine). Tautomer keys
 * only nominate candidates; the standard InChIKey (mobile hydrogens as InChI
 * defines them) confirms each one.
 */
import {
  inchiKeyOf,
  Molecule,
  parentSmiles,
  stereoFreeSmiles,
  tautomerKey,
} from '../chem/index.js';
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
  /** Accept a salt, an ionized form or another tautomer of a building block (default true). */
  matchForms?: boolean;
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
      const e = this.findListed(lib, smiles);
      if (e >= 0) return e;
      const f = this.options.matchForms === false ? -1 : this.findOtherForm(lib, smiles);
      if (f >= 0 || !this.needsInchi) return f;
    }
    const key = inchiKeyCached(smiles);
    return key ? lib.findInchiKey(key, this.options.ignoreStereo) : -1;
  }

  /** The entry listed as this molecule (or as a stereoisomer, when stereo is ignored). */
  private findListed(lib: BuildingBlockLibrary, smiles: string): number {
    return this.options.ignoreStereo
      ? lib.findStereoFree(stereoFreeSmiles(smiles))
      : lib.findSmiles(smiles);
  }

  /** An entry listed as the parent compound, a salt or ionized form of it, or a tautomer. */
  private findOtherForm(lib: BuildingBlockLibrary, smiles: string): number {
    const parent = parentSmiles(smiles);
    if (parent !== smiles) {
      const e = this.findListed(lib, parent);
      if (e >= 0) return e;
    }
    if (!lib.hasFormKeys) return -1;
    const salt = lib.findParent(parent);
    if (salt >= 0) return salt;
    const key = tautomerKeyCached(parent);
    if (!key) return -1;
    const ignoreStereo = !!this.options.ignoreStereo;
    const hit = lib
      .findTautomers(key)
      .find((e) => sameCompound(parent, lib.parentOf(e), ignoreStereo));
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
  /** Parent compound -> the first starting material with it. */
  private readonly parents = new Map<string, string>();
  /** Tautomer key of the parent -> starting materials and their parents. */
  private readonly tautomers = new Map<string, { smiles: string; parent: string }[]>();
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
      this.add(parsed.molecule.smiles);
    }
  }

  private add(canonical: string): void {
    this.exact.add(canonical);
    this.stereoFree.add(stereoFreeSmiles(canonical));
    if (this.options.matchForms === false) return;
    const parent = parentSmiles(canonical);
    if (!this.parents.has(parent)) this.parents.set(parent, canonical);
    const key = tautomerKeyCached(parent);
    if (key)
      this.tautomers.set(key, [...(this.tautomers.get(key) ?? []), { smiles: canonical, parent }]);
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

  /** The starting material `smiles` is (itself, a stereoisomer if allowed, another form), or null. */
  private match(smiles: string): string | null {
    const ignoreStereo = !!this.options.ignoreStereo;
    if (ignoreStereo ? this.stereoFree.has(stereoFreeSmiles(smiles)) : this.exact.has(smiles))
      return smiles;
    if (this.options.matchForms === false) return null;
    const parent = parentSmiles(smiles);
    const salt = this.parents.get(parent);
    if (salt !== undefined) return salt;
    const key = this.tautomers.size ? tautomerKeyCached(parent) : NO_SYSTEM;
    const held = key ? this.tautomers.get(key) : undefined;
    return held?.find((h) => sameCompound(parent, h.parent, ignoreStereo))?.smiles ?? null;
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
