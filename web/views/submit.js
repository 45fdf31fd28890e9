/**
 * New batch: targets pasted (one SMILES per line, the rest of the line its
 * compound id) or read from a file (.smi, or CSV/TSV with a smiles column and
 * an id column), engine and libraries from the server, planning parameters
 * within the API's bounds. Lines are checked as they come (the server says
 * which SMILES cannot be planned, and why); bad ones are listed by line
 * number and left out, the rest is submitted.
 */
import { api } from '../api.js';
import { errorBox, h } from '../dom.js';

const PARAMS = [
  ['number_of_routes', 'Routes per target', 5, 1, 50, null],
  ['processing_time', 'Time limit per target (s)', 60, 60, 720, null],
  [
    'reaction_limit',
    'Reaction limit',
    3,
    1,
    25,
    'How many of the routes of one target may use the same reaction step. Lower it for more varied routes.',
  ],
  [
    'building_block_limit',
    'Building block limit',
    3,
    1,
    25,
    'How many of the routes of one target may use the same building block. Lower it for routes from more varied starting materials.',
  ],
];

/** The server checks at most this many SMILES per request (larger lists are checked when sent). */
const CHECK_LIMIT = 20000;
/** Column names as `synroute batch submit` reads them (src/stock/readers.ts), left-most first. */
const SMILES_HEADERS = ['smiles', 'canonical_smiles', 'smi', 'structure'];
const ID_HEADERS = [
  'id',
  'identifier',
  'compound_id',
  'catalog_id',
  'catalogue_id',
  'mol_id',
  'molecule_id',
  'name',
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
    'aria-describedby': 'smiles-hint',
    placeholder: 'CC(=O)Nc1ccc(O)cc1 PCM-001\nCCOC(=O)c1ccccc1 EB-7',
  });
  const file = h('input', { id: 'file', type: 'file', accept: '.smi,.smiles,.txt,.csv,.tsv' });
  const name = h('input', { id: 'name', name: 'name', maxlength: 128 });
  const count = h('p', { class: 'muted', id: 'smiles-count', role: 'status' }, '0 molecules');
  const problemList = h('div', { class: 'problems' });
  const numbers = PARAMS.map(([key, label, value, min, max, hint]) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: key }, label),
      h('input', {
        id: key,
        name: key,
        type: 'number',
        value,
        min,
        max,
        step: 1,
        required: true,
        'aria-describedby': hint ? `${key}-hint` : null,
      }),
      hint ? h('p', { class: 'hint', id: `${key}-hint` }, hint) : null,
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
      h(
        'p',
        { class: 'hint', id: 'smiles-hint' },
        'Anything after the SMILES on a line is kept as your compound id and shown with the results.',
      ),
      smiles,
      count,
      problemList,
    ),
    h(
      'div',
      { class: 'field' },
      h(
        'label',
        { for: 'file' },
        '…or read them from a file (.smi, .txt, .csv with a smiles column and an id column)',
      ),
      file,
    ),
    h(
      'div',
      { class: 'grid' },
      h('div', { class: 'field wide' }, h('label', { for: 'engine' }, 'Engine'), engine),
      ...numbers,
      priority,
    ),
    libraries,
    submit,
    message,
  );

  // The pasted or loaded targets, and what the server said about them.
  let targets = [];
  let problems = [];
  let timer;
  const showCount = () => {
    const good = targets.length - problems.length;
    count.textContent = problems.length
      ? `${good.toLocaleString()} molecules to submit; ${problems.length.toLocaleString()} line${problems.length === 1 ? '' : 's'} cannot be planned and will be left out:`
      : `${good.toLocaleString()} molecules`;
    problemList.replaceChildren(...(problems.length ? [problemTable(problems)] : []));
  };
  const check = () => {
    const list = targets;
    problems = [];
    showCount();
    if (!list.length || list.length > CHECK_LIMIT) return Promise.resolve();
    return api('POST', '/molecules/check', { smiles: list.map((t) => t.smiles) }).then(
      (answer) => {
        if (list !== targets) return; // the text changed meanwhile
        problems = answer.problems.map((p) => ({ ...list[p.index], reason: p.message }));
        showCount();
      },
      () => undefined, // not checked: the server's answer to the submission says what is wrong
    );
  };
  const changed = () => {
    targets = parseTargets(smiles.value);
    problems = [];
    showCount();
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  };
  smiles.addEventListener('input', changed);
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f) return;
    message.replaceChildren();
    try {
      smiles.value = parseFile(f.name, await f.text())
        .map((t) => (t.id ? `${t.smiles} ${t.id}` : t.smiles))
        .join('\n');
    } catch (err) {
      message.append(errorBox(err.message));
      return;
    }
    if (!name.value) name.value = f.name.replace(/\.\w+$/, '').slice(0, 128);
    changed();
  });
  loadChoices(engine, libraries).catch((e) => message.replaceChildren(errorBox(e.message)));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    message.replaceChildren();
    clearTimeout(timer);
    await check();
    const bad = new Set(problems.map((p) => p.line));
    const list = targets.filter((t) => !bad.has(t.line));
    const chosen = [...libraries.querySelectorAll('input:checked')].map((i) => i.value);
    if (!list.length)
      return message.append(errorBox('Give at least one SMILES that can be planned.'));
    if (!chosen.length)
      return message.append(errorBox('Choose at least one building-block library.'));
    const parameters = { retrosynthesis_engine: engine.value, building_block_libraries: chosen };
    for (const [key] of PARAMS) parameters[key] = Number(form.elements[key].value);
    submit.disabled = true;
    try {
      const batch = await createBatch(list, {
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

function problemTable(problems) {
  const shown = problems.slice(0, 100);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'problems-table' },
      h('caption', { class: 'visually-hidden' }, 'Lines that cannot be planned'),
      h(
        'thead',
        {},
        h('tr', {}, ...['Line', 'ID', 'SMILES', 'Why'].map((t) => h('th', { scope: 'col' }, t))),
      ),
      h(
        'tbody',
        {},
        ...shown.map((p) =>
          h(
            'tr',
            {},
            h('td', { class: 'num' }, String(p.line)),
            h('td', {}, p.id ?? '–'),
            h('td', { class: 'smiles' }, p.smiles),
            h('td', {}, p.reason),
          ),
        ),
      ),
    ),
    problems.length > shown.length
      ? h('p', { class: 'muted' }, `… and ${problems.length - shown.length} more`)
      : null,
  );
}

/**
 * Sends the batch; SMILES the server still refuses (its length limit, a list
 * too long to check first) are taken out and the rest sent again, once.
 */
async function createBatch(list, fields) {
  const send = (targets) =>
    api('POST', '/batches', {
      ...fields,
      smiles: targets.map((t) => t.smiles),
      ...(targets.some((t) => t.id) ? { compound_ids: targets.map((t) => t.id ?? null) } : {}),
    });
  try {
    return await send(list);
  } catch (err) {
    const refused = new Set(
      (err.status === 422 ? (err.body?.error?.details ?? []) : [])
        .filter((d) => d.location?.[1] === 'smiles' && typeof d.location[2] === 'number')
        .map((d) => d.location[2]),
    );
    if (!refused.size || refused.size >= list.length) throw err;
    return send(list.filter((_, i) => !refused.has(i)));
  }
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

/**
 * Targets of pasted text: {line (1-based), smiles, id}, one per distinct
 * SMILES and id. The rest of a line after the SMILES is the id (Daylight's
 * SMILES file convention); a header line "smiles ..." is skipped.
 */
export function parseTargets(text) {
  const seen = new Set();
  const out = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    const smiles = line.split(/\s+/)[0];
    if (!smiles || (i === 0 && /^smiles$/i.test(smiles))) return;
    const id = line.slice(smiles.length).trim() || undefined;
    const key = `${smiles}\u0000${id ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ line: i + 1, smiles, id });
  });
  return out;
}

/** Targets of a file: a SMILES list as pasted text, or a CSV/TSV by its header. */
function parseFile(name, text) {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const table = /\.(csv|tsv)$/i.test(name) || first.split(/\s+/)[0].includes(',');
  if (!table) return parseTargets(text);
  // Rows without a SMILES are dropped here; their ids would otherwise be read as SMILES.
  const sep = /\.tsv$/i.test(name) || first.includes('\t') ? '\t' : ',';
  const rows = text
    .split(/\r?\n/)
    .filter(Boolean)
    .map((l) => splitCsvLine(l, sep));
  const header = (rows[0] ?? []).map((c) => c.trim().toLowerCase().replace(/\s+/g, '_'));
  const col = header.findIndex((c) => SMILES_HEADERS.includes(c));
  if (col < 0)
    throw new Error(
      `The file has no SMILES column (its columns: ${rows[0]?.join(', ') || 'none'}). Name the column with the SMILES "smiles".`,
    );
  const idCol = header.findIndex((c) => ID_HEADERS.includes(c));
  return rows
    .slice(1)
    .map((r) => ({
      smiles: (r[col] ?? '').trim(),
      id: idCol >= 0 ? (r[idCol] ?? '').trim() || undefined : undefined,
    }))
    .filter((t) => t.smiles);
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
