/** SVG pictures of molecules and reactions (RDKit's 2D depiction). */
import { rdkit, withScope } from './rdkit.js';

export function moleculeSvg(smiles: string, width = 300, height = 200): string | null {
  return withScope((own) => own(rdkit().get_mol(smiles))?.get_svg(width, height) ?? null);
}

/** Reaction SMILES `reactants>>products` drawn left to right. */
export function reactionSvg(reactionSmiles: string, width = 600, height = 200): string | null {
  return withScope(
    (own) =>
      own(rdkit().get_rxn(reactionSmiles, JSON.stringify({ useSmiles: true })))?.get_svg(
        width,
        height,
      ) ?? null,
  );
}

/** MDL molblock (V2000) with 2D coordinates, for SDF export; null when the SMILES does not parse. */
export function molBlock(smiles: string): string | null {
  return withScope((own) => {
    const mol = own(rdkit().get_mol(smiles));
    if (!mol) return null;
    mol.set_new_coords();
    return mol.get_molblock();
  });
}
