import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../../src/chem/index.js';
import { extractTemplates } from '../../src/templates/extract.js';
import { readLabels } from '../../src/templates/corpus-files.js';
import { TemplateLibrary, templateId } from '../../src/templates/library.js';
import { runCli } from '../helpers/cli.js';
import { EXAMPLE_REACTIONS } from './example-reactions.js';

const dir = mkdtempSync(join(tmpdir(), 'synroute-templates-'));
const amide = EXAMPLE_REACTIONS[51];
const ester = EXAMPLE_REACTIONS[35];
/** The amide example with a methyl far from the reaction centre: another reaction, same template. */
const toluidineAmide =
  'Cl[C:1](=[O:3])[CH2:2][CH3:6].[NH2:4][c:5]1[cH:7][cH:8][c:9]([CH3:12])[cH:10][cH:11]1>>[CH3:6][CH2:2][C:1](=[O:3])[NH:4][c:5]1[cH:7][cH:8][c:9]([CH3:12])[cH:10][cH:11]1';
// One reaction per line; extra fields (USPTO-MIT's edit lists) are ignored.
const lines = [
  `${amide} 1-4;1-12`,
  amide,
  toluidineAmide,
  ester,
  'CC(=O)Cl.Nc1ccccc1>>CC(=O)Nc1ccccc1',
  '[CH3:1][OH:2]>>[CH4:1].[OH2:2]',
  '',
];
const txt = join(dir, 'reactions.txt');
writeFileSync(txt, lines.join('\n'));

let amideId = '';
let esterId = '';
beforeAll(async () => {
  await loadRDKit();
  const a = extractTemplates(amide);
  const e = extractTemplates(ester);
  if (!a.ok || !e.ok) throw new Error('example reactions must extract');
  amideId = templateId(a.specific);
  esterId = templateId(e.specific);
});

function extract(...args: string[][]) {
  return runCli(['templates', 'extract', ...args.flat()]);
}

describe('synroute templates extract', () => {
  it('writes a de-duplicated library with counts and reports failures by reason', async () => {
    const output = join(dir, 'out.templates.json.gz');
    const r = await extract(['--input', txt, '--output', output]);
    expect(r.code).toBe(0);
    // The amide reaction is listed twice: counted once.
    expect(r.stderr).toMatch(/reactions\.txt: 6 reactions, 3 extracted, 1 duplicate, 2 failed/);
    expect(r.stderr).toMatch(/no_atom_maps: 1/);
    expect(r.stderr).toMatch(/multiple_products: 1/);
    expect(r.stderr).toMatch(/4 templates \(2 specific, 2 general\) written to/);
    const library = TemplateLibrary.load(output);
    expect(library.name).toBe('out');
    expect(library.entry(amideId)).toMatchObject({ count: 2, specificity: 'specific' });
    expect(library.entry(esterId)).toMatchObject({ count: 1, specificity: 'specific' });
    expect(library.file.sources[0]).toMatchObject({
      file: 'reactions.txt',
      reactions: 6,
      extracted: 3,
      duplicates: 1,
    });
  });

  it('reads CSV with the reaction column found or named, gzip, and keeps templates seen min-count times', async () => {
    const csv = join(dir, 'reactions.csv.gz');
    const rows = ['id,rxn_smiles,class', `a,${amide},1`, `b,${toluidineAmide},1`, `c,${ester},2`];
    writeFileSync(csv, gzipSync(rows.join('\n')));
    const output = join(dir, 'csv.json');
    for (const extra of [[], ['--column', 'rxn_smiles']]) {
      const r = await extract([
        '--input',
        csv,
        '--output',
        output,
        '--min-count',
        '2',
        '--name',
        'two',
        ...extra,
      ]);
      expect(r.code).toBe(0);
      const library = TemplateLibrary.load(output);
      expect(library.name).toBe('two');
      expect(library.entries().map((t) => t.id)).toContain(amideId);
      expect(library.has(esterId)).toBe(false);
    }
  });

  it('gives the same library with worker threads', async () => {
    const one = join(dir, 'one.json');
    const two = join(dir, 'two.json');
    await extract(['--input', txt, '--output', one]);
    const r = await extract(['--input', txt, '--output', two, '--threads', '2']);
    expect(r.code).toBe(0);
    expect(TemplateLibrary.load(two).file.templates).toEqual(
      TemplateLibrary.load(one).file.templates,
    );
  });

  it('leaves out reactions whose product is held out', async () => {
    const heldOut = join(dir, 'held-out.smi');
    // The ester hydrolysis product, written differently.
    writeFileSync(heldOut, 'OC(=O)CC propanoic acid\n');
    const output = join(dir, 'held.json');
    const r = await extract(['--input', txt, '--output', output, '--exclude-products', heldOut]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /reactions\.txt: 6 reactions, 2 extracted, 1 duplicate, 1 held out, 2 failed/,
    );
    const library = TemplateLibrary.load(output);
    expect(library.has(esterId)).toBe(false);
    expect(library.has(amideId)).toBe(true);
    expect(library.file.sources[0]).toMatchObject({ extracted: 2, excluded: 1 });
  });

  it('adds reactions recorded with reference templates, template sets, and writes labels', async () => {
    const a = extractTemplates(amide);
    const e = extractTemplates(ester);
    if (!a.ok || !e.ok) throw new Error('example reactions must extract');
    // A table like USPTO-50k's: the amide again (a duplicate of the mapped one), a new
    // reaction of the same template, one whose template does not reproduce it, a valid row.
    const table = join(dir, 'reference.csv');
    writeFileSync(
      table,
      [
        ',prod_smiles,reactants_can,split,reaction_smarts',
        `0,CCC(=O)Nc1ccccc1,CCC(=O)Cl.Nc1ccccc1,train,${a.specific}`,
        `1,CCC(=O)Nc1ccc(Cl)cc1,CCC(=O)Cl.Nc1ccc(Cl)cc1,train,${a.specific}`,
        `2,CCC(=O)O,CCC(=O)OC,train,${a.specific}`,
        `3,CCC(=O)Nc1ccc(F)cc1,CCC(=O)Cl.Nc1ccc(F)cc1,valid,${a.specific}`,
      ].join('\n'),
    );
    const set = join(dir, 'set.json.gz');
    const extra = '[OH;D1;+0:1]-[CH3;D1;+0:2]>>Br-[CH3;D1;+0:2].[OH2;+0:1]';
    writeFileSync(
      set,
      gzipSync(
        JSON.stringify([
          { reaction_smarts: e.specific, count: 40 },
          { reaction_smarts: extra, count: 7 },
        ]),
      ),
    );
    const output = join(dir, 'corpus.json');
    const labels = join(dir, 'labels.jsonl.gz');
    const r = await extract(
      ['--input', txt, '--output', output, '--reference-templates', table],
      ['--template-set', set, '--labels', labels],
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/reference\.csv: 3 reactions, 1 extracted, 1 duplicate, 1 failed/);
    expect(r.stderr).toMatch(/set\.json\.gz: 1 templates new to the corpus/);
    const library = TemplateLibrary.load(output);
    expect(library.entry(amideId)?.count).toBe(3);
    // Known from the corpus: its corpus count; new: the set's count.
    expect(library.entry(esterId)?.count).toBe(1);
    expect(library.entries().find((t) => t.count === 7)).toBeDefined();
    const rows = readLabels(labels);
    expect(rows.map((l) => [l.product, l.specific, l.source])).toEqual([
      ['CCC(=O)Nc1ccccc1', amideId, 'reactions.txt'],
      ['CCC(=O)Nc1ccc(C)cc1', amideId, 'reactions.txt'],
      ['CCC(=O)O', esterId, 'reactions.txt'],
      ['CCC(=O)Nc1ccc(Cl)cc1', amideId, 'reference.csv'],
    ]);
    expect(rows[0]).toMatchObject({ reactants: 'CCC(=O)Cl.Nc1ccccc1' });
    expect(rows[3].general).toBeNull();
  });

  it('reports user mistakes in one line with exit code 2', async () => {
    const missing = await extract([
      '--input',
      join(dir, 'nope.txt'),
      '--output',
      join(dir, 'x.json'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(/^synroute: cannot read .*nope\.txt: ENOENT$/);
    const csv = join(dir, 'plain.csv');
    writeFileSync(csv, 'id,smiles\n1,CCO\n');
    const noColumn = await extract(['--input', csv, '--output', join(dir, 'x.json')]);
    expect(noColumn.code).toBe(2);
    expect(noColumn.stderr.trim()).toMatch(/^synroute: .*no column of reaction SMILES found/);
    const badColumn = await extract([
      '--input',
      csv,
      '--output',
      join(dir, 'x.json'),
      '--column',
      'rxn',
    ]);
    expect(badColumn.code).toBe(2);
    expect(badColumn.stderr.trim()).toMatch(/no column "rxn" \(columns: id, smiles\)$/);
  });
});
