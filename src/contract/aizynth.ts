/**
 * Routes in AiZynthFinder's reaction-tree format, as `GET /jobs/{id}?format=aizynth`
 * and `synroute results --format aizynth` send them (src/formats/aizynth.ts
 * writes them from the spec's routes).
 */

export interface AiZynthMolNode {
  type: 'mol';
  hide: boolean;
  smiles: string;
  is_chemical: true;
  in_stock: boolean;
  children?: [AiZynthReactionNode];
}

export interface AiZynthReactionNode {
  type: 'reaction';
  hide: boolean;
  /** The step's reaction SMILES, reactants `>>` product, as in the spec's route. */
  smiles: string;
  is_reaction: true;
  /** `step`: the step's number in the spec route (synthesis order). */
  metadata: Record<string, unknown>;
  children: AiZynthMolNode[];
}

/** One target with its routes: the columns of aizynthcli's output table, plus SynRoute's ids. */
export interface AiZynthTarget {
  target: string;
  compound_id?: string;
  job_id: string;
  status: string;
  is_solved: boolean;
  number_of_routes: number;
  trees: AiZynthMolNode[];
}
