/**
 * One row of `GET /batches/{batch_id}/summary` (and `GET /jobs/{job_id}/summary`):
 * the spec's result item plus what a screening table sorts on and the best
 * route's reactions. The API writes it, the web console and `synroute results`
 * read it.
 */

export interface SummaryItem {
  /** The submitter's identifier of the target; null when none was given. */
  compound_id: string | null;
  job_id: string;
  smiles: string;
  status: string;
  completed: boolean;
  synthesizable: boolean;
  score: number | null;
  certainty: number | null;
  price: number | null;
  steps: number | null;
  routes: number;
  /** The best route as building blocks `>>` target. */
  best_route: string | null;
  /** The best route's reactions in synthesis order. */
  best_route_reactions: string[];
  error: string | null;
}
