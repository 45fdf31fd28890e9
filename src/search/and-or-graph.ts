/**
 * The AND-OR search graph: molecule (OR) nodes, each made by any one of its
 * reactions; reaction (AND) nodes, each needing all of its precursors. Every
 * molecule has one node (transpositions are shared), and no reaction may use
 * an ancestor of its product, so the graph stays acyclic.
 */
import type { StepJudgement } from '../reaction-models/reaction-model.js';

export class MoleculeNode {
  readonly reactions: ReactionNode[] = [];
  readonly parents: ReactionNode[] = [];
  expanded = false;
  /** Cannot be expanded (depth limit, or the model proposed nothing usable). */
  dead = false;
  /** Estimated cost of the cheapest way to buy or make this molecule. */
  cost: number;
  solved: boolean;

  constructor(
    readonly id: number,
    readonly smiles: string,
    readonly inStock: boolean,
    public depth: number,
    heuristic: number,
  ) {
    this.solved = inStock;
    this.cost = inStock ? 0 : heuristic;
  }

  get isFrontier(): boolean {
    return !this.inStock && !this.expanded && !this.dead;
  }
}

export class ReactionNode {
  cost = Infinity;
  solved = false;

  constructor(
    readonly id: number,
    readonly product: MoleculeNode,
    readonly precursors: MoleculeNode[],
    /** Cost of the step itself (from the model's prior). */
    readonly stepCost: number,
    readonly prior: number,
    readonly source: string,
    /** What the model's critics said of the step (feasibility 0-1, selectivity problems, precedent evidence). */
    readonly judgement: StepJudgement = {},
  ) {}

  /** Reaction SMILES `precursors>>product`. */
  get smiles(): string {
    return `${this.precursors.map((p) => p.smiles).join('.')}>>${this.product.smiles}`;
  }

  refresh(): void {
    let cost = this.stepCost;
    let solved = true;
    for (const p of this.precursors) {
      cost += p.cost;
      solved &&= p.solved;
    }
    this.cost = cost;
    this.solved = solved;
  }
}

export class AndOrGraph {
  readonly molecules: MoleculeNode[] = [];
  readonly reactions: ReactionNode[] = [];
  private readonly bySmiles = new Map<string, MoleculeNode>();
  readonly root: MoleculeNode;

  constructor(
    target: string,
    private readonly isInStock: (smiles: string) => boolean,
    private readonly heuristic: (smiles: string) => number,
  ) {
    this.root = this.molecule(target, 0);
  }

  get(smiles: string): MoleculeNode | undefined {
    return this.bySmiles.get(smiles);
  }

  /** The node for a molecule, created on first use. */
  molecule(smiles: string, depth: number): MoleculeNode {
    let node = this.bySmiles.get(smiles);
    if (!node) {
      const inStock = this.isInStock(smiles);
      node = new MoleculeNode(
        this.molecules.length,
        smiles,
        inStock,
        depth,
        inStock ? 0 : this.heuristic(smiles),
      );
      this.molecules.push(node);
      this.bySmiles.set(smiles, node);
    } else if (depth < node.depth) {
      node.depth = depth;
    }
    return node;
  }

  /** Molecules from which `node` can be reached (its ancestors), including itself. */
  ancestors(node: MoleculeNode): Set<MoleculeNode> {
    const seen = new Set<MoleculeNode>([node]);
    const stack = [node];
    while (stack.length) {
      const m = stack.pop() as MoleculeNode;
      for (const r of m.parents) {
        if (!seen.has(r.product)) {
          seen.add(r.product);
          stack.push(r.product);
        }
      }
    }
    return seen;
  }

  addReaction(
    product: MoleculeNode,
    precursors: MoleculeNode[],
    stepCost: number,
    prior: number,
    source: string,
    judgement: ReactionNode['judgement'] = {},
  ): ReactionNode {
    const r = new ReactionNode(
      this.reactions.length,
      product,
      precursors,
      stepCost,
      prior,
      source,
      judgement,
    );
    this.reactions.push(r);
    product.reactions.push(r);
    for (const p of precursors) p.parents.push(r);
    r.refresh();
    return r;
  }

  /**
   * Re-derives cost and solved status of `start` and everything above it
   * after a change below (worklist; the graph is acyclic).
   */
  propagate(start: MoleculeNode): void {
    const queue = [start];
    const queued = new Set(queue);
    while (queue.length) {
      const m = queue.shift() as MoleculeNode;
      queued.delete(m);
      const before = m.cost;
      const wasSolved = m.solved;
      if (!m.inStock && m.expanded) {
        let best = Infinity;
        let solved = false;
        for (const r of m.reactions) {
          r.refresh();
          if (r.cost < best) best = r.cost;
          solved ||= r.solved;
        }
        m.cost = best;
        m.solved = solved;
      } else if (m.dead && !m.inStock) {
        m.cost = Infinity;
      }
      if (m === start || m.cost !== before || m.solved !== wasSolved) {
        for (const r of m.parents) {
          if (!queued.has(r.product)) {
            queued.add(r.product);
            queue.push(r.product);
          }
        }
      }
    }
  }
}
