/**
 * The SynRoute console: a hash router over a few views. Hash routes keep
 * every page a real link (back button, new tab, bookmarks) without any
 * server-side routing.
 */
import { forgetToken, token } from './api.js';
import { clear, h } from './dom.js';
import { batchView } from './views/batch.js';
import { batchesView } from './views/batches.js';
import { jobView } from './views/job.js';
import { signInView } from './views/signin.js';
import { submitView } from './views/submit.js';

const routes = [
  [/^#\/batches\/(\w+)$/, (m) => batchView(m[1])],
  [
    /^#\/jobs\/(\w+)$/,
    (m) => jobView(m[1], new URLSearchParams(location.hash.split('?')[1] ?? '')),
  ],
  [/^#\/submit$/, () => submitView()],
  [/^#\/(batches)?$/, () => batchesView()],
];

/** Views return {node, dispose?}; dispose stops their timers and streams. */
let current = null;

function render() {
  current?.dispose?.();
  const main = document.getElementById('main');
  clear(main);
  const signedIn = Boolean(token());
  document.getElementById('sign-out').hidden = !signedIn;
  document.querySelector('nav[aria-label="Main"]').hidden = !signedIn;
  const hash = location.hash.split('?')[0] || '#/batches';
  if (!signedIn) current = signInView(() => render());
  else {
    const match = routes.map(([re, view]) => [hash.match(re), view]).find(([m]) => m);
    current = match
      ? match[1](match[0])
      : { node: h('p', {}, 'No such page. ', h('a', { href: '#/batches' }, 'Batches')) };
  }
  main.append(current.node);
  markCurrentLink(hash);
  // Move focus to the new content, as a page load would, for keyboard and screen-reader users.
  main.focus({ preventScroll: true });
}

function markCurrentLink(hash) {
  for (const a of document.querySelectorAll('nav[aria-label="Main"] a')) {
    const here = a.getAttribute('href') === hash;
    if (here) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

document.getElementById('sign-out').addEventListener('click', () => {
  forgetToken();
  location.hash = '#/batches';
  render();
});
window.addEventListener('synroute:unauthorized', () => {
  forgetToken();
  render();
});
window.addEventListener('hashchange', render);
render();
