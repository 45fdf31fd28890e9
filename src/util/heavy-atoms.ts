/**
 * Heavy atoms counted from SMILES text, without parsing (bracket atoms other
 * than hydrogen, Cl/Br, organic-subset symbols): the search asks for the size
 * of every new molecule, and a parse would cost more than the rest of the guess.
 */
export function heavyAtomCount(smiles: string): number {
  const atoms = smiles.match(/\[[^\]]+\]|Cl|Br|[BCNOPSFIbcnops]/g) ?? [];
  return atoms.filter((a) => !/^\[\d*H[^a-z]/.test(a)).length;
}
