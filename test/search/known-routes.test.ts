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

function job(
  target: string,
  startingMaterials: string[],
  detailLevel: 'score' | 'synthesis' = 'score',
) {
  return runPlanJob(
    {
      smiles: target,
      startingMaterials,
      detailLevel,
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

  it('maps the atoms of the best route onto the target (synthesis and decomposition)', async () => {
    const [last, inner] = twoStep;
    const leaves = [...last.reactants.filter((r) => r !== inner.product), ...inner.reactants];
    const out = await job(last.product, leaves, 'synthesis');
    const { synthesis, decomposition } = out;
    expect(synthesis && decomposition).toBeTruthy();
    if (!synthesis || !decomposition) return;
    const strip = (s: string) => canonicalSmiles(s.replace(/:\d+\]/g, ']'));
    expect(synthesis.compounds[synthesis.targetId].smiles).toBe(last.product);
    expect(Object.keys(synthesis.reactions)).toHaveLength(2);
    for (const r of Object.values(synthesis.reactions)) {
      const [left, right] = r.smiles.split('>>');
      expect(strip(right)).toBe(synthesis.compounds[r.productId].smiles);
      expect(r.substratesIds.map((id) => synthesis.compounds[id].smiles).sort()).toEqual(
        left
          .split('.')
          .map((f) => strip(f))
          .sort(),
      );
    }
    const purchased = Object.values(synthesis.compounds)
      .filter((c) => c.productOf === null)
      .map((c) => c.smiles);
    expect(purchased.sort()).toEqual([...leaves].sort());
    expect(strip(decomposition.mappedSmiles)).toBe(last.product);
    expect(decomposition.atomsPurchased).toEqual(decomposition.atoms);
    expect(decomposition.bondsBroken.length).toBeGreaterThanOrEqual(1); // the route forms target bonds
    expect(decomposition.bondsBroken.length + decomposition.bondsNotBroken.length).toBe(
      decomposition.bonds.length,
    );
  });

  it('reports an invalid target as a failed job, not an exception', async () => {
    const out = await job('C1CC', []);
    expect(out.status).toBe('failed');
    expect(out.error?.code).toBe('invalid_smiles');
  });
});
