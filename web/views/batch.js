/**
 * One batch: live progress, cancel, and its results table, which follows the
 * batch while it runs (re-read as jobs finish, a few seconds apart at most,
 * keeping the user's filters, order and page) and once more at the end.
 */
import { api, followBatch, isFinished, progressOf } from '../api.js';
import { announce, errorBox, formatDate, h } from '../dom.js';
import { resultsTable } from '../results-table.js';

/** Shortest pause between two reads of the results while the batch runs. */
const REFRESH_MS = 2000;

export function batchView(batchId) {
  const title = h('h1', { id: 'batch-title' }, batchId);
  const meta = h('p', { class: 'muted' });
  const bar = h('progress', { max: 1, value: 0, 'aria-labelledby': 'batch-title' });
  const count = h('span', { class: 'count', role: 'status' });
  const message = h('div');
  const results = h(
    'div',
    { class: 'results-slot' },
    h('p', { class: 'muted' }, 'Loading results…'),
  );
  const cancel = h(
    'button',
    { type: 'button', class: 'danger', onclick: () => cancelBatch(), hidden: true },
    'Cancel batch',
  );
  let batch = null;
  let table = null;

  const node = h(
    'section',
    { 'aria-labelledby': 'batch-title' },
    h('p', {}, h('a', { href: '#/batches' }, '← All batches')),
    title,
    meta,
    h('div', { class: 'progress-line' }, bar, count),
    h('div', { class: 'actions' }, cancel),
    message,
    results,
  );

  const show = (p) => {
    if (!p) return;
    bar.max = Math.max(p.total, 1);
    bar.value = p.done;
    count.textContent = progressText(p);
    node.dataset.status = p.status;
    cancel.hidden = isFinished(p);
  };

  async function loadResults() {
    try {
      const items = await api('GET', `/batches/${batchId}/summary`);
      if (table) table.setItems(items);
      else {
        table = resultsTable(items, batch?.name ?? batchId, batchId);
        results.replaceChildren(table.node);
      }
    } catch (e) {
      results.replaceChildren(errorBox(e.message));
      table = null;
    }
  }

  // While the batch runs, results are re-read when jobs finished, never closer than REFRESH_MS
  // (nor than ten times the last read took: a 100,000-row summary is not re-read every second).
  let lastDone = -1;
  let reading = null;
  let pause = REFRESH_MS;
  let timer;
  const refreshSoon = (p) => {
    if (p.done === lastDone || timer || reading) return;
    timer = setTimeout(async () => {
      timer = undefined;
      lastDone = p.done;
      const started = performance.now();
      reading = loadResults();
      await reading;
      reading = null;
      pause = Math.max(REFRESH_MS, 10 * (performance.now() - started));
    }, pause);
  };

  async function cancelBatch() {
    if (!confirm('Cancel this batch? Queued jobs will not run.')) return;
    message.replaceChildren();
    try {
      await api('PATCH', `/batches/${batchId}/cancel`);
    } catch (e) {
      if (e.status !== 404 || e.body === null) return message.append(errorBox(e.message));
      // No cancel on this server: deleting is the only way to stop the batch.
      if (!confirm('This server cancels by deleting the batch and its results. Delete it?')) return;
      await api('DELETE', `/batches/${batchId}`).catch((err) =>
        message.append(errorBox(err.message)),
      );
      location.hash = '#/batches';
      return;
    }
    announce('Batch canceled.');
    show(progressOf(await api('GET', `/batches/${batchId}`)));
  }

  let stop = () => {};
  (async () => {
    try {
      batch = await api('GET', `/batches/${batchId}`);
    } catch (e) {
      results.replaceChildren();
      message.append(errorBox(e.status === 404 ? 'No such batch.' : e.message));
      return;
    }
    title.textContent = batch.name || batch.id;
    const p = batch.parameters;
    meta.textContent = `${batch.id} · created ${formatDate(batch.created)} · ${p.retrosynthesis_engine} · libraries ${p.building_block_libraries.join(', ')} · ${p.number_of_routes} routes, ${p.processing_time} s per target`;
    // The batch resource says `canceled` where the Retro v2 status would say `completed`.
    const first = progressOf(batch);
    show(first);
    await loadResults();
    lastDone = first?.done ?? -1;
    if (isFinished(first)) return;
    stop = followBatch(batchId, (progress) => {
      show(progress);
      if (isFinished(progress)) {
        announce(`Batch ${progress.status}.`);
        clearTimeout(timer);
        loadResults();
      } else refreshSoon(progress);
    });
  })();
  return {
    node,
    dispose: () => {
      stop();
      clearTimeout(timer);
    },
  };
}

/** "processing: 12 of 20 jobs finished"; a canceled batch says how many ran and how many were canceled. */
export function progressText(p) {
  const canceled = p.counts?.canceled ?? 0;
  if (p.status === 'canceled' || canceled)
    return `${p.status}: ${(p.done - canceled).toLocaleString()} of ${p.total.toLocaleString()} jobs planned, ${canceled.toLocaleString()} canceled`;
  return `${p.status}: ${p.done.toLocaleString()} of ${p.total.toLocaleString()} jobs finished`;
}
