import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../../src/chem/index.js';
import { heldOutKey } from '../../src/templates/held-out.js';
import {
  readProductFile,
  readReactionFile,
  splitCsvLine,
} from '../../src/templates/reaction-input.js';

const dir = mkdtempSync(join(tmpdir(), 'synroute-input-'));

beforeAll(async () => {
  await loadRDKit();
});

describe('reaction files', () => {
  it('read one reaction per line, ignoring extra fields and blank lines', () => {
    const path = join(dir, 'r.txt.gz');
    writeFileSync(path, gzipSync('[CH3:1][OH:2]>>[CH3:1][O-:2] 1-2\n\n  CC>O>CO  \n'));
    expect(readReactionFile(path)).toEqual({
      format: 'lines',
      records: [
        { line: 1, text: '[CH3:1][OH:2]>>[CH3:1][O-:2]' },
        { line: 3, text: 'CC>O>CO' },
      ],
    });
  });

  it('read CSV, finding the reaction column, with quoted fields', () => {
    expect(splitCsvLine('a,"b,""c""",d')).toEqual(['a', 'b,"c"', 'd']);
    const path = join(dir, 'r.csv');
    writeFileSync(path, 'id,"note",rxn\n1,"a, b",CC>>CO\n2,,CCC>>CCO\n');
    expect(readReactionFile(path)).toEqual({
      format: 'csv',
      column: 'rxn',
      records: [
        { line: 2, text: 'CC>>CO' },
        { line: 3, text: 'CCC>>CCO' },
      ],
    });
  });

  it('read held-out products from a product column, one split, or reactions', () => {
    const csv = join(dir, 'p.csv');
    writeFileSync(csv, 'id,prod_smiles,split\n1,CCO,valid\n2,CCN,train\n');
    expect(readProductFile(csv, { split: 'valid' })).toEqual(['CCO']);
    const lines = join(dir, 'p.txt');
    writeFileSync(lines, '[CH3:1][OH:2]>>[CH3:1][O-:2] x\nc1ccccc1 benzene\n');
    expect(readProductFile(lines)).toEqual(['[CH3:1][O-:2]', 'c1ccccc1']);
  });

  it('identify held-out products without maps and without stereo', () => {
    expect(heldOutKey('[CH3:1][C@H:2]([OH:3])[CH2:4][CH3:5]')).toBe(heldOutKey('CCC(C)O'));
    expect(heldOutKey('F/C=C/F')).toBe(heldOutKey('FC=CF'));
    expect(heldOutKey('not a molecule')).toBeNull();
  });
});
