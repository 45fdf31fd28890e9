/**
 * One job: every route as a tree of molecule pictures, from the target down
 * to the building blocks, with each step's reaction drawn, the building
 * blocks' provider, catalogue id (as the library has it) and price, and the
 * score; each route can be saved as one SVG picture. Routes other than the
 * first are drawn when opened, so a 25-route job does not ask for hundreds
 * of pictures at once.
 */
import { api, token } from '../api.js';
import { downloadFile, errorBox, formatNumber, h } from '../dom.js';
import { picture } from '../pictures.js';

export function jobView(jobId, query) {
  const node = h(
    'section',
    { 'aria-labelledby': 'job-title', class: 'job' },
    h('h1', { id: 'job-title' }, `Job ${jobId}`),
  );
  const back = query.get('batch');
  if (back) node.prepend(h('p', {}, h('a', { href: `#/batches/${back}` }, '← Batch results')));
  (async () => {
    let job;
    let summary = null;
    try {
      [job, summary] = await Promise.all([
        api('GET', `/jobs/${jobId}`),
        api('GET', `/jobs/${jobId}/summary`).catch(() => null),
      ]);
    } catch (e) {
      node.append(errorBox(e.status === 404 ? 'No such job.' : e.message));
      return;
    }
    node.append(jobHeader(job, summary));
    if (!job.routes.length) {
      node.append(
        h(
          'p',
          {},
          job.status === 'completed'
            ? 'No route was found.'
            : job.status === 'failed'
              ? `Failed: ${job.error?.message ?? ''}`
              : `Not finished yet (${job.status}).`,
        ),
      );
      return;
    }
    node.append(h('h2', {}, `${job.routes.length} route${job.routes.length === 1 ? '' : 's'}`));
    job.routes.forEach((route, i) =>
      node.append(routeSection(job, route, i, i === 0 ? summary : null)),
    );
  })();
  return { node };
}

function jobHeader(job, summary) {
  const facts = [
    ...(job.compound_id ? [['Compound ID', job.compound_id]] : []),
    ['Status', job.status],
    [
      'Synthesizable',
      summary ? (summary.synthesizable ? 'yes' : 'no') : job.routes.length ? 'yes' : 'no',
    ],
    ['Best route score', formatNumber(summary?.score)],
    ['Certainty', formatNumber(summary?.certainty)],
    ['Steps', formatNumber(summary?.steps)],
    [
      'Price',
      summary?.synthesizable && summary.price === null ? 'unknown' : formatNumber(summary?.price),
    ],
  ];
  return h(
    'div',
    { class: 'job-head' },
    picture('molecule', job.query, { width: 320, height: 220, className: 'target' }),
    h(
      'div',
      {},
      h('p', { class: 'smiles' }, job.query),
      h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    ),
  );
}

/**
 * An offer's price, or null when unknown: `priceKnown: false`, or (routes
 * stored before that field) a 0, which then meant "no price listed".
 */
function offerPrice(m) {
  if (m.priceKnown === false || !Number.isFinite(m.price)) return null;
  if (m.priceKnown === undefined && m.price <= 0) return null;
  return m.price;
}

/** Sum of each block's cheapest known price; null when any block has none. */
function routePrice(route) {
  let total = 0;
  for (const bb of route.buildingBlocks) {
    const prices = bb.buildingBlockMetadata.map(offerPrice).filter((p) => p !== null);
    if (!prices.length) return null;
    total += Math.min(...prices);
  }
  return Math.round(total * 100) / 100;
}

const priceLabel = (price) => (price === null ? 'price unknown' : formatNumber(price));

/** Provider and catalogue id as the library has them (the spec's fields may be altered). */
const provider = (m) => m.verbatim?.datasetProvider ?? m.datasetProvider;
const catalogueId = (m) => m.verbatim?.identifier ?? m.identifier;

function routeSection(job, route, index, bestSummary) {
  const price = routePrice(route);
  const label = [
    `Route ${index + 1}`,
    `${route.steps.length} step${route.steps.length === 1 ? '' : 's'}`,
    `${route.buildingBlocks.length} building block${route.buildingBlocks.length === 1 ? '' : 's'}`,
    price === null ? 'price unknown' : `price ${formatNumber(price)}`,
    bestSummary?.score != null ? `score ${formatNumber(bestSummary.score)} (best route)` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const details = h(
    'details',
    { class: 'route', open: index === 0, 'data-route': index + 1 },
    h('summary', {}, label),
  );
  let drawn = false;
  const draw = () => {
    if (drawn || !details.open) return;
    drawn = true;
    details.append(svgButton(job, index), routeTree(route), buildingBlockTable(route));
  };
  details.addEventListener('toggle', draw);
  queueMicrotask(draw);
  return details;
}

/** Saves the route as one SVG picture, drawn by the server (it needs the token, hence fetch). */
function svgButton(job, index) {
  const status = h('span', { class: 'muted', role: 'status' });
  const button = h(
    'button',
    {
      type: 'button',
      onclick: async () => {
        status.textContent = '';
        const res = await fetch(`/jobs/${job.id}/routes/${index + 1}.svg`, {
          headers: { authorization: `Bearer ${token() ?? ''}` },
        }).catch(() => null);
        if (!res?.ok) {
          status.textContent = 'The picture could not be made.';
          return;
        }
        downloadFile(await res.blob(), `${job.id}-route-${index + 1}.svg`);
      },
    },
    'Download SVG',
  );
  return h('div', { class: 'actions' }, button, status);
}

/** The route from the target (top) to the building blocks (leaves). */
function routeTree(route) {
  const madeBy = new Map();
  for (const step of route.steps) {
    const [left, product] = step.reactionSmiles.split('>>');
    madeBy.set(product, { step, precursors: left.split('.') });
  }
  const blocks = new Map(route.buildingBlocks.map((b) => [b.smiles, b.buildingBlockMetadata]));
  const target = route.reactionSmiles.split('>>')[1];
  const seen = new Set();
  const node = (smiles) => {
    const made = seen.has(smiles) ? undefined : madeBy.get(smiles);
    seen.add(smiles);
    const card = h(
      'div',
      { class: `mol-card ${made ? 'made' : 'block'}` },
      picture('molecule', smiles, { width: 220, height: 160 }),
      moleculeLabel(smiles, made, blocks.get(smiles)),
    );
    if (!made) return h('li', {}, card);
    return h(
      'li',
      {},
      card,
      h(
        'div',
        { class: 'reaction' },
        h('span', { class: 'step-label' }, `Step ${made.step.number}`),
        picture('reaction', made.step.reactionSmiles, { width: 560, height: 160 }),
        ...stepConcerns(made.step),
      ),
      h('ul', {}, ...made.precursors.map(node)),
    );
  };
  return h('ul', { class: 'tree', 'aria-label': 'Route tree, target first' }, node(target));
}

/** What the chemistry judges doubt about a step (the `concerns` extension), if anything. */
function stepConcerns(step) {
  if (!step.concerns?.length) return [];
  return [h('p', { class: 'concerns' }, h('strong', {}, 'Doubtful: '), step.concerns.join('; '))];
}

function moleculeLabel(smiles, made, offers) {
  if (made)
    return h(
      'p',
      { class: 'mol-label' },
      h('span', { class: 'smiles' }, smiles),
      h('br'),
      `made in step ${made.step.number}`,
    );
  const offer = offers?.[0];
  return h(
    'p',
    { class: 'mol-label' },
    h('span', { class: 'smiles' }, smiles),
    h('br'),
    offer
      ? `${provider(offer) ?? 'building block'}${catalogueId(offer) ? ` ${catalogueId(offer)}` : ''} · ${priceLabel(offerPrice(offer))}`
      : 'building block',
  );
}

function buildingBlockTable(route) {
  const rows = route.buildingBlocks.flatMap((b) =>
    (b.buildingBlockMetadata.length ? b.buildingBlockMetadata : [{}]).map((m) =>
      h(
        'tr',
        {},
        h('td', { class: 'smiles' }, b.smiles),
        h('td', {}, provider(m) ?? '–'),
        h('td', {}, catalogueId(m) ?? '–'),
        h('td', { class: 'num' }, m.price === undefined ? '–' : priceLabel(offerPrice(m))),
        h('td', {}, m.verbatim?.availability ?? m.availability ?? '–'),
      ),
    ),
  );
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'blocks' },
      h('caption', {}, 'Building blocks'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['SMILES', 'Provider', 'ID', 'Price', 'Availability'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
  );
}
