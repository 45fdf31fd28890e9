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
