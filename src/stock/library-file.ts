/**
 * On-disk format of a building-block library: a sectioned binary file (see
 * util/sectioned-file.ts) whose header carries the library's metadata, so a
 * library of a million molecules loads as zero-copy views and a lookup is one
 * hash-table probe.
 */
import {
  readSectionedFile,
  readSectionedHeader,
  SectionArray,
  SectionedFile,
  SectionedFileError,
  SectionLayout,
  writeSectionedFile,
} from '../util/sectioned-file.js';

export const LIBRARY_FORMAT_VERSION = 1;
const MAGIC = 'SRBB';
const WHAT = 'building-block library';

export interface LibraryHeader {
  format: 'synroute-building-blocks';
  version: number;
  id: string;
  name: string;
  provider: string;
  description?: string;
  size: number;
  createdAt: string;
  /**
   * SHA-256 (16 hex digits) of the library's data: the same input imported by
   * the same SynRoute on any machine gives the same hash, so API and worker
   * machines that each built a library agree on its version.
   */
  contentHash?: string;
  /** How keys were made ("rdkit-canonical", "rdkit-canonical-trusted" or "inchikey"). */
  keys: string;
  /**
   * True when entries carry their parent compound and tautomer key
   * (`parent*`, `tautomer*` sections); libraries imported before those lack
   * them, and only molecules the catalogue lists as such match.
   */
  formKeys?: boolean;
  /** Provider and availability dictionaries indexed by the per-entry columns. */
  providers: string[];
  availabilities: string[];
  import: { rows: number; invalid: number; duplicates: number; invalidExamples: string[] };
  sections: SectionLayout;
}

export type { SectionArray };
export { SectionedFileError as LibraryFileError };

export function writeLibraryFile(
  path: string,
  header: Omit<LibraryHeader, 'sections' | 'format' | 'version'>,
  sections: Record<string, SectionArray>,
): void {
  writeSectionedFile(
    path,
    MAGIC,
    LIBRARY_FORMAT_VERSION,
    { format: 'synroute-building-blocks', version: LIBRARY_FORMAT_VERSION, ...header },
    sections,
  );
}

/** Reads only the header (listing libraries without loading them). */
export function readLibraryHeader(path: string): LibraryHeader {
  return readSectionedHeader<LibraryHeader>(path, MAGIC, LIBRARY_FORMAT_VERSION, WHAT);
}

export function readLibraryFile(path: string): SectionedFile<LibraryHeader> {
  return readSectionedFile<LibraryHeader>(path, MAGIC, LIBRARY_FORMAT_VERSION, WHAT);
}
