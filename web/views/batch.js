/**
 * One batch: live progress, cancel, and its results table (re-read when the
 * batch finishes, or on demand while it runs).
 */
import { api, followBatch, isFinished, progressOf } from '../api.js';
import { announce, errorBox, formatDate, h } from '../dom.js';
import { resultsTable } from '../results-table.js';

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
  const refresh = h('button', { type: 'button', onclick: () => loadResults() }, 'Refresh results');
  const cancel = h(
    'button',
    { type: 'button', class: 'danger', onclick: () => cancelBatch() },
    'Cancel batch',
  );
  let batch = null;

  const node = h(
    'section',
    { 'aria-labelledby': 'batch-title' },
    h('p', {}, h('a', { href: '#/batches' }, '← All batches')),
    title,
    meta,
    h('div', { class: 'progress-line' }, bar, count),
    h('div', { class: 'actions' }, refresh, cancel),
    message,
    results,
  );

  const show = (p) => {
    if (!p) return;
    bar.max = Math.max(p.total, 1);
    bar.value = p.done;
    count.textContent = `${p.status}: ${p.done.toLocaleString()} of ${p.total.toLocaleString()} jobs finished`;
    node.dataset.status = p.status;
    cancel.hidden = isFinished(p);
  };

  async function loadResults() {
    try {
      const items = await api('GET', `/batches/${batchId}/summary`);
      results.replaceChildren(resultsTable(items, batch?.name ?? batchId, batchId));
    } catch (e) {
      results.replaceChildren(errorBox(e.message));
    }
  }

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
    show(progressOf(await api('GET', `/batches/${batchId}/status`)));
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
    const first = progressOf(await api('GET', `/batches/${batchId}/status`));
    show(first);
    await loadResults();
    if (isFinished(first)) return;
    stop = followBatch(batchId, (progress) => {
      show(progress);
      if (isFinished(progress)) {
        announce(`Batch ${progress.status}.`);
        loadResults();
      }
    });
  })();
  return { node, dispose: () => stop() };
}
