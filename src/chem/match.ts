/**
 * Substructure matching (VF2-style backtracking) of a query onto a target.
 * Matches are not uniquified: like RDKit's reaction runner we return every
 * mapping, because symmetric mappings can give different products.
 */
import type { QueryMol } from './smarts.js';
import { MatchTarget } from './target.js';

export interface MatchOptions {
  /** Query atom 0 must map onto this target atom. */
  anchor?: number;
  maxMatches?: number;
}

interface Plan {
  order: number[];
  /** For each position in `order`: query atom it hangs off (-1 starts a fragment). */
  parent: number[];
  /** For each position: query bonds to earlier-placed atoms, as [bondIdx, otherQueryAtom]. */
  closures: [number, number][][];
}

const plans = new WeakMap<QueryMol, Plan>();

export function findMatches(
  query: QueryMol,
  target: MatchTarget,
  options: MatchOptions = {},
): number[][] {
  const plan = plans.get(query) ?? makePlan(query, options.anchor !== undefined);
  plans.set(query, plan);
  const nq = query.atoms.length;
  const maxMatches = options.maxMatches ?? 1000;
  const results: number[][] = [];
  if (nq === 0 || nq > target.n) return results;
  const mapping = new Int32Array(nq).fill(-1);
  const used = new Uint8Array(target.n);
  const n = target.n;

  const place = (pos: number): boolean => {
    if (pos === nq) {
      results.push(Array.from(mapping));
      return results.length < maxMatches;
    }
    const qa = plan.order[pos];
    const atom = query.atoms[qa];
    const parent = plan.parent[pos];
    const tryAtom = (ta: number): boolean => {
      if (used[ta] || !atom.match(target, ta)) return true;
      for (const [qb, qo] of plan.closures[pos]) {
        const tb = target.bondAt[ta * n + mapping[qo]];
        if (tb === 0 || !query.bonds[qb].match(target, tb - 1)) return true;
      }
      mapping[qa] = ta;
      used[ta] = 1;
      const more = place(pos + 1);
      used[ta] = 0;
      mapping[qa] = -1;
      return more;
    };
    if (parent >= 0) {
      const tp = mapping[parent];
      for (const bi of target.mol.atoms[tp].bonds) {
        if (!tryAtom(target.mol.other(bi, tp))) return false;
      }
      return true;
    }
    if (pos === 0 && options.anchor !== undefined) return tryAtom(options.anchor);
    for (let ta = 0; ta < n; ta++) if (!tryAtom(ta)) return false;
    return true;
  };
  place(0);
  return results;
}

function makePlan(query: QueryMol, anchored: boolean): Plan {
  const nq = query.atoms.length;
  const placed = new Int32Array(nq).fill(-1);
  const order: number[] = [];
  const parent: number[] = [];
  const closures: [number, number][][] = [];
  const score = (i: number): number => {
    const a = query.atoms[i];
    return (
      (a.elementsAllowed && a.elementsAllowed.length === 1 && a.elementsAllowed[0] !== 6 ? 10 : 0) +
      (a.elementsAllowed ? 5 : 0) +
      a.bonds.length
    );
  };
  while (order.length < nq) {
    let start = -1;
    if (anchored && order.length === 0) start = 0;
    else {
      for (let i = 0; i < nq; i++) {
        if (placed[i] >= 0) continue;
        if (start < 0 || score(i) > score(start)) start = i;
      }
    }
    const queue = [start];
    placed[start] = order.length;
    const from = new Map<number, number>([[start, -1]]);
    for (let qi = 0; qi < queue.length; qi++) {
      const a = queue[qi];
      order.push(a);
      parent.push(from.get(a) as number);
      const nbrs = query.atoms[a].bonds
        .map((b) => query.other(b, a))
        .filter((o) => placed[o] < 0)
        .sort((x, y) => score(y) - score(x));
      for (const o of nbrs) {
        placed[o] = 0;
        from.set(o, a);
        queue.push(o);
      }
    }
  }
  // Closures: bonds from each atom to atoms placed before it (including its parent).
  const position = new Int32Array(nq);
  order.forEach((a, pos) => (position[a] = pos));
  order.forEach((a, pos) => {
    const list: [number, number][] = [];
    for (const b of query.atoms[a].bonds) {
      const o = query.other(b, a);
      if (position[o] < pos) list.push([b, o]);
    }
    closures.push(list);
  });
  return { order, parent, closures };
}
