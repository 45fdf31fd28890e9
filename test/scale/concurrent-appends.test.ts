/**
 * Concurrent PUT appends to one batch from several clients, through two API
 * processes on one database, never take it past the 100,000-job cap: the
 * appends that fit are applied whole, the others answer 413 (the spec's
 * "Batch resource exceeded size limit") and add nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ServerProcess, startServer } from '../helpers/server.js';
import {
  call,
  createToken,
  database,
  installation,
  PARAMETERS,
  removeInstallations,
} from './harness.js';

const databaseUrl = process.env.DATABASE_URL!;
const CAP = 100_000;
const apis: ServerProcess[] = [];

afterAll(async () => {
  await Promise.all(apis.map((a) => a.kill()));
  removeInstallations();
});

const smiles = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `CN${tag}${i}`);

describe('concurrent appends to one batch', () => {
  it('never exceed the 100,000-job cap', { timeout: 240_000 }, async () => {
    const dir = await installation();
    const token = await createToken(dir, databaseUrl);
    // No planning anywhere: the jobs stay queued and the batch open.
    for (let i = 0; i < 2; i++) apis.push(await startServer(dir, { SYNROUTE_WORKERS: '0' }));

    const created = await call(apis[0].url, token, '/batches', {
      method: 'POST',
      body: { smiles: smiles(CAP - 1_500, 'A'), parameters: PARAMETERS },
    });
    expect(created.status).toBe(200);
    const id: string = created.body.id;

    // Ten clients append 500 new SMILES each at once (5,000 for 1,500 places), half through
    // each API process: exactly three appends fit.
    const appends = Array.from({ length: 10 }, (_, c) =>
      call(apis[c % 2].url, token, `/batches/${id}`, {
        method: 'PUT',
        body: { smiles: smiles(500, `B${c}x`) },
      }),
    );
    const replies = await Promise.all(appends);
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 413)).toHaveLength(7);
    const counts = replies.filter((r) => r.status === 200).map((r) => r.body.number_of_jobs);
    expect(counts.sort((a, b) => a - b)).toEqual([CAP - 1_000, CAP - 500, CAP]);

    // Full: one more new SMILES from each of several clients is refused, a duplicate is not.
    const more = await Promise.all(
      Array.from({ length: 6 }, (_, c) =>
        call(apis[c % 2].url, token, `/batches/${id}`, {
          method: 'PUT',
          body: { smiles: [`CN${c}Cx`] },
        }),
      ),
    );
    expect(more.map((r) => r.status)).toEqual([413, 413, 413, 413, 413, 413]);
    const duplicate = await call(apis[1].url, token, `/batches/${id}`, {
      method: 'PUT',
      body: { smiles: ['CNA0'] },
    });
    expect(duplicate.status).toBe(200);
    expect(duplicate.body.number_of_jobs).toBe(CAP);

    const db = await database(databaseUrl);
    try {
      const batch = '(SELECT seq FROM batches WHERE id = $1)';
      expect(await db.count(`SELECT count(*) FROM jobs WHERE batch = ${batch}`, [id])).toBe(CAP);
      expect(
        await db.count(`SELECT count(DISTINCT query) FROM jobs WHERE batch = ${batch}`, [id]),
      ).toBe(CAP);
      // The appends that fit were applied whole; the refused ones left nothing behind.
      const applied = await db.rows<{ tag: string; n: string }>(
        `SELECT substring(query from '^CN(B[0-9]+)x') AS tag, count(*) AS n FROM jobs
         WHERE batch = ${batch} AND query LIKE 'CNB%' GROUP BY 1 ORDER BY 1`,
        [id],
      );
      expect(applied).toHaveLength(3);
      expect(applied.every((r) => Number(r.n) === 500)).toBe(true);
      const ok = replies.flatMap((r, c) => (r.status === 200 ? [`B${c}`] : [])).sort();
      expect(applied.map((r) => r.tag)).toEqual(ok);
    } finally {
      await db.close();
    }
    const status = await call(apis[0].url, token, `/batches/${id}/status`);
    expect(status.body).toEqual({ status: 'submitted', number_of_jobs: CAP, completed_jobs: 0 });
  });
});
