/**
 * SDF records of batch results: the target's structure and every summary
 * field as an SDF data item. Structures need a molblock writer from the
 * chemistry core; until it offers one (`molBlock`), records carry a
 * structure-less molblock and the SMILES as a data item, which RDKit,
 * DataWarrior and KNIME read.
 */
import * as chem from '../chem/index.js';
import type { SummaryItem } from '../api/routes/batch-summary.js';

type MolBlockWriter = (smiles: string) => string | null;

let writer: MolBlockWriter | null | undefined;

async function molBlockWriter(): Promise<MolBlockWriter | null> {
  if (writer !== undefined) return writer;
  const candidate = (chem as unknown as Record<string, unknown>).molBlock;
  if (typeof candidate === 'function') {
    await chem.loadRDKit();
    writer = candidate as MolBlockWriter;
  } else writer = null;
  return writer;
}

export async function sdfRecord(item: SummaryItem): Promise<string> {
  const write = await molBlockWriter();
  const block = (write?.(item.smiles) ?? emptyMolBlock()).replace(/^[^\n]*/, item.job_id);
  const fields: [string, unknown][] = [
    ['job_id', item.job_id],
    ['smiles', item.smiles],
    ['status', item.status],
    ['synthesizable', item.synthesizable],
    ['score', item.score],
    ['certainty', item.certainty],
    ['price', item.price],
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

function emptyMolBlock(): string {
  return ['', '  SynRoute', '', '  0  0  0  0  0  0  0  0  0  0999 V2000', 'M  END'].join('\n');
}
