/** Checks on the store's tables shared by store tests (either backend). */
import { expect } from 'vitest';
import { ResultItem, resultItem } from '../../src/api/routes/batch-result.js';
import type { Parameters } from '../../src/contract/index.js';
import type { NewBatch, ParamSetInput, Store } from '../../src/store/types.js';
import type { TestStore } from './backend.js';

/** Planning parameters and a parameter set for store tests (no engine runs them). */
export const TEST_PARAMETERS: Parameters = {
  retrosynthesis_engine: 'e',
  building_block_libraries: ['default'],
  number_of_routes: 1,
  processing_time: 60,
  building_block_limit: 3,
  reaction_limit: 3,
};

export const TEST_PARAM_SET: ParamSetInput = {
  runParameters: TEST_PARAMETERS,
  engineVersion: 'e-1',
  libraryVersions: { default: 'default@1' },
};

/** A batch of alice's with these SMILES (and anything else in `extra`). */
export function testBatch(smiles: string[], extra: Partial<NewBatch> = {}): NewBatch {
  return {
    owner: 'alice',
    name: 'b',
    description: null,
    filename: null,
    parameters: TEST_PARAMETERS,
    paramSet: TEST_PARAM_SET,
    smiles,
    ...extra,
  };
}

/** The batch's result items, read two jobs a page (so that paging is exercised too). */
export async function resultItems(store: Store, owner: string, id: string): Promise<ResultItem[]> {
  const items: ResultItem[] = [];
  for (let after = 0; ;) {
    const page = await store.batchResultRows(owner, id, { after, limit: 2 });
    if (!page) throw new Error(`batch ${id} is not ${owner}'s`);
    items.push(...page.rows.map(resultItem));
    if (page.next === null) return items;
    after = page.next;
  }
}

/** The counters must always equal what a scan of the jobs says. */
export async function expectCountersConsistent(t: TestStore): Promise<void> {
  const num = <T extends Record<string, unknown>>(rows: T[]) =>
    rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'status' ? v : Number(v)])),
    );
  const scanned = num(
    await t.rows(
      'SELECT batch, status, count(*) n FROM jobs WHERE batch IS NOT NULL GROUP BY 1, 2',
    ),
  ) as { batch: number; status: string; n: number }[];
  const batches = num(await t.rows('SELECT * FROM batches')) as Record<string, number>[];
  for (const b of batches) {
    const of = (st: string) => scanned.find((r) => r.batch === b.seq && r.status === st)?.n ?? 0;
    expect(b.submitted_jobs).toBe(of('submitted'));
    expect(b.processing_jobs).toBe(of('processing'));
    expect(b.completed_jobs).toBe(of('completed'));
    expect(b.failed_jobs).toBe(of('failed'));
    expect(b.canceled_jobs).toBe(of('canceled'));
    expect(b.total_jobs).toBe(
      of('submitted') + of('processing') + of('completed') + of('failed') + of('canceled'),
    );
  }
  const overall = num(await t.rows('SELECT status, count(*) n FROM jobs GROUP BY 1')) as {
    status: string;
    n: number;
  }[];
  // PostgreSQL stripes the overall counts over several rows per status.
  const counts = num(await t.rows('SELECT status, sum(n) n FROM job_counts GROUP BY status')) as {
    status: string;
    n: number;
  }[];
  for (const c of counts) expect(c.n).toBe(overall.find((o) => o.status === c.status)?.n ?? 0);
  const queued = await t.count("SELECT count(*) FROM jobs WHERE status = 'submitted'");
  expect(await t.count('SELECT coalesce(sum(queued), 0) FROM lanes')).toBe(queued);
}
