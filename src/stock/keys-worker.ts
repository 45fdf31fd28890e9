/** Worker thread computing building-block keys in batches during import. */
import { loadRDKit } from '../chem/index.js';
import { KeyOptions, keysFor, RowKeys } from './keys.js';

export default async function run(task: {
  structures: string[];
  options: KeyOptions;
}): Promise<RowKeys[]> {
  await loadRDKit();
  return task.structures.map((s) => keysFor(s, task.options));
}
