/**
 * The batch list, newest first, with a live progress bar per batch. Live
 * streams are kept to a few running batches (browsers allow six connections
 * per server, and the page still needs some); the others are polled.
 */
import { api, followBatch, isFinished, progressOf } from '../api.js';
import { announce, errorBox, formatDate, h } from '../dom.js';

const MAX_STREAMS = 2;
const SHOWN = 50;

export function batchesView() {
  const body = h('tbody');
  const status = h('p', { class: 'muted', role: 'status' }, 'Loading batches…');
  const node = h(
    'section',
    { 'aria-labelledby': 'batches-title' },
    h(
      'div',
      { class: 'title-row' },
      h('h1', { id: 'batches-title' }, 'Batches'),
      h('a', { class: 'button primary', href: '#/submit' }, 'New batch'),
    ),
    status,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'batches' },
        h('caption', { class: 'visually-hidden' }, 'Your batches with their progress'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Name'),
            h('th', { scope: 'col' }, 'Created'),
            h('th', { scope: 'col' }, 'Progress'),
            h('th', { scope: 'col' }, 'Status'),
          ),
        ),
        body,
      ),
    ),
  );
  const stops = [];
  load(body, status, stops).catch((e) => status.replaceWith(errorBox(e.message)));
  return { node, dispose: () => stops.forEach((s) => s()) };
}

async function allBatches() {
  const out = [];
  let after = '';
  for (;;) {
    const page = await api('GET', `/batches?size=100${after ? `&created-after=${after}` : ''}`);
    out.push(...page.data);
    if (!page.has_more || !page.data.length) return out;
    after = page.data[page.data.length - 1].id;
  }
}

async function load(body, status, stops) {
  const batches = (await allBatches()).reverse().slice(0, SHOWN);
  status.textContent = batches.length
    ? `${batches.length} batch${batches.length === 1 ? '' : 'es'}${batches.length === SHOWN ? ' (newest)' : ''}`
    : 'No batches yet.';
  let streams = 0;
  for (const batch of batches) {
    const row = batchRow(batch);
    body.append(row.node);
    // The listed resource has the lifecycle status (a canceled batch is `canceled`, where the
    // Retro v2 /status says `completed`); a server without it is asked for /status.
    const first = progressOf(
      batch.jobs_count_per_status ? batch : await api('GET', `/batches/${batch.id}/status`),
    );
    row.update(first);
    if (isFinished(first)) continue;
    const preferEvents = streams < MAX_STREAMS;
    if (preferEvents) streams++;
    stops.push(followBatch(batch.id, row.update, { preferEvents, pollMs: 3000 }));
  }
}

function batchRow(batch) {
  const bar = h('progress', {
    max: 1,
    value: 0,
    'aria-label': `Progress of ${batch.name ?? batch.id}`,
  });
  const count = h('span', { class: 'count' });
  const state = h('span', { class: 'badge' });
  const node = h(
    'tr',
    { 'data-batch': batch.id },
    h('th', { scope: 'row' }, h('a', { href: `#/batches/${batch.id}` }, batch.name || batch.id)),
    h('td', {}, formatDate(batch.created)),
    h('td', { class: 'progress-cell' }, bar, count),
    h('td', {}, state),
  );
  let announced = false;
  return {
    node,
    update(p) {
      if (!p) return;
      bar.max = Math.max(p.total, 1);
      bar.value = p.done;
      const canceled = p.counts?.canceled ?? 0;
      count.textContent = canceled
        ? `${(p.done - canceled).toLocaleString()} / ${p.total.toLocaleString()} planned, ${canceled.toLocaleString()} canceled`
        : `${p.done.toLocaleString()} / ${p.total.toLocaleString()}`;
      state.textContent = p.status;
      state.dataset.status = p.status;
      if (isFinished(p) && !announced && bar.dataset.seen)
        announce(`Batch ${batch.name ?? batch.id} ${p.status}.`);
      announced ||= isFinished(p);
      bar.dataset.seen = '1';
    },
  };
}
