/**
 * The real engine (shipped templates and policy) must find routes known from
 * the data: for a one-step and a two-step USPTO-50k chain, with a stock that
 * holds exactly the recorded starting materials, the planner returns exactly
 * that route. The chains are picked from the data at test time.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalSet, canonicalSmiles, loadRDKit } from '../../src/chem/index.js';
import { runPlanJob } from '../../src/engine/plan-job.js';
import { DEFAULT_ENGINE_ID, engine } from '../../src/engine/index.js';
import { uspto50k } from '../helpers/datasets.js';

interface Step {
  product: string;
  reactants: string[];
}

let oneStep: Step;
let twoStep: [Step, Step]; // [final step, step making one of its precursors]

beforeAll(async () => {
  await loadRDKit();
  const model = engine(DEFAULT_ENGINE_ID)!.model;
  const predicted = (s: Step) =>
    model.predict(s.product, 10).some((p) => p.reactants === s.reactants.join('.'));
  const steps: Step[] = [];
  for (const r of uspto50k()
    .filter((x) => x.split === 'train')
    .slice(0, 4000)) {
    const product = canonicalSmiles(r.product);
    const reactants = canonicalSet(r.reactants.split('.'));
    if (product && reactants) steps.push({ product, reactants: reactants.split('.') });
  }
  const byProduct = new Map(steps.map((s) => [s.product, s]));
  oneStep = steps.find((s) => s.reactants.length === 2 && predicted(s)) as Step;
  for (const last of steps) {
    const inner = last.reactants
      .map((r) => byProduct.get(r))
      .find((s) => s && s.reactants.length >= 1);
    if (!inner || inner.reactants.some((r) => last.reactants.includes(r))) continue;
    if (predicted(last) && predicted(inner)) {
      twoStep = [last, inner];
      break;
    }
  }
}, 300_000);

function job(target: string, startingMaterials: string[]) {
  return runPlanJob(
    {
      smiles: target,
      startingMaterials,
      parameters: {
        retrosynthesis_engine: DEFAULT_ENGINE_ID,
        building_block_libraries: [],
        number_of_routes: 1,
        processing_time: 60,
        building_block_limit: 3,
        reaction_limit: 3,
      },
    },
    { dataDir: 'unused: no libraries are listed' },
  );
}

describe('known routes from the data', () => {
  it('solves a one-step reaction with exactly its recorded reactants', async () => {
    expect(oneStep).toBeDefined();
    const out = await job(oneStep.product, oneStep.reactants);
    expect(out.status).toBe('completed');
    expect(out.summary).toMatchObject({ synthesizable: true, reactionCount: 1 });
    expect(out.routes[0].buildingBlocks.map((b) => b.smiles).sort()).toEqual(
      [...oneStep.reactants].sort(),
    );
    expect(out.routes[0].steps).toEqual([
      { number: 1, reactionSmiles: `${oneStep.reactants.join('.')}>>${oneStep.product}` },
    ]);
  });

  it('solves a two-step chain with exactly its starting materials', async () => {
    expect(twoStep).toBeDefined();
    const [last, inner] = twoStep;
    const intermediate = inner.product;
    const leaves = [...last.reactants.filter((r) => r !== intermediate), ...inner.reactants];
    const out = await job(last.product, leaves);
    expect(out.summary).toMatchObject({ synthesizable: true, reactionCount: 2 });
    expect(out.routes[0].buildingBlocks.map((b) => b.smiles).sort()).toEqual(
      [...new Set(leaves)].sort(),
    );
    expect(out.routes[0].steps.map((s) => s.reactionSmiles)).toEqual([
      `${inner.reactants.join('.')}>>${intermediate}`,
      `${last.reactants.join('.')}>>${last.product}`,
    ]);
  });

  it('reports an invalid target as a failed job, not an exception', async () => {
    const out = await job('C1CC', []);
    expect(out.status).toBe('failed');
    expect(out.error?.code).toBe('invalid_smiles');
  });
});
