/**
 * Atom-mapped view of a route: the target's atoms are numbered 1..n and each
 * step's template is re-applied with map numbers kept, so every precursor atom
 * carries the number of the target atom it becomes (leaving-group atoms get
 * fresh numbers above n). From that follow the batch-scoring `synthesis`
 * (compounds and mapped reactions) and `decomposition` (which target bonds
 * the route forms) structures.
 */
import { applyTemplate, canonicalSmiles, PreparedMolecule, RetroTemplate } from '../chem/index.js';
import { parseSmiles } from '../chem/smiles-parser.js';
import { writeSmiles } from '../chem/smiles-writer.js';
import type {
  Decomposition,
  Synthesis,
  SynthesisCompound,
  SynthesisReaction,
} from '../contract/index.js';
import type { RouteTree } from '../search/routes.js';

export interface MappedRoute {
  synthesis: Synthesis;
  decomposition: Decomposition;
}

/** Canonical SMILES with map numbers removed. */
function unmapped(smiles: string): string | null {
  return canonicalSmiles(smiles.replace(/:\d+\]/g, ']'));
}

/** The target with atoms numbered 1..n, as canonical mapped SMILES. */
export function mapTarget(smiles: string): string {
  const mol = parseSmiles(smiles);
  mol.atoms.forEach((a, i) => (a.mapNum = i + 1));
  return canonicalSmiles(writeSmiles(mol)) as string;
}

/**
 * Maps a solved route; null when a step cannot be reproduced with maps (it
 * was verified without maps, so this means a mapping corner case).
 */
export function mapRoute(
  tree: RouteTree,
  templateOf: (source: string) => RetroTemplate | null,
): MappedRoute | null {
  const targetMapped = mapTarget(tree.smiles);
  const targetAtoms = parseSmiles(targetMapped).atoms.length;
  let nextMap = targetAtoms + 1;
  const compounds: Record<string, SynthesisCompound> = {};
  const reactions: Record<string, SynthesisReaction> = {};
  const leaves: string[] = [];
  let compoundCount = 0;
  let reactionCount = 0;

  const visit = (node: RouteTree, mapped: string, substrateOf: string | null): string | null => {
    const id = `c${++compoundCount}`;
    compounds[id] = { id, type: 'compound', smiles: node.smiles, productOf: null, substrateOf };
    if (!node.reaction) {
      leaves.push(mapped);
      return id;
    }
    const tpl = templateOf(node.reaction.node.source);
    if (!tpl) return null;
    const children = node.reaction.children.map((c) => c.smiles);
    const match = mappedOutcome(tpl, mapped, children);
    if (!match) return null;
    // Leaving-group atoms come back as 900, 901, ...: give them numbers unused so far.
    const fresh = new Map<string, number>();
    const renumbered = match.replace(/:(9\d\d)\]/g, (_, n: string) => {
      if (!fresh.has(n)) fresh.set(n, nextMap++);
      return `:${fresh.get(n)}]`;
    });
    const rid = `r${++reactionCount}`;
    compounds[id].productOf = rid;
    const fragments = mappedPrecursors(renumbered, children);
    if (!fragments) return null;
    const substrates: string[] = [];
    const mappedSubstrates: string[] = [];
    for (const [i, child] of node.reaction.children.entries()) {
      const frag = fragments[i];
      const cid = visit(child, frag, rid);
      if (!cid) return null;
      substrates.push(cid);
      mappedSubstrates.push(frag);
    }
    reactions[rid] = {
      id: rid,
      type: 'reaction',
      smiles: `${mappedSubstrates.join('.')}>>${mapped}`,
      productId: id,
      substratesIds: substrates,
    };
    return id;
  };

  const targetId = visit(tree, targetMapped, null);
  if (!targetId) return null;
  return {
    synthesis: { targetId, compounds, reactions },
    decomposition: decompose(targetMapped, leaves),
  };
}

/**
 * The template re-applied to the atom-mapped product with maps kept: the
 * outcome whose molecules are `precursors` (leaving-group atoms numbered from
 * 900), or null when the template does not give them.
 */
export function mappedOutcome(
  template: RetroTemplate,
  mappedProduct: string,
  precursors: readonly string[],
): string | null {
  const outcomes = applyTemplate(template, new PreparedMolecule(mappedProduct, true), {
    keepMapping: true,
  });
  const wanted = [...precursors].sort().join('.');
  return outcomes.find((o) => unmapped(o) === wanted) ?? null;
}

/** The outcome's mapped molecule for each of `precursors`, in their order; null if one is missing. */
export function mappedPrecursors(outcome: string, precursors: readonly string[]): string[] | null {
  const byUnmapped = new Map<string, string[]>();
  for (const frag of outcome.split('.')) {
    const key = unmapped(frag) as string;
    byUnmapped.set(key, [...(byUnmapped.get(key) ?? []), frag]);
  }
  const fragments = precursors.map((p) => byUnmapped.get(p)?.shift());
  return fragments.every((f) => f !== undefined) ? (fragments as string[]) : null;
}

/** Target bonds present in some building block are kept; the others are formed by the route. */
function decompose(targetMapped: string, leaves: string[]): Decomposition {
  const target = parseSmiles(targetMapped);
  const leafBonds = new Set<string>();
  const purchased = new Set<number>();
  for (const leaf of leaves) {
    const mol = parseSmiles(leaf);
    for (const a of mol.atoms) if (a.mapNum) purchased.add(a.mapNum);
    for (const b of mol.bonds) {
      const i = mol.atoms[b.begin].mapNum;
      const j = mol.atoms[b.end].mapNum;
      if (i && j) leafBonds.add(`${Math.min(i, j)}-${Math.max(i, j)}`);
    }
  }
  const atoms = target.atoms.map((a) => String(a.mapNum));
  const bonds = target.bonds.map((b) => {
    const [i, j] = [target.atoms[b.begin].mapNum, target.atoms[b.end].mapNum].sort((x, y) => x - y);
    return [String(i), String(j)] as [string, string];
  });
  return {
    atoms,
    atomsPurchased: atoms.filter((a) => purchased.has(Number(a))),
    atomsNotPurchased: atoms.filter((a) => !purchased.has(Number(a))),
    bonds,
    bondsBroken: bonds.filter(([i, j]) => !leafBonds.has(`${i}-${j}`)),
    bondsNotBroken: bonds.filter(([i, j]) => leafBonds.has(`${i}-${j}`)),
    mappedSmiles: targetMapped,
  };
}
