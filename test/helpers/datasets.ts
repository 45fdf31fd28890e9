/** Readers for the shared data sets used by tests and benchmarks. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { sharedPath } from './shared.js';

export interface Uspto50kRow {
  id: string;
  reactionClass: number;
  product: string;
  reactants: string;
  split: string;
  template: string;
}

let uspto: Uspto50kRow[] | undefined;

/** USPTO-50k (MHNreact preprocessing): products, reactants and one retro template per reaction. */
export function uspto50k(): Uspto50kRow[] {
  if (uspto) return uspto;
  const text = gunzipSync(
    readFileSync(sharedPath('data', 'uspto50k_mhnreact', 'USPTO_50k_MHN_prepro.csv.gz')),
  ).toString();
  const lines = text.split('\n');
  const header = lines[0].split(',');
  const col = (name: string) => header.indexOf(name);
  const [cId, cClass, cProd, cReact, cSplit, cTpl] = [
    'id',
    'class',
    'prod_smiles',
    'reactants_can',
    'split',
    'reaction_smarts',
  ].map(col);
  uspto = lines
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(','))
    .map((f) => ({
      id: f[cId],
      reactionClass: Number(f[cClass]),
      product: f[cProd],
      reactants: f[cReact],
      split: f[cSplit],
      template: f[cTpl],
    }));
  return uspto;
}
