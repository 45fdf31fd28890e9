/** The batch result is sent as JSON text pieces, page by page: together they are the items' JSON. */
import { describe, expect, it } from 'vitest';
import { resultItem, resultJson } from '../../src/api/routes/batch-result.js';
import type { BatchResultRow } from '../../src/store/types.js';

async function text(pages: BatchResultRow[][]): Promise<string> {
  let out = '';
  for await (const piece of resultJson(
    (async function* () {
      yield* pages;
    })(),
  ))
    out += piece;
  return out;
}

describe('batch result JSON', () => {
  const rows: BatchResultRow[] = [
    ['0f'.repeat(16), 'CC(=O)Nc1ccc(O)cc1', 'completed', 1, null],
    ['1e'.repeat(16), 'C[C@H](N)C(=O)O', 'failed', 0, 'cmpd "7"\\ é\u2028\u0001'],
    ['2d'.repeat(16), 'c1ccccc1/C=C/Br', 'processing', 0, ''],
    ['3c'.repeat(16), 'CCO', 'canceled', 0, 'ZINC000001'],
    ['4b'.repeat(16), 'CCN', 'submitted', 0, null],
  ];

  it('is the JSON of the result items, over any paging', async () => {
    const expected = JSON.stringify(rows.map(resultItem));
    expect(await text([rows])).toBe(expected);
    expect(await text([rows.slice(0, 2), [], rows.slice(2)])).toBe(expected);
    expect(JSON.parse(await text([rows]))[1]).toEqual({
      job_id: '1e'.repeat(16),
      smiles: 'C[C@H](N)C(=O)O',
      completed: true,
      synthesizable: false,
      status: 'failed',
      compound_id: 'cmpd "7"\\ é\u2028\u0001',
    });
  });

  it('is an empty array for no rows', async () => {
    expect(await text([])).toBe('[]');
    expect(await text([[]])).toBe('[]');
  });
});
