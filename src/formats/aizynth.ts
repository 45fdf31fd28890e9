/**
 * Routes in AiZynthFinder's reaction-tree format, the dictionaries its
 * `ReactionTree.from_dict` reads and its route analysis, clustering and the
 * PaRoutes scripts consume: molecule and reaction nodes alternate from the
 * target down, a molecule has `type: "mol"`, `smiles`, `is_chemical`,
 * `in_stock` and at most one reaction child (none for a building block), a
 * reaction has `type: "reaction"`, its reaction SMILES, `is_reaction`,
 * `metadata` and its reactants as children. Built from the spec's Route (the
 * steps' reaction SMILES), so any Retro v2 answer converts.
 */
import type { AiZynthMolNode, AiZynthTarget, Route } from '../contract/index.js';

/** The reaction tree of one route, target first. */
export function aizynthTree(route: Route): AiZynthMolNode {
  const madeBy = new Map<string, { smiles: string; number: number; precursors: string[] }>();
  for (const step of route.steps) {
    const [left, product] = step.reactionSmiles.split('>>');
    madeBy.set(product, {
      smiles: step.reactionSmiles,
      number: step.number,
      precursors: left.split('.'),
    });
  }
  const blocks = new Set(route.buildingBlocks.map((b) => b.smiles));
  const target = route.reactionSmiles.split('>>')[1];
  // A molecule made on the path to itself would loop: it is shown as a leaf there.
  const build = (smiles: string, ancestors: Set<string>): AiZynthMolNode => {
    const node: AiZynthMolNode = {
      type: 'mol',
      hide: false,
      smiles,
      is_chemical: true,
      in_stock: blocks.has(smiles),
    };
    const step = madeBy.get(smiles);
    if (!step || ancestors.has(smiles)) return node;
    const path = new Set(ancestors).add(smiles);
    node.children = [
      {
        type: 'reaction',
        hide: false,
        smiles: step.smiles,
        is_reaction: true,
        metadata: { step: step.number },
        children: step.precursors.map((p) => build(p, path)),
      },
    ];
    return node;
  };
  return build(target, new Set());
}

interface JobLike {
  id: string;
  query: string;
  status: string;
  routes: Route[];
  compound_id?: string;
}

export function aizynthTarget(job: JobLike): AiZynthTarget {
  return {
    target: job.query,
    ...(job.compound_id !== undefined ? { compound_id: job.compound_id } : {}),
    job_id: job.id,
    status: job.status,
    is_solved: job.routes.length > 0,
    number_of_routes: job.routes.length,
    trees: job.routes.map(aizynthTree),
  };
}
