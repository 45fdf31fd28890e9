/** Thread that draws pictures for /depict (see src/api/routes/depict.ts). */
import { moleculeSvg, reactionSvg } from './depict.js';
import { loadRDKit } from './rdkit.js';

export interface DepictTask {
  kind: 'molecule' | 'reaction';
  smiles: string;
  width: number;
  height: number;
}

export default async function draw(task: DepictTask): Promise<string | null> {
  // After an abort (a structure RDKit does not survive), this waits for the new instance.
  await loadRDKit();
  try {
    return task.kind === 'molecule'
      ? moleculeSvg(task.smiles, task.width, task.height)
      : reactionSvg(task.smiles, task.width, task.height);
  } catch (e) {
    // RDKit aborted on this structure and is being replaced: it cannot be drawn.
    if ((e as { code?: string }).code === 'chemistry_crash') return null;
    throw e;
  }
}
