/**
 * Which mapped atoms a reaction changes, by RDChiral's criteria: an atom
 * changes when its element, hydrogen count, charge, degree, aromaticity or
 * bonds (bond type and neighbours' element and map number) differ between
 * reactant and product, or when it gains or loses a stated tetrahedral
 * configuration next to an atom that changes.
 */
import { BondOrder, Chirality, Mol } from '../chem/graph.js';

interface AtomRef {
  mol: Mol;
  atom: number;
}

/** Map numbers of the changed atoms, in the order they were found. */
export function changedAtomMaps(product: Mol, reactants: Mol[]): Set<number> {
  const inReactants = new Map<number, AtomRef>();
  for (const mol of reactants) {
    mol.atoms.forEach((a, atom) => {
      if (a.mapNum) inReactants.set(a.mapNum, { mol, atom });
    });
  }
  const inProduct = new Map<number, number>();
  product.atoms.forEach((a, i) => inProduct.set(a.mapNum, i));

  const changed = new Set<number>();
  product.atoms.forEach((a, i) => {
    const r = inReactants.get(a.mapNum);
    if (r && atomsDiffer({ mol: product, atom: i }, r)) changed.add(a.mapNum);
  });
  // Mapped reactant atoms missing from the product leave (none when leaving groups are unmapped).
  for (const n of inReactants.keys()) if (!inProduct.has(n)) changed.add(n);

  // Stereo made or lost next to the centre (specified on one side only). A configuration
  // that merely reads inverted at an atom whose bonds do not change is taken as a labelling
  // artefact of the data, as in the RDChiral version behind the USPTO-50k templates.
  for (const [n, r] of inReactants) {
    const p = inProduct.get(n);
    if (p === undefined || changed.has(n)) continue;
    const inReactant = r.mol.atoms[r.atom].chirality !== Chirality.None;
    const inProductAtom = product.atoms[p].chirality !== Chirality.None;
    if (inReactant === inProductAtom) continue;
    if (product.neighbors(p).some((q) => changed.has(product.atoms[q].mapNum))) changed.add(n);
  }
  return changed;
}

function atomsDiffer(x: AtomRef, y: AtomRef): boolean {
  const a = x.mol.atoms[x.atom];
  const b = y.mol.atoms[y.atom];
  if (a.element !== b.element) return true;
  if (x.mol.totalHydrogens(x.atom) !== y.mol.totalHydrogens(y.atom)) return true;
  if (a.charge !== b.charge) return true;
  if (a.bonds.length !== b.bonds.length) return true;
  if (a.aromatic !== b.aromatic) return true;
  const la = bondLabels(x).join('|');
  const lb = bondLabels(y).join('|');
  return la !== lb;
}

/** RDChiral's bond labels: both ends as element + map number, with RDKit's bond symbol. */
function bondLabels({ mol, atom }: AtomRef): string[] {
  return mol.atoms[atom].bonds
    .map((bi) => {
      const bond = mol.bonds[bi];
      const x = mol.atoms[bond.begin];
      const y = mol.atoms[bond.end];
      const ends = [`${x.element}${x.mapNum || ''}`, `${y.element}${y.mapNum || ''}`].sort();
      return `${ends[0]}${bondSymbol(bond.order, x.aromatic && y.aromatic)}${ends[1]}`;
    })
    .sort();
}

/** The bond as RDKit writes it without explicit bonds (directions are not written). */
function bondSymbol(order: BondOrder, bothAromatic: boolean): string {
  switch (order) {
    case BondOrder.Double:
      return '=';
    case BondOrder.Triple:
      return '#';
    case BondOrder.Aromatic:
      return bothAromatic ? '' : ':';
    default:
      return bothAromatic ? '-' : '';
  }
}
