/**
 * Building the page without innerHTML: every text from the server (SMILES,
 * names, error messages) goes in as text, never as markup.
 */

/**
 * h('button', {type: 'button', onclick: f}, 'Label') creates an element.
 * Attributes starting with "on" become listeners; `class`, `for`, booleans and
 * data- and aria- attributes are set as attributes; null/undefined/false are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function')
      el.addEventListener(key.slice(2), value);
    else if (key === 'value' || key === 'checked' || key === 'selected') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Tells screen-reader users what changed (status lines, finished batches). */
export function announce(text) {
  const el = document.getElementById('announcer');
  if (el) el.textContent = text;
}

export function formatNumber(n, digits = 2) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return Number.isInteger(n) ? String(n) : n.toFixed(digits);
}

export function formatDate(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** A visible error box; role=alert so it is read out. */
export function errorBox(message) {
  return h('p', { class: 'error', role: 'alert' }, message);
}

/** Saves a blob as a file through the browser's download (an object URL, freed shortly after). */
export function downloadFile(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: fileName });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
