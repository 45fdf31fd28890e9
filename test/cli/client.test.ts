/**
 * The CLI client against a real `synroute serve` (planning by the queue's
 * stand-in worker, so answers are predictable and fast): login, batch submit
 * from SMILES, CSV and SDF files with --wait, status, list, results in three
 * formats, job show, cancel, and one-line errors for user mistakes.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliResult, runCli } from '../helpers/cli.js';
import { seedLibraries, ServerProcess, standInPlanner, startServer } from '../helpers/server.js';
import { expectAizynthTarget } from '../helpers/aizynth.js';

const dir = mkdtempSync(join(tmpdir(), 'synroute-client-'));
const dataDir = join(dir, 'data');
const config = join(dir, 'config.json');
let server: ServerProcess;
let token: string;

/** The client with its own config file and no token or URL from the environment. */
const client = (args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
  runCli(args, { env: { SYNROUTE_CONFIG: config, SYNROUTE_TOKEN: '', SYNROUTE_URL: '', ...env } });

const expectUserError = (res: CliResult, pattern: RegExp) => {
  expect(res.code, res.stderr).toBe(2);
  expect(res.stderr).toMatch(pattern);
  expect(res.stderr.trim().split('\n')).toHaveLength(1);
  expect(res.stderr).not.toMatch(/\n\s+at /);
};

beforeAll(async () => {
  await seedLibraries(dataDir);
  const created = await runCli(['tokens', 'create', '--name', 'dana', '--data-dir', dataDir]);
  token = created.stdout.trim();
  server = await startServer(dataDir, standInPlanner(30));
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('synroute client commands', () => {
  it('says where the web console and the API docs are when the server starts', () => {
    expect(server.output()).toContain(`web console:  ${server.url}/\n`);
    expect(server.output()).toContain(`API docs:     ${server.url}/docs`);
  });

  it('explains a missing token, then logs in and saves the login privately', async () => {
    const file = join(dir, 'one.smi');
    writeFileSync(file, 'CCN\n');
    expectUserError(
      await client(['batch', 'submit', file, '--url', server.url]),
      /no API token \(401\)/,
    );
    expectUserError(
      await client(['login', '--url', server.url, '--token', 'srt_wrong']),
      /refused the token \(401\)/,
    );
    const ok = await client(['login', '--url', server.url, '--token', token]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual({ url: server.url, token });
    expect(statSync(config).mode & 0o777).toBe(0o600);
  });

  it('submits a SMILES file, waits, and exports CSV, JSON and SDF', async () => {
    const file = join(dir, 'targets.smi');
    writeFileSync(
      file,
      'smiles name\nCC(=O)Nc1ccccc1 ACE-1 (batch 2)\nCCO\nCC(=O)Nc1ccccc1 ACE-1 (batch 2)\nc1ccccc1N AN-3\n',
    );
    const sub = await client([
      'batch',
      'submit',
      file,
      '--wait',
      '--name',
      'screen',
      '--routes',
      '2',
      '--priority',
      '7',
      '--exclude-target',
    ]);
    expect(sub.code, sub.stderr).toBe(0);
    const batch = sub.stdout.trim();
    expect(batch).toMatch(/^[0-9a-f]{32}$/);
    expect(sub.stderr).toMatch(/3 job\(s\) \(1 duplicate\(s\) dropped, 2 with compound ids\)/);
    expect(sub.stderr).toMatch(/completed: 3\/3 jobs finished/);

    const status = await client(['batch', 'status', batch, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({
      status: 'completed',
      number_of_jobs: 3,
      completed_jobs: 3,
    });
    const listed = JSON.parse((await client(['batch', 'list', '--json'])).stdout);
    expect(listed.find((b: { id: string }) => b.id === batch)).toMatchObject({
      priority: 7,
      parameters: { exclude_target_from_stock: true },
    });
    const list = await client(['batch', 'list']);
    expect(list.stdout).toMatch(new RegExp(`${batch}.*completed\\s+3/3\\s+screen`));

    const csvFile = join(dir, 'out.csv');
    const csv = await client(['results', batch, '--format', 'csv', '--output', csvFile]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stderr).toMatch(/3 result\(s\), 2 synthesizable/);
    const lines = readFileSync(csvFile, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'compound_id,smiles,job_id,status,synthesizable,score,certainty,price,steps,routes,best_route,best_route_reactions,error',
    );
    expect(lines[1]).toMatch(
      /^ACE-1 \(batch 2\),CC\(=O\)Nc1ccccc1,[0-9a-f]{32},completed,true,2,0.9,1,1,1,CC\(=O\)O.N>>CC\(=O\)Nc1ccccc1,CC\(=O\)O.N>>CC\(=O\)Nc1ccccc1,$/,
    );
    expect(lines[2]).toMatch(/^,CCO,[0-9a-f]{32},completed,false,,,,,0,,,$/);
    expect(lines[3]).toMatch(/^AN-3,c1ccccc1N,/);

    const json = JSON.parse((await client(['batch', 'results', batch, '--format', 'json'])).stdout);
    expect(
      json.map((r: { smiles: string; compound_id: string }) => [r.compound_id, r.smiles]),
    ).toEqual([
      ['ACE-1 (batch 2)', 'CC(=O)Nc1ccccc1'],
      [null, 'CCO'],
      ['AN-3', 'c1ccccc1N'],
    ]);

    const sdfFile = join(dir, 'out.sdf');
    expect((await client(['results', batch, '--output', sdfFile])).code).toBe(0);
    const sdf = readFileSync(sdfFile, 'utf8');
    const records = sdf.split('$$$$\n').filter(Boolean);
    expect(records).toHaveLength(3);
    expect(records[0]).toMatch(/\n 10 10 .*V2000\n/); // acetanilide's 10 atoms and 10 bonds with 2D coordinates
    // The compound id is the record's title and a data item; the job id follows.
    expect(records[0]).toMatch(/^ACE-1 \(batch 2\)\n/);
    expect(records[0]).toMatch(
      /M {2}END\n> <compound_id>\nACE-1 \(batch 2\)\n\n> <job_id>\n[0-9a-f]{32}\n\n> <smiles>\nCC\(=O\)Nc1ccccc1\n/,
    );
    expect(records[1]).toMatch(/^[0-9a-f]{32}\n/);
    expect(records[0]).toMatch(/> <synthesizable>\ntrue\n\n> <score>\n2\n/);

    const jobId = json[0].job_id as string;
    const show = await client(['job', 'show', jobId]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain(`${jobId}  CC(=O)Nc1ccccc1  completed: 1 route(s)`);
    expect(show.stdout).toContain('Route 1: 1 step(s), 2 building block(s), price 1');
    expect(show.stdout).toMatch(
      /CC\(=O\)Nc1ccccc1 {2}\(step 1\)\n\s+├─ CC\(=O\)O {2}\[building block: \$1\]\n\s+└─ N {2}\[building block: \$0\]/,
    );

    // Route pictures, drawn by the client.
    const pictures = join(dir, 'pictures');
    const drawn = await client(['job', 'show', jobId, '--svg', pictures]);
    expect(drawn.code, drawn.stderr).toBe(0);
    expect(drawn.stderr).toContain(`1 route picture(s) written to ${pictures}`);
    const picture = readFileSync(join(pictures, `${jobId}-route-1.svg`), 'utf8');
    expect(picture).toMatch(/^<\?xml[^]*Route 1 of ACE-1 \(batch 2\)[^]*<\/svg>\n$/);
    expect(picture.split('<svg x=')).toHaveLength(4);

    // AiZynthFinder's reaction trees, one record per target in batch order.
    const trees = join(dir, 'routes.json');
    const az = await client(['results', batch, '--format', 'aizynth', '--output', trees]);
    expect(az.code, az.stderr).toBe(0);
    const targets = JSON.parse(readFileSync(trees, 'utf8'));
    expect(targets.map((r: { target: string }) => r.target)).toEqual(
      json.map((r: { smiles: string }) => r.smiles),
    );
    targets.forEach(expectAizynthTarget);
    expect(targets[0]).toMatchObject({ compound_id: 'ACE-1 (batch 2)', number_of_routes: 1 });
    expect(targets[1]).toMatchObject({ is_solved: false, trees: [] });
  });

  it('reads CSV (smiles column) and SDF targets', async () => {
    const csv = join(dir, 'targets.csv');
    writeFileSync(csv, 'id,SMILES,reg no\na,CCN,"R-1, x"\nb,CCCN,R-2\n');
    const fromCsv = await client(['batch', 'submit', csv, '--wait']);
    expect(fromCsv.code, fromCsv.stderr).toBe(0);
    const csvJobs = JSON.parse(
      (await client(['results', fromCsv.stdout.trim(), '--format', 'json'])).stdout,
    );
    expect(
      csvJobs.map((r: { smiles: string; compound_id: string }) => [r.compound_id, r.smiles]),
    ).toEqual([
      ['a', 'CCN'],
      ['b', 'CCCN'],
    ]);
    // --id-column picks another column; a missing one is named with the columns there are.
    const byReg = await client(['batch', 'submit', csv, '--id-column', 'Reg No', '--wait']);
    expect(byReg.code, byReg.stderr).toBe(0);
    const regJobs = JSON.parse(
      (await client(['results', byReg.stdout.trim(), '--format', 'json'])).stdout,
    );
    expect(regJobs.map((r: { compound_id: string }) => r.compound_id)).toEqual(['R-1, x', 'R-2']);
    expectUserError(
      await client(['batch', 'submit', csv, '--id-column', 'cas']),
      /targets\.csv: no column "cas": the header line has "id", "SMILES", "reg no"/,
    );

    // A table without a SMILES column is refused, whatever its name says.
    const noSmiles = join(dir, 'nosmiles.txt');
    writeFileSync(noSmiles, 'id,structure_smiles\na,CCN\n');
    expectUserError(
      await client(['batch', 'submit', noSmiles]),
      /nosmiles\.txt: no SMILES column: the header line has "id", "structure_smiles"/,
    );
    const noColumn = join(dir, 'nosmiles.csv');
    writeFileSync(noColumn, 'id,mol\na,CCN\n');
    expectUserError(
      await client(['batch', 'submit', noColumn]),
      /nosmiles\.csv: no SMILES column: the header line has "id", "mol"; name the column with the SMILES "smiles"/,
    );

    const sdf = join(dir, 'targets.sdf');
    writeFileSync(sdf, `${molblock('ethylamine')}$$$$\nbroken\n\nM  END\n$$$$\n`);
    const fromSdf = await client(['batch', 'submit', sdf]);
    expect(fromSdf.code, fromSdf.stderr).toBe(0);
    expect(fromSdf.stderr).toMatch(/targets\.sdf:11 \(broken\): RDKit could not read the molecule/);
    const sdfJobs = JSON.parse(
      (await client(['results', fromSdf.stdout.trim(), '--format', 'json'])).stdout,
    );
    // The record's title is the compound id.
    expect(
      sdfJobs.map((r: { smiles: string; compound_id: string }) => [r.compound_id, r.smiles]),
    ).toEqual([['ethylamine', 'CCN']]);
  });

  it('cancels a batch, keeping finished results', async () => {
    const file = join(dir, 'slow.smi');
    // Enough work (15 s for two workers) that the batch is still running when canceled.
    const chain = (i: number) =>
      `N${'C'.repeat(1 + (i % 40))}${'O'.repeat(1 + Math.floor(i / 40))}`;
    writeFileSync(file, Array.from({ length: 1000 }, (_, i) => chain(i)).join('\n'));
    const batch = (await client(['batch', 'submit', file])).stdout.trim();
    const res = await client(['batch', 'cancel', batch]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/canceled: queued jobs will not run; finished results are kept/);
    const results = await client(['results', batch, '--format', 'json']);
    expect(results.code, results.stderr).toBe(0);
    const statuses = new Set(JSON.parse(results.stdout).map((r: { status: string }) => r.status));
    expect(statuses.has('canceled')).toBe(true);
    // Listed as canceled with the jobs that ran, not as "completed 1000/1000".
    const list = await client(['batch', 'list']);
    expect(list.stdout).toMatch(new RegExp(`${batch}.*canceled\\s+\\d+/1000 \\(\\d+ canceled\\)`));
  });

  it('reports user mistakes in one line with exit code 2', async () => {
    expectUserError(
      await client(['batch', 'status', 'bat_nope']),
      /batch bat_nope: not found \(404\)/,
    );
    expectUserError(await client(['job', 'show', 'job_nope']), /job job_nope: not found \(404\)/);
    expectUserError(await client(['batch', 'submit', join(dir, 'missing.smi')]), /no such file/);
    expectUserError(
      await client(['batch', 'status', 'bat_x', '--url', 'http://127.0.0.1:9']),
      /cannot reach the SynRoute server at http:\/\/127\.0\.0\.1:9/,
    );
    const help = await client(['batch', 'submit', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--wait/);
  });
});

describe('bad input lines', () => {
  const bad = join(dir, 'bad.smi');
  const lines = [
    'CCO ok-1',
    'C1CC ring-2',
    'C(C paren-3',
    'CN(C)(C)(C)C five-4',
    '',
    'CCN ok-6',
    // 1,040 characters: more than the server accepts, though RDKit reads it.
    `${'[13CH2]'.repeat(148)}[13CH3] long-7`,
  ];

  it('reports each bad line by number and in words, and submits the rest', async () => {
    writeFileSync(bad, `${lines.join('\n')}\n`);
    const res = await client(['batch', 'submit', bad, '--wait']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('bad.smi: 3 line(s) cannot be planned:');
    expect(res.stderr).toContain(
      'bad.smi:2 (ring-2): C1CC: a ring is opened (a ring-bond digit) but never closed',
    );
    expect(res.stderr).toContain(
      'bad.smi:3 (paren-3): C(C: a parenthesis is opened but never closed (at character 2)',
    );
    expect(res.stderr).toContain(
      'bad.smi:4 (five-4): CN(C)(C)(C)C: atom 2 (N) has 5 bonds, more than N can have',
    );
    // The server's own length limit, reported for its line; the other two went in.
    expect(res.stderr).toMatch(/bad\.smi:7 \(long-7\): \[13CH2\].*: .*1000 characters/);
    expect(res.stderr).toContain('submitting the other 2 target(s)');
    expect(res.stderr).toMatch(/batch [0-9a-f]{32}: 2 job\(s\)/);
    const json = JSON.parse(
      (await client(['results', res.stdout.trim(), '--format', 'json'])).stdout,
    );
    expect(json.map((r: { compound_id: string }) => r.compound_id)).toEqual(['ok-1', 'ok-6']);
  });

  it('refuses the whole file with --strict', async () => {
    writeFileSync(bad, `${lines.slice(0, 4).join('\n')}\n`);
    const before = JSON.parse((await client(['batch', 'list', '--json'])).stdout).length;
    const res = await client(['batch', 'submit', bad, '--strict']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('bad.smi:2 (ring-2): C1CC: a ring is opened');
    expect(res.stderr).toMatch(/3 line\(s\) cannot be planned; nothing submitted \(--strict\)\n$/);
    expect(res.stdout).toBe('');
    expect(JSON.parse((await client(['batch', 'list', '--json'])).stdout)).toHaveLength(before);
  });
});

/** Ethylamine as an MDL molblock. */
function molblock(name: string): string {
  return [
    name,
    '  test',
    '',
    '  3  2  0  0  0  0  0  0  0  0999 V2000',
    '    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0',
    '    1.2990    0.7500    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0',
    '    2.5981    0.0000    0.0000 N   0  0  0  0  0  0  0  0  0  0  0  0',
    '  1  2  1  0',
    '  2  3  1  0',
    'M  END',
    '',
  ].join('\n');
}
