/**
 * SDF records of batch results: the target's structure (2D molblock from the
 * chemistry core) and every summary field as an SDF data item. A SMILES that
 * cannot be drawn gets an empty structure; its SMILES is still a data item.
 */
import { loadRDKit, molBlock } from '../chem/index.js';
import type { SummaryItem } from '../contract/index.js';

export async function sdfRecord(item: SummaryItem): Promise<string> {
  await loadRDKit();
  // The title line is the compound's id (what SDF readers show as the name), else the job id.
  const title = (item.compound_id ?? item.job_id).slice(0, 80);
  const block = (molBlock(item.smiles) ?? emptyMolBlock()).replace(/^[^\n]*/, () => title);
  const fields: [string, unknown][] = [
    ['compound_id', item.compound_id],
    ['job_id', item.job_id],
    ['smiles', item.smiles],
    ['status', item.status],
    ['synthesizable', item.synthesizable],
    ['score', item.score],
    ['certainty', item.certainty],
    ['price', priceText(item)],
    ['steps', item.steps],
    ['routes', item.routes],
    ['best_route', item.best_route],
    ['best_route_reactions', item.best_route_reactions.join('\n')],
    ['error', item.error],
  ];
  const data = fields
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `> <${k}>\n${String(v)}\n\n`)
    .join('');
  return `${block.replace(/\n?$/, '\n')}${data}$$$$\n`;
}

/** A route's price; "unknown" for a route whose blocks lack prices; nothing without a route. */
export function priceText(item: SummaryItem): number | string | null {
  return item.price ?? (item.synthesizable ? 'unknown' : null);
}

function emptyMolBlock(): string {
  return ['', '  SynRoute', '', '  0  0  0  0  0  0  0  0  0  0999 V2000', 'M  END'].join('\n');
}
