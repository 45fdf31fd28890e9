/**
 * Size of a structure, read from its text before RDKit sees it. RDKit's WASM
 * build has a fixed stack and recurses per atom in places (ring perception,
 * canonical ranking, fingerprints): a 650-atom chain or ring aborts the
 * instance with "memory access out of bounds" (measured with
 * @rdkit/rdkit 2026.9.1; 500 atoms work), and an aborted instance is broken
 * for every later call. Counting atoms in the text is cheap and never
 * recurses, so every structure is measured here first.
 */

export interface StructureLimits {
  /** Atoms of any element, explicit hydrogens included. */
  maxAtoms: number;
  /** Ring-closure bonds: ring perception cost grows with them. */
  maxRingBonds: number;
  /** Disconnected pieces ('.'-separated). */
  maxFragments: number;
}

/** Hard limits for anything handed to RDKit, well inside what it survives. */
export const RDKIT_STRUCTURE_LIMITS: StructureLimits = {
  maxAtoms: 300,
  maxRingBonds: 100,
  maxFragments: 100,
};

export interface StructureSize {
  atoms: number;
  ringBonds: number;
  fragments: number;
}

const ORGANIC_LETTER = /[BCNOPSFIbcnops*]/;

/**
 * Atoms, ring-closure bonds and fragments of a SMILES (or reaction SMILES, all
 * parts together). An upper bound: anything that is not an atom token is skipped.
 */
export function smilesSize(text: string): StructureSize {
  let atoms = 0;
  let closures = 0;
  let fragments = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') {
      atoms++;
      const end = text.indexOf(']', i + 1);
      if (end < 0) break;
      i = end;
    } else if (c === '%') {
      closures++;
      i += 2;
    } else if (c >= '0' && c <= '9') {
      closures++;
    } else if (c === '.' || c === '>') {
      fragments++;
    } else if (ORGANIC_LETTER.test(c)) {
      atoms++;
      // Cl and Br are one atom; their second letter is not an organic-subset letter anyway.
    }
  }
  return { atoms, ringBonds: Math.ceil(closures / 2), fragments };
}

/**
 * Atoms and bonds of an MDL molblock from its counts line (V2000) or COUNTS
 * record (V3000). A molblock whose counts cannot be read is measured by its
 * line count, which bounds the atoms from above.
 */
export function molBlockSize(text: string): StructureSize {
  const lines = text.split('\n', 5);
  const v3000 = /M {2}V30 COUNTS (\d+) (\d+)/.exec(text);
  let atoms: number;
  let bonds: number;
  if (v3000) {
    atoms = Number(v3000[1]);
    bonds = Number(v3000[2]);
  } else if (lines[3] !== undefined && /^[\s\d]{6}/.test(lines[3])) {
    atoms = Number(lines[3].slice(0, 3));
    bonds = Number(lines[3].slice(3, 6));
  } else {
    atoms = bonds = text.split('\n').length;
  }
  // Ring bonds of a connected graph: bonds - atoms + 1 (an upper bound for several pieces).
  return { atoms, ringBonds: Math.max(0, bonds - atoms + 1), fragments: 1 };
}

/** Why a structure is too large for RDKit, or null when it is within the limits. */
export function sizeProblem(
  size: StructureSize,
  limits: StructureLimits = RDKIT_STRUCTURE_LIMITS,
): string | null {
  if (size.atoms > limits.maxAtoms)
    return `more than ${limits.maxAtoms} atoms (${size.atoms}); the limit is ${limits.maxAtoms}`;
  if (size.ringBonds > limits.maxRingBonds)
    return `more than ${limits.maxRingBonds} ring bonds (${size.ringBonds})`;
  if (size.fragments > limits.maxFragments)
    return `more than ${limits.maxFragments} fragments (${size.fragments})`;
  return null;
}

export function isMolBlock(text: string): boolean {
  return text.includes('M  END');
}

/** The size problem of a SMILES, reaction SMILES or molblock, or null. */
export function structureProblem(text: string): string | null {
  return sizeProblem(isMolBlock(text) ? molBlockSize(text) : smilesSize(text));
}
