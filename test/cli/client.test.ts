/**
 * The CLI client against a real `synroute serve` (planning by the queue's
 * stand-in worker, so answers are predictable and fast): login, batch submit
 * from SMILES, CSV and SDF files with --wait, status, list, results in three
 * formats, job show, cancel, and one-line errors for user mistakes.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliResult, runCli } from '../helpers/cli.js';
import { seedLibraries, ServerProcess, startServer } from '../helpers/server.js';
import { repoRoot } from '../helpers/shared.js';

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
  server = await startServer(dataDir, {
    SYNROUTE_PLAN_WORKER: pathToFileURL(
      join(repoRoot, 'test', 'queue', 'fixtures', 'plan-worker.mjs'),
    ).href,
    SYNROUTE_WORKERS: '2',
    FAKE_PLAN_MS: '30',
  });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('synroute client commands', () => {
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
    writeFileSync(file, 'smiles\nCC(=O)Nc1ccccc1 first\nCCO\nCC(=O)Nc1ccccc1\nc1ccccc1N\n');
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
    expect(sub.stderr).toMatch(/3 job\(s\) \(1 duplicate\(s\) dropped\)/);
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
      'smiles,job_id,status,synthesizable,score,certainty,price,steps,routes,best_route,best_route_reactions,error',
    );
    expect(lines[1]).toMatch(
      /^CC\(=O\)Nc1ccccc1,[0-9a-f]{32},completed,true,2,0.9,1,1,1,CC\(=O\)O.N>>CC\(=O\)Nc1ccccc1,CC\(=O\)O.N>>CC\(=O\)Nc1ccccc1,$/,
    );
    expect(lines[2]).toMatch(/^CCO,[0-9a-f]{32},completed,false,,,,,0,,,$/);

    const json = JSON.parse((await client(['batch', 'results', batch, '--format', 'json'])).stdout);
    expect(json.map((r: { smiles: string }) => r.smiles)).toEqual([
      'CC(=O)Nc1ccccc1',
      'CCO',
      'c1ccccc1N',
    ]);

    const sdfFile = join(dir, 'out.sdf');
    expect((await client(['results', batch, '--output', sdfFile])).code).toBe(0);
    const sdf = readFileSync(sdfFile, 'utf8');
    const records = sdf.split('$$$$\n').filter(Boolean);
    expect(records).toHaveLength(3);
    expect(records[0]).toMatch(/\n 10 10 .*V2000\n/); // acetanilide's 10 atoms and 10 bonds with 2D coordinates
    expect(records[0]).toMatch(
      /M {2}END\n> <job_id>\n[0-9a-f]{32}\n\n> <smiles>\nCC\(=O\)Nc1ccccc1\n/,
    );
    expect(records[0]).toMatch(/> <synthesizable>\ntrue\n\n> <score>\n2\n/);

    const jobId = json[0].job_id as string;
    const show = await client(['job', 'show', jobId]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain(`${jobId}  CC(=O)Nc1ccccc1  completed: 1 route(s)`);
    expect(show.stdout).toContain('Route 1: 1 step(s), 1 building block(s), price 1');
    expect(show.stdout).toMatch(
      /CC\(=O\)Nc1ccccc1 {2}\(step 1\)\n\s+├─ CC\(=O\)O {2}\[building block: \$1\]/,
    );
  });

  it('reads CSV (smiles column) and SDF targets', async () => {
    const csv = join(dir, 'targets.csv');
    writeFileSync(csv, 'id,SMILES,note\na,CCN,"x, y"\nb,CCCN,z\n');
    const fromCsv = await client(['batch', 'submit', csv, '--wait']);
    expect(fromCsv.code, fromCsv.stderr).toBe(0);
    const csvJobs = JSON.parse(
      (await client(['results', fromCsv.stdout.trim(), '--format', 'json'])).stdout,
    );
    expect(csvJobs.map((r: { smiles: string }) => r.smiles)).toEqual(['CCN', 'CCCN']);

    const sdf = join(dir, 'targets.sdf');
    writeFileSync(sdf, `${molblock('ethylamine')}$$$$\nbroken\n\nM  END\n$$$$\n`);
    const fromSdf = await client(['batch', 'submit', sdf]);
    expect(fromSdf.code, fromSdf.stderr).toBe(0);
    expect(fromSdf.stderr).toMatch(/targets\.sdf:\d+: skipped/);
    const sdfJobs = JSON.parse(
      (await client(['results', fromSdf.stdout.trim(), '--format', 'json'])).stdout,
    );
    expect(sdfJobs.map((r: { smiles: string }) => r.smiles)).toEqual(['CCN']);
  });

  it('cancels a batch, keeping finished results', async () => {
    const file = join(dir, 'slow.smi');
    // Enough work (15 s for two workers) that the batch is still running when canceled.
    writeFileSync(file, Array.from({ length: 1000 }, (_, i) => `CCN${i}`).join('\n'));
    const batch = (await client(['batch', 'submit', file])).stdout.trim();
    const res = await client(['batch', 'cancel', batch]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/canceled: queued jobs will not run; finished results are kept/);
    const results = await client(['results', batch, '--format', 'json']);
    expect(results.code, results.stderr).toBe(0);
    const statuses = new Set(JSON.parse(results.stdout).map((r: { status: string }) => r.status));
    expect(statuses.has('canceled')).toBe(true);
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
    const bad = join(dir, 'bad.smi');
    writeFileSync(bad, 'CCO\nC C\n');
    expectUserError(await client(['batch', 'submit', bad, '--time', '5']), /rejected \(422\)/);
    const help = await client(['batch', 'submit', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--wait/);
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
