/**
 * Derives the default building-block list shipped in data/stock: every
 * reactant of the USPTO-50k train split that never appears there as a
 * product (a proxy for commonly bought starting materials), canonicalized.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { canonicalSmiles, loadRDKit } from '../chem/index.js';

export async function deriveDefaultStock(
  usptoCsvGz: string,
  output: string,
): Promise<{ molecules: number }> {
  await loadRDKit();
  const lines = gunzipSync(readFileSync(usptoCsvGz)).toString().split('\n');
  const header = lines[0].split(',');
  const [cProd, cReact, cSplit] = ['prod_smiles', 'reactants_can', 'split'].map((c) =>
    header.indexOf(c),
  );
  if (cProd < 0 || cReact < 0 || cSplit < 0)
    throw new Error('expected columns prod_smiles, reactants_can, split');
  const products = new Set<string>();
  const reactants = new Set<string>();
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    if (f[cSplit] !== 'train') continue;
    const p = canonicalSmiles(f[cProd]);
    if (p) products.add(p);
    for (const r of f[cReact].split('.')) {
      const c = canonicalSmiles(r);
      if (c) reactants.add(c);
    }
  }
  const leaves = [...reactants].filter((r) => !products.has(r)).sort();
  writeFileSync(output, gzipSync(`${leaves.join('\n')}\n`, { level: 9 }));
  return { molecules: leaves.length };
}
