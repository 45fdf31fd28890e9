import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit, RetroTemplate } from '../../src/chem/index.js';
import { extractTemplates } from '../../src/templates/extract.js';
import { LibraryError, TemplateLibrary, templateId } from '../../src/templates/library.js';
import { addResult, buildLibrary, emptyTally } from '../../src/templates/library-builder.js';
import { EXAMPLE_REACTIONS } from './example-reactions.js';

const dir = mkdtempSync(join(tmpdir(), 'synroute-library-'));

beforeAll(async () => {
  await loadRDKit();
});

/** A library from the example reactions, the amide example (51) counted twice. */
function exampleLibrary(minCount = 1) {
  const tally = emptyTally();
  for (const reaction of [...Object.values(EXAMPLE_REACTIONS), EXAMPLE_REACTIONS[51], 'CCO>>CC']) {
    addResult(tally, extractTemplates(reaction));
  }
  return buildLibrary([{ file: 'examples.txt', tally }], {
    name: 'examples',
    minCount,
    settings: {},
    createdAt: '2026-01-01T00:00:00.000Z',
  });
}

describe('template ids', () => {
  it('are the first 16 hex digits of the SHA-256 of the canonical template', () => {
    expect(templateId('[OH;D1;+0:1]-[c:2]>>C-C(=O)-[O;H0;D2;+0:1]-[c:2]')).toMatch(
      /^[0-9a-f]{16}$/,
    );
    expect(templateId('abc')).toBe('ba7816bf8f01cfea');
  });
});

describe('building a library', () => {
  it('counts each distinct template once, with both specificities', () => {
    const file = exampleLibrary();
    const amide = extractTemplates(EXAMPLE_REACTIONS[51]);
    if (!amide.ok) throw new Error(amide.reason);
    const library = new TemplateLibrary(file);
    const specific = library.entry(templateId(amide.specific));
    const general = library.entry(templateId(amide.general));
    expect(specific).toMatchObject({ smarts: amide.specific, count: 2, specificity: 'specific' });
    expect(specific?.general).toBe(general?.id);
    expect(general).toMatchObject({ smarts: amide.general, count: 2, specificity: 'general' });
    expect(library.entries('specific')).toHaveLength(14);
    expect(file.sources).toEqual([
      {
        file: 'examples.txt',
        reactions: 16,
        extracted: 15,
        excluded: 0,
        failures: { no_atom_maps: 1 },
      },
    ]);
    // Most frequent first within each specificity.
    expect(file.templates[0].count).toBe(2);
  });

  it('leaves out templates seen fewer than min-count times', () => {
    const library = new TemplateLibrary(exampleLibrary(2));
    expect(library.size).toBe(2);
    expect(library.entries().map((t) => t.count)).toEqual([2, 2]);
  });
});

describe('library files', () => {
  it('save and load (gzip and plain JSON) with lookup, iteration and lazy parsing', () => {
    const original = new TemplateLibrary(exampleLibrary());
    for (const name of ['lib.templates.json.gz', 'lib.json']) {
      const path = join(dir, name);
      original.save(path);
      const loaded = TemplateLibrary.load(path);
      expect(loaded.file).toEqual(original.file);
      expect([...loaded].map((t) => t.id)).toEqual(original.entries().map((t) => t.id));
      const first = loaded.entries()[0];
      expect(loaded.has(first.id)).toBe(true);
      const tpl = loaded.template(first.id);
      expect(tpl).toBeInstanceOf(RetroTemplate);
      expect(loaded.template(first.id)).toBe(tpl);
      expect(loaded.template('0000000000000000')).toBeUndefined();
    }
  });

  it('reject other formats and versions with a clear error', () => {
    const path = join(dir, 'other.json.gz');
    const file = exampleLibrary();
    writeFileSync(path, gzipSync(JSON.stringify({ ...file, version: 2 })));
    expect(() => TemplateLibrary.load(path)).toThrow(LibraryError);
    expect(() => TemplateLibrary.load(path)).toThrow(
      /template library version 2 is not supported \(this SynRoute reads version 1\)/,
    );
    writeFileSync(path, JSON.stringify({ format: 'something-else', version: 1, templates: [] }));
    expect(() => TemplateLibrary.load(path)).toThrow(/is not a SynRoute template library/);
    const broken = { ...file, templates: [{ ...file.templates[0], general: 99999 }] };
    writeFileSync(path, JSON.stringify(broken));
    expect(() => TemplateLibrary.load(path)).toThrow(
      /links to a general template that is not there/,
    );
    writeFileSync(path, 'not json');
    expect(() => TemplateLibrary.load(path)).toThrow(/is not a SynRoute template library/);
    expect(() => TemplateLibrary.load(join(dir, 'missing.json'))).toThrow(
      /cannot read template library/,
    );
  });
});
