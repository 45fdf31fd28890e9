/**
 * Rings as RDKit perceives them (its symmetrized SSSR, which its SMARTS R<n>
 * and r<n> are defined on), read from the molecule's RDKit JSON.
 */
import { readMol, withScope } from './rdkit.js';

// Hydrogens stay atoms so indices match our graph of the same SMILES; stereo is
// not needed for rings and is the costly part of reading.
const RING_READ = JSON.stringify({ removeHs: false, assignStereo: false });

interface RDKitJson {
  molecules?: { extensions?: { name?: string; atomRings?: number[][] }[] }[];
}

/**
 * The rings of `smiles` in RDKit's order, atom indices as in the SMILES; null
 * when RDKit cannot read it or numbers its atoms differently from `atomCount`.
 */
export function rdkitAtomRings(smiles: string, atomCount: number): number[][] | null {
  return withScope((own) => {
    const mol = own(readMol(smiles, RING_READ));
    if (!mol || mol.get_num_atoms() !== atomCount) return null;
    const json = JSON.parse(mol.get_json()) as RDKitJson;
    const representation = json.molecules?.[0]?.extensions?.find(
      (e) => e.name === 'rdkitRepresentation',
    );
    return representation?.atomRings ?? [];
  });
}
