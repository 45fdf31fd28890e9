/** Worker thread of filter training: proposals of the single-step model become filter examples. */
import { workerData } from 'node:worker_threads';
import { loadRDKit, MorganParams } from '../chem/index.js';
import { reactionBits } from '../policy/feasibility.js';
import type { TrainingExample } from '../policy/mlp.js';
import { ENGINES, Engine, loadEngine, withoutJudges } from './engine.js';

export interface FilterExampleTask {
  reactions: { product: string; reactants: string }[];
  proposals: number;
  negativesPerReaction: number;
}

const data = workerData as { library: string; policy: string; fingerprint: MorganParams };
let engine: Engine | undefined;

export default async function run(
  task: FilterExampleTask,
): Promise<{ examples: TrainingExample[][]; recordedProposed: number }> {
  await loadRDKit();
  engine ??= loadEngine({
    ...withoutJudges(ENGINES[0]),
    templateLibrary: data.library,
    policy: data.policy,
    filter: undefined,
    // The shipped filter learnt the proposals of a model without precedents.
    precedents: null,
    model: { ...ENGINES[0].model, topK: Math.max(ENGINES[0].model.topK, task.proposals) },
  });
  let recordedProposed = 0;
  const examples = task.reactions.map(({ product, reactants }) => {
    const proposed = engine!.model.predict(product, task.proposals);
    if (proposed.some((p) => p.reactants === reactants)) recordedProposed++;
    const wrong = proposed
      .filter((p) => p.reactants !== reactants)
      .slice(0, task.negativesPerReaction);
    const group: TrainingExample[] = [
      { bits: reactionBits(product, reactants.split('.'), data.fingerprint), label: 1 },
    ];
    for (const p of wrong)
      group.push({
        bits: reactionBits(product, p.reactants.split('.'), data.fingerprint),
        label: 0,
      });
    return group;
  });
  return { examples, recordedProposed };
}
