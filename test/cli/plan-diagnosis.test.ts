/**
 * `synroute plan` on a target without a route: the text output draws the
 * most promising partial route and lists the molecules not in stock; --json
 * carries the diagnosis; --exclude-target plans a target that is in the stock.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describe as describeOutput } from '../../src/cli/plan.js';
import type { PlanJobOutput } from '../../src/contract/index.js';
import { runCli } from '../helpers/cli.js';
import { acetanilideInStock } from '../helpers/datasets.js';
import { Network, planToy, SetStock } from '../helpers/toy-search.js';

const dir = mkdtempSync(join(tmpdir(), 'synroute-plan-diagnosis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** T needs A and B; A is made from the building block S1 and D, for which no reaction exists. */
function unsolved(): PlanJobOutput {
  const net: Network = { T: [[['A', 'B'], 0.9]], A: [[['S1', 'D'], 0.9]] };
  const r = planToy(net, new SetStock(['S1'], { S1: 4 }), { maxIterations: 3 });
  return {
    status: 'completed',
    routes: r.routes,
    summary: r.summary,
    diagnosis: r.diagnosis,
    // The time taken varies: the text is checked with 0 ms.
    stats: {
      stopReason: r.stopReason,
      iterations: r.iterations,
      elapsedMs: 0,
      firstRouteMs: null,
      engineVersion: 'toy',
    },
  };
}

describe('synroute plan without a route', () => {
  it('prints "no route found", the partial route and the missing molecules with why', () => {
    expect(describeOutput('T', unsolved()).split('\n')).toEqual([
      'T: no route found (iterations, 3 iterations, 0 ms)',
      '',
      'Most promising partial route: 2 step(s), 2 molecule(s) not in stock',
      '  T  (step 2)',
      '  ├─ A  (step 1)',
      '  │  ├─ D  [not in stock: a dead end: no template applies to it (or every proposal was rejected)]',
      '  │  └─ S1  [building block: toy id_S1 $4]',
      '  └─ B  [not in stock: not explored before the iteration limit]',
      '',
      'Not in stock:',
      '  D  (a dead end: no template applies to it (or every proposal was rejected))',
      '  B  (not explored before the iteration limit)',
      '',
    ]);
  });

  it('--json carries the diagnosis; --exclude-target plans a target that is in the stock', async () => {
    // The stock holds the target and its amine only: without its acyl donor,
    // the excluded target has no route, but a partial one through the amine.
    const amide = acetanilideInStock();
    const stock = join(dir, `${basename(dir)}.smi`);
    writeFileSync(stock, `${amide.smiles}\n${amide.amine}\n`);
    const args = ['plan', amide.smiles, '--stock', stock, '--time', '1', '--routes', '1', '--json'];
    const run = await runCli([...args, '--exclude-target']);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as PlanJobOutput;
    expect(out.status).toBe('completed');
    expect(out.routes).toEqual([]);
    const diagnosis = out.diagnosis!;
    expect(diagnosis.partialRoute.reactionSmiles.split('>>')[1]).toBe(amide.smiles);
    expect(diagnosis.partialRoute.steps.length).toBeGreaterThan(0);
    expect(diagnosis.missingMolecules.length).toBeGreaterThan(0);
    expect(diagnosis.missingMolecules.map((m) => m.smiles)).not.toContain(amide.smiles);
  });
});
