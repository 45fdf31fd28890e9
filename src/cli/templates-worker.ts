/** Worker thread for `synroute templates extract --threads N`. */
import { workerData } from 'node:worker_threads';
import { loadRDKit } from '../chem/index.js';
import { ExtractedBatch, extractReactions } from '../templates/corpus.js';

/** Held-out product keys, sent once per worker. */
const heldOut = new Set<string>((workerData as { heldOut?: string[] } | undefined)?.heldOut ?? []);

export default async function run(task: { records: string[] }): Promise<ExtractedBatch> {
  await loadRDKit();
  return extractReactions(task.records, heldOut);
}
