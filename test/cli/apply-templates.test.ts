import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'synroute-apply-'));
const templates = join(dir, 't.txt');
const molecules = join(dir, 'm.smi');
writeFileSync(
  templates,
  [
    '[C:1](=[O:3])[OH:2]>>[C:1](=[O:3])[O:2]CC', // ethyl ester hydrolysis
    'not a template',
    '[C:2]-[NH;D2;+0:1]-[C:3]>>C-C(-C)(-C)-O-C(=O)-[N;H0;D3;+0:1](-[C:2])-[C:3]', // Boc removal
    '[c:1][Br:2]>>[c:1][I:2]',
  ].join('\n'),
);
writeFileSync(molecules, ['OC(=O)CCC1CCNCC1 acid-amine', 'C1CC', '', 'c1ccccc1', 'XYZ'].join('\n'));

const readJsonl = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('synroute apply-templates', () => {
  it('writes one line per molecule and template with outcomes and reports bad lines', async () => {
    const output = join(dir, 'out.jsonl');
    const r = await runCli([
      'apply-templates',
      '--templates',
      templates,
      '--input',
      molecules,
      '--output',
      output,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/templates line 2: /);
    expect(r.stderr).toMatch(/input line 2: unparseable/);
    expect(r.stderr).toMatch(/input line 5: unparseable/);
    expect(readJsonl(output)).toEqual([
      { product: 'OC(=O)CCC1CCNCC1', template: 0, outcomes: ['CCOC(=O)CCC1CCNCC1'] },
      { product: 'OC(=O)CCC1CCNCC1', template: 2, outcomes: ['CC(C)(C)OC(=O)N1CCC(CCC(=O)O)CC1'] },
    ]);
  });

  it('gives identical output with worker threads', async () => {
    const one = join(dir, 'one.jsonl');
    const two = join(dir, 'two.jsonl');
    await runCli([
      'apply-templates',
      '--templates',
      templates,
      '--input',
      molecules,
      '--output',
      one,
    ]);
    const r = await runCli([
      'apply-templates',
      '--templates',
      templates,
      '--input',
      molecules,
      '--output',
      two,
      '--threads',
      '2',
    ]);
    expect(r.code).toBe(0);
    expect(readFileSync(two, 'utf8')).toBe(readFileSync(one, 'utf8'));
  });

  it('fails cleanly on a missing file or a bad flag', async () => {
    const missing = await runCli([
      'apply-templates',
      '--templates',
      join(dir, 'nope.txt'),
      '--input',
      molecules,
      '--output',
      join(dir, 'x'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read templates file/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const badFlag = await runCli([
      'apply-templates',
      '--templates',
      templates,
      '--input',
      molecules,
      '--output',
      'x',
      '--threads',
      '0',
    ]);
    expect(badFlag.code).not.toBe(0);
    expect(badFlag.stderr).toMatch(/positive integer/);
  });
});
