import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../../src/chem/index.js';
import { extractTemplates } from '../../src/templates/extract.js';
import { TemplateLibrary, templateId } from '../../src/templates/library.js';
import { runCli } from '../helpers/cli.js';
import { EXAMPLE_REACTIONS } from './example-reactions.js';

const dir = mkdtempSync(join(tmpdir(), 'synroute-templates-'));
const amide = EXAMPLE_REACTIONS[51];
const ester = EXAMPLE_REACTIONS[35];
// One reaction per line; extra fields (USPTO-MIT's edit lists) are ignored.
const lines = [
  `${amide} 1-4;1-12`,
  amide,
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

function extract(args: string[]) {
  return runCli(['templates', 'extract', ...args]);
}

describe('synroute templates extract', () => {
  it('writes a de-duplicated library with counts and reports failures by reason', async () => {
    const output = join(dir, 'out.templates.json.gz');
    const r = await extract(['--input', txt, '--output', output]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/reactions\.txt: 5 reactions, 3 extracted, 2 failed/);
    expect(r.stderr).toMatch(/no_atom_maps: 1/);
    expect(r.stderr).toMatch(/multiple_products: 1/);
    expect(r.stderr).toMatch(/4 templates \(2 specific, 2 general\) written to/);
    const library = TemplateLibrary.load(output);
    expect(library.name).toBe('out');
    expect(library.entry(amideId)).toMatchObject({ count: 2, specificity: 'specific' });
    expect(library.entry(esterId)).toMatchObject({ count: 1, specificity: 'specific' });
    expect(library.file.sources[0]).toMatchObject({
      file: 'reactions.txt',
      reactions: 5,
      extracted: 3,
    });
  });

  it('reads CSV with the reaction column found or named, gzip, and keeps templates seen min-count times', async () => {
    const csv = join(dir, 'reactions.csv.gz');
    const rows = ['id,rxn_smiles,class', `a,${amide},1`, `b,${amide},1`, `c,${ester},2`];
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
    expect(r.stderr).toMatch(/reactions\.txt: 5 reactions, 2 extracted, 1 held out, 2 failed/);
    const library = TemplateLibrary.load(output);
    expect(library.has(esterId)).toBe(false);
    expect(library.has(amideId)).toBe(true);
    expect(library.file.sources[0]).toMatchObject({ extracted: 2, excluded: 1 });
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
