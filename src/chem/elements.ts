/**
 * Periodic-table data needed by the graph code: symbols, and the default
 * valences RDKit uses to derive implicit hydrogen counts (so our graphs agree
 * with the molecules RDKit builds from the same SMILES).
 */

const SYMBOLS = [
  '*',
  'H',
  'He',
  'Li',
  'Be',
  'B',
  'C',
  'N',
  'O',
  'F',
  'Ne',
  'Na',
  'Mg',
  'Al',
  'Si',
  'P',
  'S',
  'Cl',
  'Ar',
  'K',
  'Ca',
  'Sc',
  'Ti',
  'V',
  'Cr',
  'Mn',
  'Fe',
  'Co',
  'Ni',
  'Cu',
  'Zn',
  'Ga',
  'Ge',
  'As',
  'Se',
  'Br',
  'Kr',
  'Rb',
  'Sr',
  'Y',
  'Zr',
  'Nb',
  'Mo',
  'Tc',
  'Ru',
  'Rh',
  'Pd',
  'Ag',
  'Cd',
  'In',
  'Sn',
  'Sb',
  'Te',
  'I',
  'Xe',
  'Cs',
  'Ba',
  'La',
  'Ce',
  'Pr',
  'Nd',
  'Pm',
  'Sm',
  'Eu',
  'Gd',
  'Tb',
  'Dy',
  'Ho',
  'Er',
  'Tm',
  'Yb',
  'Lu',
  'Hf',
  'Ta',
  'W',
  'Re',
  'Os',
  'Ir',
  'Pt',
  'Au',
  'Hg',
  'Tl',
  'Pb',
  'Bi',
  'Po',
  'At',
  'Rn',
  'Fr',
  'Ra',
  'Ac',
  'Th',
  'Pa',
  'U',
  'Np',
  'Pu',
  'Am',
  'Cm',
  'Bk',
  'Cf',
  'Es',
  'Fm',
  'Md',
  'No',
  'Lr',
  'Rf',
  'Db',
  'Sg',
  'Bh',
  'Hs',
  'Mt',
  'Ds',
  'Rg',
  'Cn',
  'Nh',
  'Fl',
  'Mc',
  'Lv',
  'Ts',
  'Og',
] as const;

const NUMBER_BY_SYMBOL = new Map<string, number>(SYMBOLS.map((s, i) => [s, i]));

/** Default valences (RDKit's table); an empty list means "any valence, no implicit H". */
const VALENCES: Record<number, readonly number[]> = {
  1: [1],
  2: [0],
  3: [1],
  4: [2],
  5: [3],
  6: [4],
  7: [3],
  8: [2],
  9: [1],
  10: [0],
  11: [1],
  12: [2],
  13: [3, 6],
  14: [4, 6],
  15: [3, 5, 7],
  16: [2, 4, 6],
  17: [1],
  18: [0],
  19: [1],
  20: [2],
  31: [3],
  32: [4],
  33: [3, 5, 7],
  34: [2, 4, 6],
  35: [1],
  36: [0],
  37: [1],
  38: [2],
  49: [3],
  50: [2, 4],
  51: [3, 5, 7],
  52: [2, 4, 6],
  53: [1, 3, 5],
  54: [0],
  55: [1],
  56: [2],
  81: [3],
  82: [2, 4],
  83: [3, 5, 7],
  84: [2, 4, 6],
  85: [1],
  86: [0],
};

/** Elements that SMILES may write without brackets (implicit hydrogens allowed). */
/** Symbols written without brackets in SMILES and SMARTS (two-letter ones first, for greedy reading). */
/** Atomic numbers of the elements the chemistry rules name. */
export const ELEMENT = { C: 6, N: 7, O: 8, F: 9, S: 16, Cl: 17, Br: 35, I: 53 } as const;

export const ORGANIC_SYMBOLS = ['Cl', 'Br', 'B', 'C', 'N', 'O', 'P', 'S', 'F', 'I'];
export const AROMATIC_ORGANIC_SYMBOLS = ['b', 'c', 'n', 'o', 'p', 's'];

export const ORGANIC_SUBSET = new Set([5, 6, 7, 8, 9, 15, 16, 17, 35, 53]);
/** Elements that may be written as aromatic (lower-case) symbols. */
export const AROMATIC_CAPABLE = new Set([5, 6, 7, 8, 15, 16, 33, 34, 52]);

export function elementSymbol(atomicNumber: number): string {
  return SYMBOLS[atomicNumber] ?? '*';
}

export function atomicNumberOf(symbol: string): number | undefined {
  return NUMBER_BY_SYMBOL.get(symbol);
}

export function isElementSymbol(symbol: string): boolean {
  return NUMBER_BY_SYMBOL.has(symbol) && symbol !== '*';
}

/**
 * Valences allowed for an atom with a formal charge. Charged atoms take the
 * valences of their isoelectronic neighbour in the table (N+ like C, O- like F),
 * which is what RDKit does for the organic elements.
 */
export function allowedValences(atomicNumber: number, charge: number): readonly number[] {
  if (charge === 0) return VALENCES[atomicNumber] ?? [];
  const effective = atomicNumber - charge;
  if (effective <= 0) return [0];
  if (atomicNumber <= 5 && charge < 0) return VALENCES[atomicNumber - charge] ?? [];
  return VALENCES[effective] ?? VALENCES[atomicNumber] ?? [];
}

/**
 * Implicit hydrogens for an atom whose explicit valence (bond orders plus
 * explicit H) is `explicitValence`: the smallest allowed valence that fits,
 * minus what is used. Returns -1 when no allowed valence fits (a valence error).
 */
export function implicitHydrogens(
  atomicNumber: number,
  charge: number,
  explicitValence: number,
): number {
  const valences = allowedValences(atomicNumber, charge);
  if (valences.length === 0) return 0;
  for (const v of valences) {
    if (v >= explicitValence) return v - explicitValence;
  }
  return -1;
}
