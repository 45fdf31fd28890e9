/** Readers for the shared data sets used by tests and benchmarks. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { repoRoot, sharedPath } from './shared.js';

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

/**
 * An acetanilide of the bundled building-block library whose aniline is in
 * the library too (shortest first): a purchasable target with an obvious
 * disconnection. Found at run time, as the library is derived from shared data.
 */
export function acetanilideInStock(): { smiles: string; amine: string } {
  const stock = new Set(
    gunzipSync(readFileSync(join(repoRoot, 'data', 'stock', 'default.smi.gz')))
      .toString('utf8')
      .split('\n')
      .map((line) => line.split(/\s+/)[0]),
  );
  const acetyl = 'CC(=O)';
  const found = [...stock]
    .filter((s) => /^CC\(=O\)Nc1ccc(\(\w+\))?cc1$/.test(s) && stock.has(s.slice(acetyl.length)))
    .sort((a, b) => a.length - b.length)[0];
  if (!found) throw new Error('no acetanilide with its aniline in the bundled library');
  return { smiles: found, amine: found.slice(acetyl.length) };
}
