/**
 * Molecule and reaction pictures drawn by the server (RDKit SVG), inserted
 * inline so they scale with the layout. Requests carry the token, so plain
 * <img src> cannot be used; answers are cached per page load. Only drawing
 * elements survive the sanitizer: no scripts, no event handlers, no links out.
 */
import { token } from './api.js';
import { h } from './dom.js';

const cache = new Map();
const ALLOWED = new Set([
  'svg',
  'g',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'title',
  'desc',
  'defs',
  'metadata',
  'style',
]);

async function fetchSvg(kind, smiles, width, height) {
  const key = `${kind}|${width}|${height}|${smiles}`;
  if (!cache.has(key)) {
    const q = new URLSearchParams({ smiles, width: String(width), height: String(height) });
    const promise = fetch(`/depict/${kind}?${q}`, {
      headers: { authorization: `Bearer ${token() ?? ''}` },
    }).then(async (res) => {
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.text();
    });
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
  }
  return cache.get(key);
}

function sanitize(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName !== 'svg') return null;
  for (const el of [svg, ...svg.querySelectorAll('*')]) {
    if (!ALLOWED.has(el.localName)) {
      el.remove();
      continue;
    }
    for (const attr of [...el.attributes]) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || name.endsWith('href')) el.removeAttribute(attr.name);
    }
  }
  // Scale with the container: keep the drawing's own coordinate box.
  const w = parseFloat(svg.getAttribute('width') ?? '');
  const hgt = parseFloat(svg.getAttribute('height') ?? '');
  if (!svg.getAttribute('viewBox') && w && hgt) svg.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  return document.importNode(svg, true);
}

/**
 * A figure that fills itself with the picture once it is fetched. The SMILES
 * is the accessible name (and shown on hover), since a drawing alone says
 * nothing to a screen reader.
 */
export function picture(kind, smiles, { width = 260, height = 180, className = '' } = {}) {
  const box = h('div', {
    class: `picture ${kind} ${className}`.trim(),
    role: 'img',
    'aria-label': `${kind === 'reaction' ? 'Reaction' : 'Molecule'} ${smiles}`,
    title: smiles,
    'data-state': 'loading',
  });
  fetchSvg(kind, smiles, width, height)
    .then((text) => {
      const svg = sanitize(text);
      if (!svg) throw new Error('not an SVG');
      svg.setAttribute('aria-hidden', 'true');
      svg.setAttribute('focusable', 'false');
      box.append(svg);
      box.dataset.state = 'ready';
    })
    .catch(() => {
      box.dataset.state = 'failed';
      box.append(h('span', { class: 'picture-fallback' }, smiles));
    });
  return box;
}
