/**
 * The Retro v2 batch result (`GET /batches/{batch_id}/result`): one
 * RetrieveResultOutputItem per job in submission order, shaped here from the
 * store's rows whichever the database; `compound_id` (a SynRoute extension)
 * only where the submitter gave one.
 */
import {
  FINAL_JOB_STATUSES,
  type BatchResultPage,
  type BatchResultRow,
  type BatchStore,
  type JobStatus,
} from '../../store/types.js';

export interface ResultItem {
  job_id: string;
  smiles: string;
  completed: boolean;
  synthesizable: boolean;
  status: JobStatus;
  compound_id?: string;
}

/** Jobs read at a time: other requests (status polls) are served between pages. */
const PAGE = 2_000;

const FINISHED = new Set(FINAL_JOB_STATUSES);

export function resultItem([
  jobId,
  smiles,
  status,
  synthesizable,
  compoundId,
]: BatchResultRow): ResultItem {
  const item = {
    job_id: jobId,
    smiles,
    completed: FINISHED.has(status),
    synthesizable: synthesizable === 1,
    status,
  };
  return compoundId === null ? item : { ...item, compound_id: compoundId };
}

/**
 * The batch's result rows, page by page, or undefined when the batch is not
 * the owner's. A batch deleted while it is read ends early.
 */
export async function resultPages(
  store: BatchStore,
  owner: string,
  id: string,
): Promise<AsyncIterable<BatchResultRow[]> | undefined> {
  const first = await store.batchResultRows(owner, id, { after: 0, limit: PAGE });
  if (!first) return undefined;
  return (async function* () {
    for (let page: BatchResultPage | undefined = first; page;) {
      yield page.rows;
      if (page.next === null) return;
      page = await store.batchResultRows(owner, id, { after: page.next, limit: PAGE });
    }
  })();
}

/** The JSON array of the result, as text pieces that join into it. */
export async function* resultJson(pages: AsyncIterable<BatchResultRow[]>): AsyncGenerator<string> {
  let separator = '[';
  for await (const rows of pages) {
    if (!rows.length) continue;
    yield separator + JSON.stringify(rows.map(resultItem)).slice(1, -1);
    separator = ',';
  }
  yield separator === '[' ? '[]' : ']';
}
