/** Worker thread for `synroute templates extract --threads N`. */
import { workerData } from 'piscina';
import { loadRDKit } from '../chem/index.js';
import { extractBatch } from '../templates/extract-batch.js';
import { Tally } from '../templates/library-builder.js';

/** Held-out product keys, sent once per worker. */
const heldOut = new Set<string>((workerData as { heldOut?: string[] } | undefined)?.heldOut ?? []);

export default async function run(task: { records: string[] }): Promise<Tally> {
  await loadRDKit();
  return extractBatch(task.records, heldOut);
}
