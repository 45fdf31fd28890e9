/**
 * The batch-scoring API v1 end to end with the real engine: `synroute serve`
 * in a child process, one planning thread, short searches. A target that
 * needs an ad-hoc starting material is scored with its synthesis, which must
 * agree with the job's route; an unreadable target is an error (-1).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalSet, canonicalSmiles, loadRDKit } from '../../src/chem/index.js';
import type { Decomposition, Synthesis } from '../../src/contract/index.js';
import { Body } from '../helpers/api.js';
import { runCli } from '../helpers/cli.js';
import { seedLibraries, ServerProcess, startServer } from '../helpers/server.js';
import { untilValue } from '../helpers/wait.js';

const dataDir = mkdtempSync(join(tmpdir(), 'synroute-scoring-e2e-'));
let server: ServerProcess | undefined;
let headers: Record<string, string>;

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The amine is not in the default library; the acid it is made with is. */
const TARGET = 'CCC(=O)Nc1ccc(OCC2CC2)cc1';
const AMINE = 'Nc1ccc(OCC2CC2)cc1';

async function call(path: string, init: RequestInit = {}): Promise<Body> {
  const res = await fetch(`${server!.url}${path}`, { ...init, headers });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
  return res.json();
}

async function finished(id: string): Promise<void> {
  await untilValue(
    `batch search ${id} to finish`,
    () => call(`/api/v1/batch-search/${id}`),
    (s) => s.queued === 0 && s.running === 0,
    { timeoutMs: 180_000, intervalMs: 200, context: () => server!.output() },
  );
}

const unmapped = (smiles: string) => canonicalSmiles(smiles.replace(/:\d+\]/g, ']'));
const mapNumbers = (smiles: string) => [...smiles.matchAll(/:(\d+)\]/g)].map((m) => m[1]);

describe('batch scoring v1 with the real engine', () => {
  beforeAll(async () => {
    await seedLibraries(dataDir);
    const created = await runCli(['tokens', 'create', '--name', 'v1', '--data-dir', dataDir]);
    headers = {
      authorization: `ApiToken-v1 ${created.stdout.trim()}`,
      'content-type': 'application/json',
    };
    server = await startServer(dataDir, {
      SYNROUTE_MAX_PROCESSING_TIME: '20',
      SYNROUTE_WORKERS: '1',
    });
    await loadRDKit();
  }, 120_000);

  it(
    'scores with starting materials and returns a synthesis consistent with the route',
    { timeout: 240_000 },
    async () => {
      const search = await call('/api/v1/batch-search', {
        method: 'POST',
        body: JSON.stringify({
          targets: [TARGET, 'C1CC'],
          startingMaterials: [AMINE],
          params: { detailLevel: 'synthesis' },
        }),
      });
      expect(search.size).toBe(2);
      await finished(search.id);
      expect(await call(`/api/v1/batch-search/${search.id}`)).toEqual({
        queued: 0,
        running: 0,
        finished: 1,
        error: 1,
      });
      const [ok, bad] = await call(`/api/v1/batch-search-result/${search.id}`);
      expect(bad).toMatchObject({ targetSmiles: 'C1CC', status: 'error', result: -1 });
      expect(ok).toMatchObject({ targetSmiles: TARGET, status: 'ok', timedOut: false });
      expect(ok.result).toBeGreaterThanOrEqual(1);
      expect(ok.result).toBeLessThanOrEqual(10);
      expect(ok.certainty).toBeGreaterThan(0);
      expect(ok.certainty).toBeLessThanOrEqual(1);

      // The job behind it, through the Retro v2 API: its best route is the synthesis.
      const [item] = await call(`/batches/${search.id}/result`);
      const job = await call(`/jobs/${item.job_id}`);
      const route = job.routes[0];
      expect(ok.reactionCount).toBe(route.steps.length);
      const blocks = route.buildingBlocks.map((b: Body) => b.smiles);
      // The ad-hoc starting material is used alongside the default library.
      expect(blocks).toContain(AMINE);
      const amine = route.buildingBlocks.find((b: Body) => b.smiles === AMINE);
      expect(amine.buildingBlockMetadata[0].datasetProvider).toBe('starting_materials');
      expect(blocks.some((s: string) => s !== AMINE)).toBe(true);

      expectConsistent(ok.synthesis, ok.decomposition, TARGET, blocks, ok.reactionCount);
    },
  );

  it('scores without starting materials, with precision', { timeout: 240_000 }, async () => {
    const search = await call('/api/v1/batch-search', {
      method: 'POST',
      body: JSON.stringify({ targets: [TARGET], priority: 9 }),
    });
    await finished(search.id);
    const [item] = await call(`/api/v1/batch-search-result/${search.id}?precision=2`);
    expect(item).toMatchObject({ targetSmiles: TARGET, status: 'ok' });
    expect(item.result).toMatch(/^\d+(\.\d)?$/);
    expect(item.synthesis).toBeUndefined();
    // Without the amine the route is longer: it must be made first.
    expect(item.reactionCount).toBeGreaterThanOrEqual(2);
  });
});

/** Synthesis and decomposition describe one route: ids, mapped reactions, atoms and bonds agree. */
function expectConsistent(
  synthesis: Synthesis,
  decomposition: Decomposition,
  target: string,
  blocks: string[],
  reactionCount: number,
): void {
  const compounds = Object.values(synthesis.compounds);
  const reactions = Object.values(synthesis.reactions);
  expect(reactions).toHaveLength(reactionCount);
  const root = synthesis.compounds[synthesis.targetId];
  expect(canonicalSmiles(root.smiles)).toBe(canonicalSmiles(target));
  expect(root.substrateOf).toBeNull();
  const leaves = compounds.filter((c) => c.productOf === null).map((c) => c.smiles);
  expect(canonicalSet(leaves)).toBe(canonicalSet(blocks));
  for (const r of reactions) {
    const [left, right] = r.smiles.split('>>');
    const product = synthesis.compounds[r.productId];
    expect(product.productOf).toBe(r.id);
    expect(unmapped(right)).toBe(canonicalSmiles(product.smiles));
    const substrates = r.substratesIds.map((id) => synthesis.compounds[id]);
    for (const s of substrates) expect(s.substrateOf).toBe(r.id);
    expect(canonicalSet(left.split('.').map((s) => unmapped(s)!))).toBe(
      canonicalSet(substrates.map((s) => s.smiles)),
    );
  }
  // Atoms are the target's map numbers; all come from purchased building blocks here.
  const atoms = mapNumbers(decomposition.mappedSmiles);
  expect([...decomposition.atoms].sort()).toEqual([...atoms].sort());
  expect(unmapped(decomposition.mappedSmiles)).toBe(canonicalSmiles(target));
  expect([...decomposition.atomsPurchased, ...decomposition.atomsNotPurchased].sort()).toEqual(
    [...atoms].sort(),
  );
  // Every bond is broken or kept, never both; a broken bond joins atoms of different substrates.
  const key = ([a, b]: [string, string]) => [a, b].sort().join('-');
  const broken = new Set(decomposition.bondsBroken.map(key));
  const kept = new Set(decomposition.bondsNotBroken.map(key));
  expect(new Set(decomposition.bonds.map(key))).toEqual(new Set([...broken, ...kept]));
  expect([...broken].filter((b) => kept.has(b))).toEqual([]);
  expect(broken.size).toBeGreaterThanOrEqual(reactionCount);
  const substrateOfAtom = new Map<string, number>();
  for (const r of reactions)
    r.smiles
      .split('>>')[0]
      .split('.')
      .forEach((s, i) => mapNumbers(s).forEach((a) => substrateOfAtom.set(`${r.id}:${a}`, i)));
  const last = reactions.find((r) => r.productId === synthesis.targetId)!;
  for (const b of decomposition.bondsBroken) {
    const sides = b.map((a) => substrateOfAtom.get(`${last.id}:${a}`));
    if (sides.every((s) => s !== undefined)) expect(sides[0]).not.toBe(sides[1]);
  }
}
