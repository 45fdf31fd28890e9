/**
 * The web console end to end in headless Chromium (Debian's `chromium`, which
 * .ci/run installs; playwright-core only drives it): sign in, submit a
 * 20-molecule batch through the form, watch it complete in the batch list,
 * open a solved job and check that its route pictures are drawn. The real
 * engine plans, with a short time cap. Screenshots go to test-artifacts/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { seedLibraries, ServerProcess, startServer } from '../helpers/server.js';
import { repoRoot } from '../helpers/shared.js';

const CHROMIUM = process.env.SYNROUTE_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = join(repoRoot, 'test-artifacts');

/**
 * Acetanilides of anilines in the bundled library (one step), a molecule in
 * stock, and a few that the short time cap leaves unsolved.
 */
const TARGETS = [
  'CC(=O)Nc1ccc(-c2c(F)cccc2F)nc1C(=O)O',
  'CC(=O)Nc1ccc(-c2c[nH]c3cc(F)ccc23)cn1',
  'CC(=O)Nc1ccc(-c2cc(Cc3ccc(O)cc3)no2)cn1',
  'CC(=O)Nc1ccc(-c2cc(Cl)ccc2Cl)c(N)n1',
  'CC(=O)Nc1ccc(-c2cc(F)cc(F)c2)cn1',
  'CC(=O)Nc1ccc(-c2ccc(C(=O)O)c(=O)[nH]2)cc1',
  'CC(=O)Nc1ccc(-c2ccc(OC(F)(F)F)cc2)cc1',
  'CC(=O)Nc1ccc(-c2ccc(C(F)(F)F)cc2)cc1-c1noc(=O)[nH]1',
  'CC(=O)Nc1ccc(O)cc1',
  'COc1ccc2[nH]cc(CCNC(C)=O)c2c1',
  'CC(C)NCC(O)COc1cccc2ccccc12',
  'CN1C=NC2=C1C(=O)N(C(=O)N2C)C',
  'CCOC(=O)c1ccccc1',
  'CC(=O)Nc1ccccc1',
  'CC(C)Cc1ccc(cc1)C(C)C(=O)O',
  'CC12CCC3C(CCC4=CC(=O)CCC34C)C1CCC2O',
  'OC1=CC=C(C=C1)C1=CC(=O)C2=C(O)C=C(O)C=C2O1',
  'CC(C)(C)c1cc(C(C)(C)C)c2c(c1)C1(CCCC1)c1cc(C(C)(C)C)cc(C(C)(C)C)c1-2',
  'C[C@H]1C[C@@H]2[C@H]3CC[C@@]4(C)[C@@H]3CC[C@]4(O)C(=O)CO',
  'O=C1NC(=O)C2(N1)c1ccccc1Oc1ccccc12',
];

const dir = mkdtempSync(join(tmpdir(), 'synroute-web-'));
let server: ServerProcess | undefined;
let context: BrowserContext | undefined;
let apiToken = '';

function chromiumVersion(): string {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium; .ci/run does) or set SYNROUTE_CHROMIUM`,
    );
  return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim();
}

beforeAll(async () => {
  chromiumVersion();
  const dataDir = join(dir, 'data');
  await seedLibraries(dataDir);
  const created = await runCli(['tokens', 'create', '--name', 'web', '--data-dir', dataDir]);
  expect(created.code, created.stderr).toBe(0);
  apiToken = created.stdout.trim();
  server = await startServer(dataDir, { SYNROUTE_MAX_PROCESSING_TIME: '4' });
  context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
}, 180_000);

afterAll(async () => {
  await context?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('web console', () => {
  it('signs in, screens 20 molecules and draws a solved route', { timeout: 300_000 }, async () => {
    const url = server!.url;
    const page = await context!.newPage();
    const outside: string[] = [];
    const errors: string[] = [];
    const streams: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(url) && !/^(data|blob):/.test(r.url())) outside.push(r.url());
      if (/\/batches\/\w+\/events\?token=/.test(r.url())) streams.push(r.url());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    mkdirSync(ARTIFACTS, { recursive: true });

    await page.goto(`${url}/`);
    await page.getByLabel('API token').fill('srt_wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not accepted/);
    await page.getByLabel('API token').fill(apiToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Batches' }).waitFor();

    await submitBatch(page);
    // The batch page follows the batch to the end, then shows its results.
    await page.locator('section[data-status="completed"]').waitFor({ timeout: 240_000 });
    await page.locator('table.results-table tbody tr').first().waitFor();
    expect(await page.locator('table.results-table tbody tr').count()).toBe(20);
    // Progress came live from the batch's Server-Sent Events stream.
    expect(streams.length).toBeGreaterThan(0);
    const summary = await page
      .getByRole('status')
      .filter({ hasText: 'targets shown' })
      .textContent();
    const solved = Number(/(\d+) synthesizable/.exec(summary ?? '')?.[1]);
    expect(solved).toBeGreaterThanOrEqual(5);
    expect(solved).toBeLessThan(20);

    await filterAndSort(page, solved);

    await page.getByRole('link', { name: 'All batches' }).click();
    const row = page.locator('table.batches tbody tr').first();
    await expect.poll(() => row.locator('progress').getAttribute('value')).toBe('20');
    await page.screenshot({ path: join(ARTIFACTS, 'console-batches.png') });

    await openSolvedJob(page);
    await page.screenshot({ path: join(ARTIFACTS, 'console-job.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(ARTIFACTS, 'console-job-narrow.png') });

    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('results table', () => {
  it('pages, filters and sorts 100,000 rows with one page in the DOM', async () => {
    const page = await context!.newPage();
    await page.goto(`${server!.url}/`);
    // Runs in the page (browser types are not in this project's TypeScript setup).
    const shown = await page.evaluate(`(async () => {
      const { resultsTable } = await import('/console/results-table.js');
      const items = Array.from({ length: 100000 }, (_, i) => ({
        job_id: 'job_' + i,
        smiles: 'C'.repeat(1 + (i % 7)) + 'N' + i,
        status: 'completed',
        synthesizable: i % 3 !== 0,
        score: i % 3 !== 0 ? (i % 97) / 10 : null,
        steps: i % 3 !== 0 ? i % 5 : null,
        price: i % 3 !== 0 ? i % 1000 : null,
        routes: i % 3 !== 0 ? 1 : 0,
      }));
      document.getElementById('main').replaceChildren(resultsTable(items, 'big', 'bat_big'));
      return document.querySelectorAll('table.results-table tbody tr').length;
    })()`);
    expect(shown).toBe(100);
    await expect.poll(() => page.locator('.page-of').textContent()).toBe('Page 1 of 1000');
    await page.getByLabel('Show', { exact: true }).selectOption('yes');
    await page.getByLabel('Price ≤').fill('10');
    await expect.poll(() => page.locator('.page-of').textContent()).toBe('Page 1 of 8');
    await page.getByRole('button', { name: 'Price', exact: true }).click();
    await page.getByRole('button', { name: 'Price', exact: true }).click();
    const prices = await page
      .locator('table.results-table tbody tr td:nth-child(5)')
      .allTextContents();
    expect(prices[0]).toBe('10');
    await page.getByRole('button', { name: 'Last page' }).click();
    await expect.poll(() => page.locator('.page-of').textContent()).toBe('Page 8 of 8');
    await page.close();
  });
});

async function submitBatch(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'New batch' }).first().click();
  await page.getByLabel('Name', { exact: true }).fill('browser screen');
  await page.getByLabel('Targets: one SMILES per line').fill(TARGETS.join('\n'));
  await expect.poll(() => page.locator('#smiles-count').textContent()).toBe('20 molecules');
  await page.getByLabel('Routes per target').fill('2');
  await expect
    .poll(() => page.getByLabel('SynRoute default building blocks', { exact: false }).isChecked())
    .toBe(true);
  await page.getByRole('button', { name: 'Submit batch' }).click();
  await page.waitForURL(/#\/batches\/[0-9a-f]{32}$/);
}

async function filterAndSort(page: Page, solved: number): Promise<void> {
  await page.getByLabel('Show', { exact: true }).selectOption('yes');
  await expect.poll(() => page.locator('table.results-table tbody tr').count()).toBe(solved);
  await page.getByRole('button', { name: 'Score', exact: true }).click();
  const scores = await page
    .locator('table.results-table tbody tr td:nth-child(3)')
    .allTextContents();
  const numbers = scores.map(Number);
  expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  await page.getByLabel('Show', { exact: true }).selectOption('');
}

async function openSolvedJob(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'browser screen' }).click();
  await page.getByLabel('Show', { exact: true }).selectOption('yes');
  // The solved target with the most steps makes the richest tree.
  await page.getByRole('button', { name: 'Steps', exact: true }).click();
  await page.getByRole('button', { name: 'Steps', exact: true }).click();
  await page.locator('table.results-table tbody tr a').first().click();
  await page.waitForURL(/#\/jobs\/[0-9a-f]{32}/);
  const route = page.locator('details.route').first();
  await route.locator('.picture[data-state="ready"]').first().waitFor();
  await expect
    .poll(() => route.locator('.picture[data-state="loading"]').count(), { timeout: 30_000 })
    .toBe(0);
  expect(await route.locator('.picture[data-state="failed"]').count()).toBe(0);
  const molecules = route.locator('.picture.molecule svg');
  const reactions = route.locator('.picture.reaction svg');
  expect(await molecules.count()).toBeGreaterThanOrEqual(2);
  expect(await reactions.count()).toBeGreaterThanOrEqual(1);
  // Drawn for real: bonds as paths, and a visible size.
  expect(await molecules.first().locator('path').count()).toBeGreaterThan(3);
  const box = await molecules.first().boundingBox();
  expect(box!.width).toBeGreaterThan(100);
  expect(box!.height).toBeGreaterThan(50);
  await expect.poll(() => route.locator('summary').textContent()).toMatch(/score [\d.]+/);
  expect(await route.locator('table.blocks tbody tr').count()).toBeGreaterThanOrEqual(1);
}
