/** A building-block library opened from disk: hash-probe lookups and per-molecule metadata. */
import { hashString, probe, probeAll, StringColumn } from './columns.js';
import { LibraryHeader, readLibraryFile, SectionArray } from './library-file.js';

export type LibraryInfo = Pick<
  LibraryHeader,
  'id' | 'name' | 'provider' | 'description' | 'size' | 'createdAt' | 'keys'
> & {
  /** Identifies this exact content (engine data versioning). */
  version: string;
};

/** Indexes of the other forms of entries (parent compounds, tautomer keys). */
interface FormKeys {
  parentIndex: Uint32Array;
  parents: StringColumn;
  tautomerIndex: Uint32Array;
  tautomers: StringColumn;
}

export interface EntryMetadata {
  smiles: string;
  identifier?: string;
  provider?: string;
  availability?: string;
  price: number | null;
}

export class BuildingBlockLibrary {
  readonly info: LibraryInfo;
  private readonly smiles: StringColumn;
  private readonly stereoFree: StringColumn;
  private readonly inchiKeys: StringColumn;
  private readonly ids: StringColumn;
  private readonly forms: FormKeys | null;

  private constructor(
    private readonly header: LibraryHeader,
    private readonly sections: {
      smilesIndex: Uint32Array;
      stereoFreeIndex: Uint32Array;
      inchiKeyIndex: Uint32Array;
      inchiSkeletonIndex: Uint32Array;
      price: Float64Array;
      provider: Uint16Array;
      availability: Uint16Array;
    },
    columns: {
      smiles: StringColumn;
      stereoFree: StringColumn;
      inchiKeys: StringColumn;
      ids: StringColumn;
    },
    forms: FormKeys | null,
  ) {
    this.forms = forms;
    this.smiles = columns.smiles;
    this.stereoFree = columns.stereoFree;
    this.inchiKeys = columns.inchiKeys;
    this.ids = columns.ids;
    this.info = {
      id: header.id,
      name: header.name,
      provider: header.provider,
      description: header.description,
      size: header.size,
      createdAt: header.createdAt,
      keys: header.keys,
      version: `${header.id}@${header.createdAt}`,
    };
  }

  static open(path: string): BuildingBlockLibrary {
    const file = readLibraryFile(path);
    const need = <T extends SectionArray>(name: string): T => {
      const s = file.section<T>(name);
      if (!s) throw new Error(`${path}: missing section ${name}`);
      return s;
    };
    const column = (prefix: string) =>
      new StringColumn(need<Uint32Array>(`${prefix}Offsets`), need<Uint8Array>(`${prefix}Blob`));
    const forms = file.header.formKeys
      ? {
          parentIndex: need<Uint32Array>('parentIndex'),
          parents: column('parent'),
          tautomerIndex: need<Uint32Array>('tautomerIndex'),
          tautomers: column('tautomer'),
        }
      : null;
    return new BuildingBlockLibrary(
      file.header,
      {
        smilesIndex: need('smilesIndex'),
        stereoFreeIndex: need('stereoFreeIndex'),
        inchiKeyIndex: need('inchiKeyIndex'),
        inchiSkeletonIndex: need('inchiSkeletonIndex'),
        price: need('price'),
        provider: need('provider'),
        availability: need('availability'),
      },
      {
        smiles: column('smiles'),
        stereoFree: column('stereoFree'),
        inchiKeys: column('inchiKey'),
        ids: column('id'),
      },
      forms,
    );
  }

  /** True when the library holds SMILES (not only InChIKeys). */
  get hasSmiles(): boolean {
    return this.header.keys !== 'inchikey';
  }

  /** Entry for a canonical isomeric SMILES, or -1. */
  findSmiles(canonical: string): number {
    return probe(this.sections.smilesIndex, canonical, this.smiles);
  }

  /** Entry for a stereo-free canonical SMILES (any stereoisomer), or -1. */
  findStereoFree(stereoFree: string): number {
    return probe(this.sections.stereoFreeIndex, stereoFree, this.stereoFree);
  }

  /** True when entries carry standard InChIKeys (imported with them, or from an InChIKey list). */
  get hasInchiKeys(): boolean {
    return this.inchiKeys.size > 0 && this.inchiKeys.get(0) !== '';
  }

  /** True when entries carry parent compounds and tautomer keys (libraries imported before them do not). */
  get hasFormKeys(): boolean {
    return this.forms !== null;
  }

  /** An entry (a salt, an ionized form) whose parent compound is `parent`, or -1. */
  findParent(parent: string): number {
    return this.forms ? probe(this.forms.parentIndex, parent, this.forms.parents) : -1;
  }

  /** Entries whose parent has the tautomer key (`tautomerKey` in chem) `key`: candidates to confirm. */
  findTautomers(key: string): number[] {
    return this.forms ? probeAll(this.forms.tautomerIndex, key, this.forms.tautomers) : [];
  }

  /** Canonical SMILES of an entry's parent compound. */
  parentOf(entry: number): string {
    return this.forms?.parents.get(entry) || this.smiles.get(entry);
  }

  /** Entry for a standard InChIKey; with `ignoreStereo`, any key with the same skeleton block. */
  findInchiKey(key: string, ignoreStereo = false): number {
    if (!ignoreStereo) return probe(this.sections.inchiKeyIndex, key, this.inchiKeys);
    const table = this.sections.inchiSkeletonIndex;
    const skeleton = key.slice(0, 14);
    const mask = table.length - 1;
    // The skeleton index is keyed by the first block; compare that block only.
    let slot = hashString(skeleton) & mask;
    for (;;) {
      const e = table[slot];
      if (e === 0) return -1;
      if (this.inchiKeys.get(e - 1).startsWith(skeleton)) return e - 1;
      slot = (slot + 1) & mask;
    }
  }

  metadata(entry: number): EntryMetadata {
    const price = this.sections.price[entry];
    const provider = this.header.providers[this.sections.provider[entry]] || this.header.provider;
    const availability = this.header.availabilities[this.sections.availability[entry]];
    return {
      smiles: this.smiles.get(entry),
      identifier: this.ids.get(entry) || undefined,
      provider: provider || undefined,
      availability: availability || undefined,
      price: Number.isNaN(price) ? null : price,
    };
  }

  /** SMILES of every entry (used for similarity search and export). */
  *allSmiles(): Generator<string> {
    for (let i = 0; i < this.smiles.size; i++) yield this.smiles.get(i);
  }
}
