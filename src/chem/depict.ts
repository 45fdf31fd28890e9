/** SVG pictures of molecules and reactions (RDKit's 2D depiction). */
import { readMol, readReaction, withScope } from './rdkit.js';

/**
 * RDKit's `fixedBondLength` (it draws bonds 1.5 times this many pixels long):
 * every molecule is drawn at one scale, so a small reagent next to its product
 * is not blown up to fill its box; only a molecule too big for its box shrinks.
 */
const FIXED_BOND_LENGTH = 14;

export function moleculeSvg(smiles: string, width = 300, height = 200): string | null {
  const options = JSON.stringify({ width, height, fixedBondLength: FIXED_BOND_LENGTH });
  return nullOnRDKitException(() =>
    withScope((own) => own(readMol(smiles))?.get_svg_with_highlights(options) ?? null),
  );
}

/** Reaction SMILES `reactants>>products` drawn left to right, at the molecules' bond length. */
export function reactionSvg(reactionSmiles: string, width = 600, height = 200): string | null {
  const options = JSON.stringify({ width, height, fixedBondLength: FIXED_BOND_LENGTH });
  return nullOnRDKitException(() =>
    withScope(
      (own) =>
        own(
          readReaction(reactionSmiles, JSON.stringify({ useSmiles: true })),
        )?.get_svg_with_highlights(options) ?? null,
    ),
  );
}

/** MDL molblock (V2000) with 2D coordinates, for SDF export; null when the SMILES does not parse. */
export function molBlock(smiles: string): string | null {
  return withScope((own) => {
    const mol = own(readMol(smiles));
    if (!mol) return null;
    mol.set_new_coords();
    return mol.get_molblock();
  });
}

/**
 * RDKit's drawing code throws C++ exceptions (WebAssembly.Exception) on some
 * inputs it parsed, and survives them: such a picture is simply not drawable.
 */
function nullOnRDKitException(draw: () => string | null): string | null {
  try {
    return draw();
  } catch (e) {
    const wasm = (globalThis as unknown as { WebAssembly: { Exception?: new () => Error } })
      .WebAssembly;
    if (wasm.Exception && e instanceof wasm.Exception) return null;
    throw e;
  }
}
