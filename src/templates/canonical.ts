/**
 * The canonical string of a retro template, so that templates extracted from
 * different reactions (or written by other tools) compare and de-duplicate as
 * strings.
 *
 * Definition: atoms of both sides are ranked by iterative refinement of
 * (side, atom text, has-chirality, is-mapped, degree) over bonds and over the
 * map links between the sides; remaining ties are broken every possible way
 * (up to LEAF_LIMIT orderings) and the smallest resulting string is kept.
 * For one ordering, each side is written depth-first from its lowest-ranked
 * atom with neighbours in rank order and every bond explicit as given;
 * fragments are then sorted by their text without map numbers (RDChiral's
 * rule), map numbers are renumbered 1, 2, ... in order of appearance in the
 * precursor side and then the product side (RDChiral's rule), chirality
 * marks are re-expressed for the written neighbour order, and cis/trans
 * directions are kept on one bond per double-bond end (the first written
 * neighbour), the first direction of each conjugated system written as '/'.
 */
import { Chirality } from '../chem/graph.js';
import { otherAtom, parseTemplateGraph, TemplateGraph, TemplateSide } from './template-graph.js';
import { writeTemplate } from './template-writer.js';

/** Orderings tried at most when symmetric atoms leave ties (each costs one write). */
const LEAF_LIMIT = 64;

/** Canonical string of a template given as `product>>reactants` SMARTS. */
export function canonicalizeTemplate(smarts: string): string {
  return canonicalTemplate(parseTemplateGraph(smarts));
}

interface Node {
  side: 0 | 1;
  index: number;
}

/** Canonical `product>>reactants` string of a template graph. */
export function canonicalTemplate(graph: TemplateGraph): string {
  const sides: TemplateSide[] = [graph.product, graph.reactants];
  const nodes: Node[] = [];
  const offset = [0, graph.product.atoms.length];
  sides.forEach((side, s) =>
    side.atoms.forEach((_, index) => nodes.push({ side: s as 0 | 1, index })),
  );
  const adjacency = nodes.map(({ side, index }) =>
    sides[side].atoms[index].bonds.map((bi) => {
      const bond = sides[side].bonds[bi];
      // Directions are left out: which bond carries one is a writing choice.
      return [offset[side] + otherAtom(sides[side], bi, index), bond.symbol] as [number, string];
    }),
  );
  const link = mapLinks(graph, offset);
  const initial = rankBy(
    nodes.map(({ side, index }) => {
      const a = sides[side].atoms[index];
      const chiral = a.chirality !== Chirality.None ? 1 : 0;
      return `${side}\u0000${a.text}\u0000${chiral}${a.mapNum ? 1 : 0}\u0000${a.bonds.length}`;
    }),
  );
  const refineAll = (ranks: Int32Array) => refine(ranks, adjacency, link);
  let best: string | null = null;
  let leaves = 0;
  const search = (ranks: Int32Array): void => {
    const refined = refineAll(ranks);
    const cell = firstTiedCell(refined);
    if (!cell) {
      const text = writeTemplate(graph, refined, offset, link);
      if (best === null || text < best) best = text;
      leaves++;
      return;
    }
    for (let k = 0; k < cell.length; k++) {
      if (k > 0 && leaves >= LEAF_LIMIT) break;
      search(individualize(refined, cell[k]));
    }
  };
  search(initial);
  return best as unknown as string;
}

/** For each node, the node on the other side with the same map number, or -1. */
function mapLinks(graph: TemplateGraph, offset: number[]): Int32Array {
  const n = graph.product.atoms.length + graph.reactants.atoms.length;
  const link = new Int32Array(n).fill(-1);
  const productByMap = new Map<number, number>();
  graph.product.atoms.forEach((a, i) => {
    if (a.mapNum) productByMap.set(a.mapNum, i);
  });
  graph.reactants.atoms.forEach((a, i) => {
    const p = a.mapNum ? productByMap.get(a.mapNum) : undefined;
    if (p === undefined) return;
    link[offset[1] + i] = p;
    link[p] = offset[1] + i;
  });
  return link;
}

/** Ranks by key: each element gets the number of elements with a smaller key. */
function rankBy(keys: string[]): Int32Array {
  const order = keys
    .map((_, i) => i)
    .sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
  const ranks = new Int32Array(keys.length);
  order.forEach((atom, pos) => {
    const prev = order[pos - 1];
    ranks[atom] = pos > 0 && keys[prev] === keys[atom] ? ranks[prev] : pos;
  });
  return ranks;
}

function classCount(ranks: Int32Array): number {
  return new Set(ranks).size;
}

/** Splits classes by neighbour classes until nothing changes (old ranks stay the primary key). */
function refine(ranks: Int32Array, adjacency: [number, string][][], link: Int32Array): Int32Array {
  let current = ranks;
  let classes = classCount(current);
  for (;;) {
    const keys = adjacency.map((nbrs, i) => {
      const around = nbrs.map(([j, label]) => `${label},${current[j]}`).sort();
      const width = 6;
      return `${String(current[i]).padStart(width, '0')}|${around.join(';')}|${link[i] >= 0 ? current[link[i]] : -1}`;
    });
    const next = rankBy(keys);
    const count = classCount(next);
    if (count === classes) return current;
    current = next;
    classes = count;
  }
}

/** Members (by index) of the lowest-ranked class with more than one member, or null. */
function firstTiedCell(ranks: Int32Array): number[] | null {
  const byRank = new Map<number, number[]>();
  ranks.forEach((r, i) => {
    const list = byRank.get(r);
    if (list) list.push(i);
    else byRank.set(r, [i]);
  });
  let bestRank = Infinity;
  for (const [r, members] of byRank) if (members.length > 1 && r < bestRank) bestRank = r;
  return bestRank === Infinity ? null : (byRank.get(bestRank) as number[]);
}

/** Puts one atom of a tied class ahead of the others. */
function individualize(ranks: Int32Array, atom: number): Int32Array {
  const next = Int32Array.from(ranks);
  const tied = ranks[atom];
  ranks.forEach((r, i) => {
    if (r === tied && i !== atom) next[i] = r + 1;
  });
  return next;
}
