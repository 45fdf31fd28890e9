import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inchiKeyOf, loadRDKit } from '../../src/chem/index.js';
import { importLibraryText } from '../../src/stock/import.js';
import { BuildingBlockLibrary } from '../../src/stock/library.js';
import {
  LibraryFileError,
  readLibraryFile,
  SectionArray,
  writeLibraryFile,
} from '../../src/stock/library-file.js';
import { LibraryRegistry } from '../../src/stock/registry.js';
import { LibraryUpgradeError } from '../../src/stock/upgrade.js';
import { AdHocStock, CombinedStock, LibraryStock } from '../../src/stock/stock.js';
import { until } from '../helpers/wait.js';

const dir = mkdtempSync(join(tmpdir(), 'synroute-stock-'));

beforeAll(async () => {
  await loadRDKit();
});

async function library(text: string, name: string, id = 'lib'): Promise<BuildingBlockLibrary> {
  const path = join(dir, `${id}.srbb`);
  await importLibraryText(text, name, path, { id, provider: 'acme', threads: 1 });
  return BuildingBlockLibrary.open(path);
}

describe('building-block import', () => {
  it('reads SMILES files, canonicalizes, dedupes and counts invalid rows', async () => {
    const path = join(dir, 'smi.srbb');
    const report = await importLibraryText(
      'SMILES id\nOCC bb1\nC(C)O bb2\nC1CC bad\nc1ccccc1 bb3\nnot_smiles\n',
      'x.smi',
      path,
      { id: 'smi', threads: 1 },
    );
    expect(report).toMatchObject({ rows: 5, size: 2, invalid: 2, duplicates: 1 });
    expect(report.invalidExamples).toEqual(['line 4: unparseable', 'line 6: unparseable']);
    const lib = BuildingBlockLibrary.open(path);
    expect(lib.findSmiles('CCO')).toBeGreaterThanOrEqual(0);
    expect(lib.metadata(lib.findSmiles('CCO'))).toMatchObject({
      smiles: 'CCO',
      identifier: 'bb1',
      price: null,
    });
    expect(lib.findSmiles('CCN')).toBe(-1);
  });

  it('reads CSV with id, provider, price and availability columns', async () => {
    const lib = await library(
      'id,SMILES,provider,price,availability\nA-1,CC(=O)O,enamine,12.5,in_stock\nA-2,c1ccncc1,,3,\nA-3,CC(=O)O,sigma,9.0,in_stock\n',
      'bb.csv',
    );
    expect(lib.info.size).toBe(2);
    expect(lib.metadata(lib.findSmiles('CC(=O)O'))).toEqual({
      smiles: 'CC(=O)O',
      identifier: 'A-1',
      provider: 'enamine',
      availability: 'in_stock',
      price: 9,
    });
    expect(lib.metadata(lib.findSmiles('c1ccncc1'))).toMatchObject({ provider: 'acme', price: 3 });
  });

  it('reads SDF records with data fields', async () => {
    const mol = (name: string, block: string, price: string) =>
      `${name}\n  RDKit          2D\n\n${block}M  END\n>  <price>\n${price}\n\n$$$$\n`;
    const ethanol =
      '  3  2  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 C   0  0\n    1.2990    0.7500    0.0000 C   0  0\n    2.5981   -0.0000    0.0000 O   0  0\n  1  2  1  0\n  2  3  1  0\n';
    const lib = await library(mol('EtOH-1', ethanol, '4.2'), 'x.sdf');
    expect(lib.metadata(lib.findSmiles('CCO'))).toMatchObject({ identifier: 'EtOH-1', price: 4.2 });
  });

  it('reads InChIKey lists and matches by InChIKey (stereo optional)', async () => {
    const lactic = inchiKeyOf('C[C@H](O)C(=O)O');
    const lib = await library(`${lactic}\nnot-a-key\n`, 'stock.txt');
    expect(lib.info.size).toBe(1);
    const stock = new LibraryStock([lib]);
    expect(stock.contains('C[C@H](O)C(=O)O')).toBe(true);
    expect(stock.contains('C[C@@H](O)C(=O)O')).toBe(false);
    expect(new LibraryStock([lib], { ignoreStereo: true }).contains('C[C@@H](O)C(=O)O')).toBe(true);
  });
});

describe('stock lookups', () => {
  it('matches exact or any stereoisomer, and combines libraries with ad-hoc materials', async () => {
    const lib = await library('N[C@@H](C)C(=O)O\nCCN\n', 'aa.smi', 'aa');
    const exact = new LibraryStock([lib]);
    expect(exact.contains('C[C@H](N)C(=O)O')).toBe(true);
    expect(exact.contains('C[C@@H](N)C(=O)O')).toBe(false);
    expect(exact.contains('CC(N)C(=O)O')).toBe(false);
    const loose = new LibraryStock([lib], { ignoreStereo: true });
    expect(loose.contains('C[C@@H](N)C(=O)O')).toBe(true);
    const adhoc = new AdHocStock(['OC(=O)c1ccccc1', 'garbage(']);
    expect(adhoc.invalid).toEqual(['garbage(']);
    const both = new CombinedStock([exact, adhoc]);
    expect(both.contains('O=C(O)c1ccccc1')).toBe(true);
    expect(both.lookup('CCN')).toEqual([
      {
        smiles: 'CCN',
        provider: 'acme',
        library: 'aa',
        price: null,
        identifier: undefined,
        availability: undefined,
      },
    ]);
  });
});

describe('tautomers of building blocks', () => {
  // The catalogue lists the hydroxy and 1H forms; templates may write the others.
  const catalogue = 'Oc1ccccn1 HP-1\nCc1cc(Br)[nH]n1 PZ-1\n';

  it('finds a building block listed as another tautomer, and says which entry', async () => {
    const lib = await library(catalogue, 'taut.smi', 'taut');
    const stock = new LibraryStock([lib]);
    expect(stock.contains('O=c1cccc[nH]1')).toBe(true);
    expect(stock.contains('Cc1cc(Br)n[nH]1')).toBe(true);
    expect(stock.lookup('O=c1cccc[nH]1')).toMatchObject([
      { smiles: 'Oc1ccccn1', identifier: 'HP-1' },
    ]);
    // other compounds with the same atoms are not tautomers
    expect(stock.contains('Oc1cccnc1')).toBe(false);
    expect(stock.contains('Cn1ccc(Br)n1')).toBe(false);
    expect(new LibraryStock([lib], { matchForms: false }).contains('O=c1cccc[nH]1')).toBe(false);
  });

  it('does the same for starting materials sent with a request', () => {
    const adhoc = new AdHocStock(['Oc1ccccn1', 'Cc1cc(Br)[nH]n1']);
    expect(adhoc.contains('O=c1cccc[nH]1')).toBe(true);
    expect(adhoc.lookup('Cc1cc(Br)n[nH]1')).toMatchObject([{ smiles: 'Cc1cc(Br)[nH]n1' }]);
    expect(adhoc.contains('Oc1cccnc1')).toBe(false);
    expect(new AdHocStock(['Oc1ccccn1'], { matchForms: false }).contains('O=c1cccc[nH]1')).toBe(
      false,
    );
  });

  it('keeps stereo strict unless stereo is ignored', async () => {
    const lib = await library('C[C@H](O)c1cc(=O)[nH]cn1\n', 'chiral.smi', 'chiral');
    expect(new LibraryStock([lib]).contains('C[C@H](O)c1cc(O)ncn1')).toBe(true);
    expect(new LibraryStock([lib]).contains('C[C@@H](O)c1cc(O)ncn1')).toBe(false);
    expect(new LibraryStock([lib], { ignoreStereo: true }).contains('C[C@@H](O)c1cc(O)ncn1')).toBe(
      true,
    );
  });
});

describe('salts and ionized forms of building blocks', () => {
  const catalogue = 'Cl.NCc1ccccc1 AM-1\n[C-]#N.[K+] KCN\nCC(=O)O AC-1\nCl.Oc1ccncc1 HP-2\n';

  it('finds the free base of a salt, the salt of a listed acid, and tautomers of salts', async () => {
    const lib = await library(catalogue, 'salts.smi', 'salts');
    const stock = new LibraryStock([lib]);
    expect(stock.lookup('NCc1ccccc1')).toMatchObject([
      { smiles: 'Cl.NCc1ccccc1', identifier: 'AM-1' },
    ]);
    expect(stock.lookup('C#N')).toMatchObject([{ identifier: 'KCN' }]);
    expect(stock.lookup('CC(=O)[O-]')).toMatchObject([{ identifier: 'AC-1' }]);
    expect(stock.lookup('O=c1cc[nH]cc1')).toMatchObject([{ identifier: 'HP-2' }]);
    expect(stock.contains('CNCc1ccccc1')).toBe(false);
    expect(stock.contains('Cl')).toBe(false);
    expect(new LibraryStock([lib], { matchForms: false }).contains('NCc1ccccc1')).toBe(false);
  });

  it('does the same for starting materials sent with a request', () => {
    const adhoc = new AdHocStock(['NCc1ccccc1.Cl', 'C#N']);
    expect(adhoc.lookup('NCc1ccccc1')).toMatchObject([{ smiles: 'Cl.NCc1ccccc1' }]);
    expect(adhoc.lookup('[C-]#N')).toMatchObject([{ smiles: 'C#N' }]);
    expect(adhoc.contains('[NH3+]Cc1ccccc1')).toBe(true);
    expect(adhoc.contains('NCCc1ccccc1')).toBe(false);
  });

  it('upgrades a library imported before form keys, keeping every entry as it was', async () => {
    const registry = new LibraryRegistry(join(dir, 'upgrade'));
    const file = join(dir, 'old.csv');
    writeFileSync(
      file,
      'smiles,id,provider,price,availability\n' +
        'Cl.NCc1ccccc1,"AM-1 ""hydrochloride""","Acme, Inc.",12.5,in stock\n' +
        'Cl.Oc1ccncc1,HP-2,,,2-3 weeks\nCCO,,,0,\n',
    );
    await registry.import(file, { id: 'old', name: 'Old catalogue', provider: 'acme', threads: 1 });
    writeWithoutFormKeys(registry.pathOf('old'));
    const before = registry.open('old');
    const entries = (lib: BuildingBlockLibrary) =>
      [...lib.allSmiles()].map((smiles) => lib.metadata(lib.findSmiles(smiles)));
    expect(before.hasFormKeys).toBe(false);
    expect(new LibraryStock([before]).contains('NCc1ccccc1')).toBe(false);
    expect(registry.upgradable()).toEqual(['old']);

    expect(await registry.upgrade('old', 1)).toMatchObject({ size: 3, invalid: 0 });
    const after = registry.open('old');
    expect(after.hasFormKeys).toBe(true);
    expect(entries(after)).toEqual(entries(before));
    expect(after.info).toMatchObject({ name: 'Old catalogue', provider: 'acme' });
    const stock = new LibraryStock([after]);
    expect(stock.lookup('NCc1ccccc1')).toMatchObject([
      { identifier: 'AM-1 "hydrochloride"', provider: 'Acme, Inc.', price: 12.5 },
    ]);
    expect(stock.lookup('O=c1cc[nH]cc1')).toMatchObject([{ identifier: 'HP-2', price: null }]);
    expect(registry.upgradable()).toEqual([]);
    expect(await registry.upgrade('old', 1)).toBeNull();

    // An InChIKey list has no structures to key: never offered, refused when named.
    const keysFile = join(dir, 'keys.txt');
    writeFileSync(keysFile, `${inchiKeyOf('CCO')}\n`);
    await registry.import(keysFile, { id: 'keys', format: 'inchikey', threads: 1 });
    writeWithoutFormKeys(registry.pathOf('keys'));
    expect(registry.upgradable()).toEqual([]);
    await expect(registry.upgrade('keys', 1)).rejects.toThrow(LibraryUpgradeError);
  });
});

/** Rewrites a library file as imports before parent and tautomer keys wrote it. */
function writeWithoutFormKeys(path: string): void {
  const file = readLibraryFile(path);
  const { sections: layout, format: _f, version: _v, formKeys: _k, ...header } = file.header;
  const sections = Object.fromEntries(
    Object.keys(layout)
      .filter((name) => !/^(parent|tautomer)/.test(name))
      .map((name) => [name, file.section(name) as SectionArray]),
  );
  writeLibraryFile(path, header, sections);
}

describe('library files and registry', () => {
  it('rejects files of another format version', async () => {
    const path = join(dir, 'bad.srbb');
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from('SRBB'),
        Buffer.from([9, 0, 0, 0, 2, 0, 0, 0]),
        Buffer.from('{}'),
      ]),
    );
    expect(() => readLibraryFile(path)).toThrow(LibraryFileError);
    expect(() => readLibraryFile(path)).toThrow(/format version 9/);
    writeFileSync(path, 'hello');
    expect(() => readLibraryFile(path)).toThrow(/not a SynRoute building-block library/);
  });

  it('builds the bundled default library and imports, lists and removes libraries', async () => {
    const registry = new LibraryRegistry(join(dir, 'data'));
    await registry.ensureBundled();
    const def = registry.get('default');
    expect(def?.size).toBeGreaterThan(40_000);
    expect(registry.open('default').hasFormKeys).toBe(true);
    await registry.ensureBundled(); // current: not rebuilt
    expect(registry.get('default')?.createdAt).toBe(def?.createdAt);
    expect(
      registry.open('default').findSmiles('CC(C)(C)OC(=O)OC(=O)OC(C)(C)C'),
    ).toBeGreaterThanOrEqual(0);
    const file = join(dir, 'mine.smi');
    writeFileSync(file, 'CCO\nCCN\n');
    await registry.import(file, { id: 'mine', threads: 1 });
    expect(registry.list().map((l) => l.id)).toEqual(['default', 'mine']);
    expect(registry.remove('mine')).toBe(true);
    expect(registry.get('mine')).toBeUndefined();
    expect(registry.get('../etc')).toBeUndefined();
  });

  it('versions a library by its data: machines that build it agree, other data differs', async () => {
    // An API machine and a worker machine each import the same file at different times.
    const file = join(dir, 'blocks.csv');
    writeFileSync(file, 'smiles,id,price\nCCO,b1,3\nc1ccncc1,b2,5\n');
    const api = new LibraryRegistry(join(dir, 'api-machine'));
    const worker = new LibraryRegistry(join(dir, 'worker-machine'));
    await api.import(file, { id: 'blocks', threads: 1 });
    // The worker machine imports later: its clock reads past the API machine's import time.
    const apiImported = Date.parse(api.get('blocks')!.createdAt);
    await until('the clock to pass the first import', () => Date.now() > apiImported);
    await worker.import(file, { id: 'blocks', name: 'other name', threads: 1 });
    const a = api.get('blocks')!;
    const w = worker.get('blocks')!;
    expect(a.createdAt).not.toBe(w.createdAt);
    expect(a.version).toMatch(/^blocks@[0-9a-f]{16}$/);
    expect(w.version).toBe(a.version);
    // Another price is other data: another version.
    writeFileSync(file, 'smiles,id,price\nCCO,b1,4\nc1ccncc1,b2,5\n');
    await worker.import(file, { id: 'blocks', threads: 1 });
    expect(worker.get('blocks')!.version).not.toBe(a.version);
  });
});
