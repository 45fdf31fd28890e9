/**
 * A batch's results: filtered, sorted and paged in the browser, so that
 * 100,000 rows stay responsive (only one page is ever in the DOM; filtering
 * and sorting an array of that size takes milliseconds). `setItems` swaps in
 * fresher results (a running batch) keeping the filters, order and page.
 */
import { clear, downloadFile, formatNumber, h } from './dom.js';
import { picture } from './pictures.js';

const PAGE = 100;

const COLUMNS = [
  { key: 'compound_id', label: 'ID', type: 'text' },
  { key: 'structure', label: 'Structure', type: 'picture' },
  { key: 'smiles', label: 'SMILES', type: 'text' },
  { key: 'synthesizable', label: 'Synthesizable', type: 'bool' },
  { key: 'score', label: 'Score', type: 'number' },
  { key: 'steps', label: 'Steps', type: 'number' },
  { key: 'price', label: 'Price', type: 'number' },
  { key: 'routes', label: 'Routes', type: 'number' },
  { key: 'status', label: 'Status', type: 'text' },
];

export const CSV_COLUMNS = [
  'compound_id',
  'smiles',
  'job_id',
  'status',
  'synthesizable',
  'score',
  'certainty',
  'price',
  'steps',
  'routes',
  'best_route',
  'best_route_reactions',
  'error',
];

/** A route's price; "unknown" when it has one whose building blocks lack prices. */
export function priceText(row) {
  if (row.price !== null && row.price !== undefined) return row.price;
  return row.synthesizable ? 'unknown' : null;
}

export function resultsTable(initialItems, batchName, batchId) {
  let items = initialItems;
  const state = { sort: null, dir: 1, page: 0, rows: items };
  const filters = filterControls(() => update(true));
  const head = h('tr');
  const body = h('tbody');
  const summary = h('p', { class: 'muted', role: 'status' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Result pages' });
  const exportButton = h(
    'button',
    { type: 'button', onclick: () => downloadCsv(state.rows, batchName) },
    'Export CSV',
  );
  for (const col of COLUMNS)
    head.append(
      col.type === 'picture'
        ? h('th', { scope: 'col' }, col.label)
        : sortHeader(col, state, () => update(false)),
    );

  function update(refilter) {
    if (refilter) state.rows = items.filter(filters.test);
    else state.rows = state.rows.slice();
    if (state.sort) state.rows.sort(comparator(state.sort, state.dir));
    if (refilter) state.page = 0;
    renderPage();
  }

  function renderPage() {
    const pages = Math.max(1, Math.ceil(state.rows.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    const start = state.page * PAGE;
    clear(body).append(...state.rows.slice(start, start + PAGE).map((r) => resultRow(r, batchId)));
    const solved = state.rows.reduce((n, r) => n + (r.synthesizable ? 1 : 0), 0);
    summary.textContent = `${state.rows.length.toLocaleString()} of ${items.length.toLocaleString()} targets shown, ${solved.toLocaleString()} synthesizable`;
    clear(pager).append(...pagerButtons(state, pages, renderPage));
    for (const th of head.children) {
      if (!th.dataset.key) continue;
      const order =
        th.dataset.key === state.sort ? (state.dir > 0 ? 'ascending' : 'descending') : 'none';
      th.setAttribute('aria-sort', order);
      th.querySelector('.arrow').textContent = { ascending: ' ▲', descending: ' ▼', none: '' }[
        order
      ];
    }
  }

  update(true);
  const node = h(
    'section',
    { class: 'results', 'aria-label': 'Results' },
    h('div', { class: 'toolbar' }, filters.node, exportButton),
    summary,
    h(
      'div',
      { class: 'table-wrap' },
      h('table', { class: 'results-table' }, h('thead', {}, head), body),
    ),
    pager,
  );
  return {
    node,
    /** Fresher results of the same batch: filters, order and page stay as the user left them. */
    setItems(next) {
      items = next;
      const page = state.page;
      state.rows = items.filter(filters.test);
      if (state.sort) state.rows.sort(comparator(state.sort, state.dir));
      state.page = page;
      renderPage();
    },
  };
}

function sortHeader(col, state, onChange) {
  // The arrow is decoration: aria-sort on the header tells assistive technology the order.
  const button = h(
    'button',
    { type: 'button', class: 'sort' },
    col.label,
    h('span', { class: 'arrow', 'aria-hidden': 'true' }),
  );
  button.addEventListener('click', () => {
    state.dir = state.sort === col.key ? -state.dir : 1;
    state.sort = col.key;
    onChange();
  });
  return h('th', { scope: 'col', 'data-key': col.key }, button);
}

/** Missing values (no route: no score or price) sort last in both directions. */
function comparator(key, dir) {
  return (a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === y) return 0;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    if (typeof x === 'string') return dir * x.localeCompare(y);
    return dir * (Number(x) - Number(y));
  };
}

function filterControls(onChange) {
  let timer;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, 120);
  };
  const solved = h(
    'select',
    { id: 'f-solved', onchange: changed },
    h('option', { value: '' }, 'all'),
    h('option', { value: 'yes' }, 'synthesizable'),
    h('option', { value: 'no' }, 'not synthesizable'),
  );
  // Named by their visible labels ("Score ≤", ...), like every other field.
  const num = (id) =>
    h('input', { id, type: 'number', min: 0, step: 'any', inputmode: 'decimal', oninput: changed });
  const maxScore = num('f-score');
  const maxSteps = num('f-steps');
  const maxPrice = num('f-price');
  const text = h('input', {
    id: 'f-text',
    type: 'search',
    oninput: changed,
    placeholder: 'SMILES or ID contains',
  });
  const field = (id, label, input) =>
    h('div', { class: 'field inline' }, h('label', { for: id }, label), input);
  const limit = (input) => (input.value === '' ? Infinity : Number(input.value));
  return {
    node: h(
      'div',
      { class: 'filters', role: 'group', 'aria-label': 'Filters' },
      field('f-solved', 'Show', solved),
      field('f-score', 'Score ≤', maxScore),
      field('f-steps', 'Steps ≤', maxSteps),
      field('f-price', 'Price ≤', maxPrice),
      field('f-text', 'Search', text),
    ),
    test(row) {
      if (solved.value === 'yes' && !row.synthesizable) return false;
      if (solved.value === 'no' && row.synthesizable) return false;
      const bounded = [
        [row.score, limit(maxScore)],
        [row.steps, limit(maxSteps)],
        [row.price, limit(maxPrice)],
      ];
      // A bound excludes rows without that value (no route has no score; unknown prices).
      for (const [value, max] of bounded)
        if (max !== Infinity && (value === null || value > max)) return false;
      const wanted = text.value.trim();
      return !wanted || row.smiles.includes(wanted) || (row.compound_id ?? '').includes(wanted);
    },
  };
}

function resultRow(r, batchId) {
  const cell = (key, content, cls) => h('td', { 'data-key': key, class: cls }, content);
  return h(
    'tr',
    {},
    cell('compound_id', r.compound_id ?? '–'),
    cell(
      'structure',
      picture('molecule', r.smiles, { width: 150, height: 100, className: 'thumb' }),
      'structure',
    ),
    cell('smiles', h('a', { href: `#/jobs/${r.job_id}?batch=${batchId}` }, r.smiles), 'smiles'),
    cell(
      'synthesizable',
      h(
        'span',
        { class: `badge ${r.synthesizable ? 'yes' : 'no'}` },
        r.synthesizable ? 'yes' : 'no',
      ),
    ),
    cell('score', formatNumber(r.score), 'num'),
    cell('steps', formatNumber(r.steps), 'num'),
    cell('price', priceText(r) === 'unknown' ? 'unknown' : formatNumber(r.price), 'num'),
    cell('routes', formatNumber(r.routes), 'num'),
    cell('status', r.error ? `${r.status} (${r.error})` : r.status),
  );
}

function pagerButtons(state, pages, render) {
  const go = (page) => () => {
    state.page = page;
    render();
  };
  const button = (label, page, disabled, aria) =>
    h('button', { type: 'button', onclick: go(page), disabled, 'aria-label': aria }, label);
  return [
    button('« First', 0, state.page === 0, 'First page'),
    button('‹ Previous', state.page - 1, state.page === 0, 'Previous page'),
    h('span', { class: 'page-of' }, `Page ${state.page + 1} of ${pages}`),
    button('Next ›', state.page + 1, state.page >= pages - 1, 'Next page'),
    button('Last »', pages - 1, state.page >= pages - 1, 'Last page'),
  ];
}

export function toCsv(rows) {
  const field = (v) => {
    if (v === null || v === undefined) return '';
    const text = Array.isArray(v) ? v.join(';') : String(v);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const value = (r, c) => (c === 'price' ? priceText(r) : r[c]);
  return (
    [
      CSV_COLUMNS.join(','),
      ...rows.map((r) => CSV_COLUMNS.map((c) => field(value(r, c))).join(',')),
    ].join('\n') + '\n'
  );
}

function downloadCsv(rows, name) {
  const fileName = `${(name || 'results').replace(/[^\w.-]+/g, '_')}.csv`;
  downloadFile(new Blob([toCsv(rows)], { type: 'text/csv' }), fileName);
}
