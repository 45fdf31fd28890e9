/**
 * Upgrading a library imported before parent compounds and tautomer keys
 * (header `formKeys`): its own entries (structure, identifier, provider,
 * price, availability) are read back and imported again under the same id,
 * name, provider and description, so salts, ionized forms and tautomers of
 * its molecules match without the catalogue's original file.
 */
import { csvField } from '../util/csv.js';
import { importLibraryText, ImportReport } from './import.js';
import { BuildingBlockLibrary } from './library.js';

export class LibraryUpgradeError extends Error {}

/** Rewrites the library at `path` with form keys; null when it has them already. */
export async function upgradeLibraryFile(
  path: string,
  threads?: number,
): Promise<ImportReport | null> {
  const lib = BuildingBlockLibrary.open(path);
  if (lib.hasFormKeys) return null;
  if (!lib.hasSmiles) {
    throw new LibraryUpgradeError(
      `library ${lib.info.id} holds InChIKeys only: there are no structures to derive parent compounds from`,
    );
  }
  return importLibraryText(entriesAsCsv(lib), `${lib.info.id}.csv`, path, {
    id: lib.info.id,
    name: lib.info.name,
    provider: lib.info.provider,
    description: lib.info.description,
    format: 'csv',
    inchiKeys: lib.hasInchiKeys,
    threads,
  });
}

/** Every entry as a CSV row in the columns the importer reads (readers.ts). */
function entriesAsCsv(lib: BuildingBlockLibrary): string {
  const lines = ['smiles,id,provider,price,availability'];
  for (let i = 0; i < lib.info.size; i++) {
    const m = lib.metadata(i);
    lines.push(
      [m.smiles, m.identifier, m.provider, m.price, m.availability].map(csvField).join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
