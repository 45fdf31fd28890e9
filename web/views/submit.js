/**
 * New batch: SMILES pasted or read from a file (one per line, or CSV/TSV with
 * a smiles column), engine and libraries from the server, planning
 * parameters within the API's bounds.
 */
import { api } from '../api.js';
import { errorBox, h } from '../dom.js';

const PARAMS = [
  ['number_of_routes', 'Routes per target', 5, 1, 50],
  ['processing_time', 'Time limit per target (s)', 60, 60, 720],
  ['reaction_limit', 'Reaction limit', 3, 1, 25],
  ['building_block_limit', 'Building block limit', 3, 1, 25],
];

export function submitView() {
  const message = h('div', { 'aria-live': 'polite' });
  const engine = h('select', { id: 'engine', name: 'engine', required: true });
  const libraries = h(
    'fieldset',
    { class: 'libraries' },
    h('legend', {}, 'Building-block libraries'),
  );
  const smiles = h('textarea', {
    id: 'smiles',
    name: 'smiles',
    rows: 10,
    spellcheck: 'false',
    placeholder: 'CC(=O)Nc1ccc(O)cc1\nCCOC(=O)c1ccccc1',
  });
  const file = h('input', { id: 'file', type: 'file', accept: '.smi,.smiles,.txt,.csv,.tsv' });
  const name = h('input', { id: 'name', name: 'name', maxlength: 128 });
  const count = h('p', { class: 'muted', id: 'smiles-count' }, '0 molecules');
  const numbers = PARAMS.map(([key, label, value, min, max]) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: key }, label),
      h('input', { id: key, name: key, type: 'number', value, min, max, step: 1, required: true }),
    ),
  );
  // Batch priority (the batch lifecycle API): higher runs first among queued batches.
  const priority = h(
    'div',
    { class: 'field' },
    h('label', { for: 'priority' }, 'Priority (1-10, 10 first)'),
    h('input', {
      id: 'priority',
      name: 'priority',
      type: 'number',
      value: 5,
      min: 1,
      max: 10,
      step: 1,
      required: true,
    }),
  );
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Submit batch');
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'submit-title' },
    h('h1', { id: 'submit-title' }, 'New batch'),
    h('div', { class: 'field' }, h('label', { for: 'name' }, 'Name'), name),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'smiles' }, 'Targets: one SMILES per line'),
      smiles,
      count,
    ),
    h(
      'div',
      { class: 'field' },
      h(
        'label',
        { for: 'file' },
        '…or read them from a file (.smi, .txt, .csv with a smiles column)',
      ),
      file,
    ),
    h(
      'div',
      { class: 'grid' },
      h('div', { class: 'field' }, h('label', { for: 'engine' }, 'Engine'), engine),
      ...numbers,
      priority,
    ),
    libraries,
    submit,
    message,
  );
  const targets = () => parseTargets(smiles.value);
  smiles.addEventListener(
    'input',
    () => (count.textContent = `${targets().length.toLocaleString()} molecules`),
  );
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f) return;
    message.replaceChildren();
    try {
      smiles.value = parseFile(f.name, await f.text()).join('\n');
    } catch (err) {
      message.append(errorBox(err.message));
      return;
    }
    if (!name.value) name.value = f.name.replace(/\.\w+$/, '').slice(0, 128);
    smiles.dispatchEvent(new Event('input'));
  });
  loadChoices(engine, libraries).catch((e) => message.replaceChildren(errorBox(e.message)));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    message.replaceChildren();
    const list = targets();
    const chosen = [...libraries.querySelectorAll('input:checked')].map((i) => i.value);
    if (!list.length) return message.append(errorBox('Give at least one SMILES.'));
    if (!chosen.length)
      return message.append(errorBox('Choose at least one building-block library.'));
    const parameters = { retrosynthesis_engine: engine.value, building_block_libraries: chosen };
    for (const [key] of PARAMS) parameters[key] = Number(form.elements[key].value);
    submit.disabled = true;
    try {
      const batch = await api('POST', '/batches', {
        smiles: list,
        parameters,
        name: name.value.trim() || null,
        filename: file.files?.[0]?.name ?? null,
        priority: Number(form.elements.priority.value),
      });
      location.hash = `#/batches/${batch.id}`;
    } catch (err) {
      message.append(errorBox(err.message));
      submit.disabled = false;
    }
  });
  return { node: form };
}

async function loadChoices(engineSelect, fieldset) {
  const [engines, libraries] = await Promise.all([
    api('GET', '/engines'),
    api('GET', '/libraries'),
  ]);
  for (const e of engines.data)
    engineSelect.append(
      h('option', { value: e.id, selected: Boolean(e.default) }, `${e.name} (${e.id})`),
    );
  for (const lib of libraries.data) {
    const id = `lib-${lib.id}`;
    fieldset.append(
      h(
        'div',
        { class: 'check' },
        h('input', { type: 'checkbox', id, value: lib.id, checked: lib.id === 'default' }),
        h(
          'label',
          { for: id },
          `${lib.name} `,
          h(
            'span',
            { class: 'muted' },
            `(${lib.id}, ${lib.size.toLocaleString()} blocks, ${lib.visibility})`,
          ),
        ),
      ),
    );
  }
}

/** Distinct non-empty first columns, in order; a header line "smiles" is skipped. */
export function parseTargets(text) {
  const seen = new Set();
  for (const line of text.split(/\r?\n/)) {
    const s = line.trim().split(/\s+/)[0];
    if (s && !/^smiles$/i.test(s)) seen.add(s);
  }
  return [...seen];
}

function parseFile(name, text) {
  if (!/\.(csv|tsv)$/i.test(name)) return parseTargets(text);
  const sep = /\.tsv$/i.test(name) || text.split('\n')[0].includes('\t') ? '\t' : ',';
  const rows = text
    .split(/\r?\n/)
    .filter(Boolean)
    .map((l) => splitCsvLine(l, sep));
  const col = rows[0]?.findIndex((c) =>
    /^(smiles|canonical_smiles|smi|structure)$/i.test(c.trim()),
  );
  if (col === undefined || col < 0) throw new Error('The CSV file needs a "smiles" column.');
  return rows
    .slice(1)
    .map((r) => (r[col] ?? '').trim())
    .filter(Boolean);
}

/** One CSV line with quoted fields ("" inside quotes is a quote). */
function splitCsvLine(line, sep) {
  const out = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}
