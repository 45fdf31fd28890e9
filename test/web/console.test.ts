/**
 * The web console end to end in headless Chromium (Debian's `chromium`, which
 * .ci/run installs; playwright-core only drives it): sign in, submit a
 * batch of 22 pasted lines through the form (bad lines reported and left out,
 * compound ids kept), watch its results table fill in live, open a solved job
 * and check that its route pictures are drawn at one scale and download as
 * SVG; a canceled batch is listed as canceled; hidden controls stay hidden.
 * The real engine plans, with a short time cap. Screenshots go to test-artifacts/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { BrowserContext, chromium, Locator, Page } from 'playwright-core';
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
  it(
    'signs in, screens pasted targets and draws a solved route',
    { timeout: 300_000 },
    async () => {
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
      // Hidden means hidden, whatever display the stylesheet gives buttons.
      await page.getByLabel('API token').waitFor();
      expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(false);
      await page.getByLabel('API token').fill('srt_wrong');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not accepted/);
      await page.getByLabel('API token').fill(apiToken);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Batches' }).waitFor();
      expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);

      await submitBatch(page);
      await watchLiveResults(page);
      // The batch page follows the batch to the end, then shows its results.
      await page.locator('section[data-status="completed"]').waitFor({ timeout: 240_000 });
      await page.locator('table.results-table tbody tr').first().waitFor();
      expect(await page.locator('table.results-table tbody tr').count()).toBe(19);
      // Rows changed to finished while the batch still ran: the table is live, not read at the end.
      expect(await page.evaluate('window.__finishedWhileRunning')).toBeGreaterThan(0);
      expect(await page.getByRole('button', { name: 'Cancel batch' }).isVisible()).toBe(false);
      // Compound ids from the pasted lines, and a structure picture in every row.
      await expect
        .poll(() => page.locator('td[data-key="compound_id"]').allTextContents())
        .toContain('ACE-1');
      await expect
        .poll(() => page.locator('td.structure .picture[data-state="ready"] svg').count())
        .toBe(19);
      // Progress came live from the batch's Server-Sent Events stream.
      expect(streams.length).toBeGreaterThan(0);
      const summary = await page
        .getByRole('status')
        .filter({ hasText: 'targets shown' })
        .textContent();
      const solved = Number(/(\d+) synthesizable/.exec(summary ?? '')?.[1]);
      expect(solved).toBeGreaterThanOrEqual(5);
      expect(solved).toBeLessThan(19);

      await filterAndSort(page, solved);

      const canceled = await canceledBatch(url);
      await page.getByRole('link', { name: 'All batches' }).click();
      const row = page.locator('table.batches tbody tr', { hasText: 'browser screen' });
      await expect.poll(() => row.locator('progress').getAttribute('value')).toBe('19');
      // A canceled batch says so, and how many of its jobs ran: not "completed 6/6".
      const canceledRow = page.locator(`tr[data-batch="${canceled}"]`);
      await expect.poll(() => canceledRow.locator('.badge').textContent()).toBe('canceled');
      expect(await canceledRow.locator('.count').textContent()).toMatch(
        /^\d \/ 6 planned, \d canceled$/,
      );
      await page.screenshot({ path: join(ARTIFACTS, 'console-batches.png') });

      await openSolvedJob(page);
      await page.screenshot({ path: join(ARTIFACTS, 'console-job.png'), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: join(ARTIFACTS, 'console-job-narrow.png') });

      expect(outside).toEqual([]);
      expect(errors).toEqual([]);
    },
  );
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
      document.getElementById('main').replaceChildren(resultsTable(items, 'big', 'bat_big').node);
      return document.querySelectorAll('table.results-table tbody tr').length;
    })()`);
    expect(shown).toBe(100);
    await expect.poll(() => page.locator('.page-of').textContent()).toBe('Page 1 of 1000');
    await page.getByLabel('Show', { exact: true }).selectOption('yes');
    await page.getByLabel('Price ≤').fill('10');
    await expect.poll(() => page.locator('.page-of').textContent()).toBe('Page 1 of 8');
    await page.getByRole('button', { name: 'Price', exact: true }).click();
    await page.getByRole('button', { name: 'Price', exact: true }).click();
    const prices = await page.locator('td[data-key="price"]').allTextContents();
    expect(prices[0]).toBe('10');
    await page.getByRole('button', { name: 'Last page' }).click();
    await expect.poll(() => page.locator('.page-of').textContent()).toBe('Page 8 of 8');
    await page.close();
  });
});

/**
 * The pasted lines: targets (a few with compound ids) and two lines that cannot be planned,
 * besides the target whose ring bond is never closed.
 */
const PASTED = [
  `${TARGETS[0]} ACE-1`,
  'C1CC not-a-ring',
  ...TARGETS.slice(1, 10),
  'CN(C)(C)(C)C five-bonds',
  `${TARGETS[10]} LIT-11 (2024)`,
  ...TARGETS.slice(11),
];

async function submitBatch(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'New batch' }).first().click();
  await checkForm(page);
  await page.getByLabel('Name', { exact: true }).fill('browser screen');
  await page.getByLabel('Targets: one SMILES per line').fill(PASTED.join('\n'));
  // Bad lines are found as they are pasted, listed by line number, and left out.
  await expect
    .poll(() => page.locator('#smiles-count').textContent())
    .toBe('19 molecules to submit; 3 lines cannot be planned and will be left out:');
  const problems = await page.locator('.problems-table tbody tr').allTextContents();
  expect(problems).toEqual([
    '2not-a-ringC1CCa ring is opened (a ring-bond digit) but never closed',
    '12five-bondsCN(C)(C)(C)Catom 2 (N) has 5 bonds, more than N can have',
    `21–${TARGETS[18]}a ring is opened (a ring-bond digit) but never closed`,
  ]);
  await page.getByLabel('Routes per target').fill('2');
  await expect
    .poll(() => page.getByLabel('SynRoute default building blocks', { exact: false }).isChecked())
    .toBe(true);
  await page.getByRole('button', { name: 'Submit batch' }).click();
  await page.waitForURL(/#\/batches\/[0-9a-f]{32}$/);
}

/** The limits are explained, and the engine's long name fits its drop-down. */
async function checkForm(page: Page): Promise<void> {
  for (const [label, words] of [
    ['Reaction limit', /same reaction step/],
    ['Building block limit', /same building block/],
  ] as const) {
    const hintId = await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby');
    expect(await page.locator(`#${hintId}`).textContent()).toMatch(words);
  }
  const engine = page.getByLabel('Engine', { exact: true });
  await expect.poll(() => engine.locator('option').count()).toBeGreaterThan(0);
  // The selected option's text, measured in the select's font, plus room for the arrow.
  const fit = (await page.evaluate(`(() => {
    const select = document.getElementById('engine');
    const style = getComputedStyle(select);
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = style.fontSize + ' ' + style.fontFamily;
    const text = ctx.measureText(select.options[select.selectedIndex].text).width;
    return { text, box: select.clientWidth };
  })()`)) as { text: number; box: number };
  expect(fit.box).toBeGreaterThan(fit.text + 30);
}

/**
 * Counts, in the page, rows whose status turns to completed while the batch
 * is still running (a table read only at the end never does that).
 */
async function watchLiveResults(page: Page): Promise<void> {
  await page.locator('table.results-table').waitFor();
  await page.evaluate(`(() => {
    window.__finishedWhileRunning = 0;
    const section = document.querySelector('section[aria-labelledby="batch-title"]');
    new MutationObserver(() => {
      if (section.dataset.status === 'completed') return;
      window.__finishedWhileRunning = [...document.querySelectorAll('td[data-key="status"]')]
        .filter((td) => td.textContent === 'completed').length;
    }).observe(document.getElementById('main'), { subtree: true, childList: true, characterData: true });
  })()`);
}

/** A batch created and canceled through the API while its jobs are queued. */
async function canceledBatch(url: string): Promise<string> {
  const headers = { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' };
  const created = await fetch(`${url}/batches`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      name: 'to cancel',
      smiles: TARGETS.slice(14),
      parameters: {
        retrosynthesis_engine: 'synroute_default',
        building_block_libraries: ['default'],
        number_of_routes: 1,
        processing_time: 60,
      },
    }),
  });
  const { id } = (await created.json()) as { id: string };
  const res = await fetch(`${url}/batches/${id}/cancel`, { method: 'PATCH', headers });
  expect(res.status).toBe(200);
  return id;
}

async function filterAndSort(page: Page, solved: number): Promise<void> {
  await page.getByLabel('Show', { exact: true }).selectOption('yes');
  await expect.poll(() => page.locator('table.results-table tbody tr').count()).toBe(solved);
  await page.getByRole('button', { name: 'Score', exact: true }).click();
  const scores = await page.locator('td[data-key="score"]').allTextContents();
  const numbers = scores.map(Number);
  expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  await page.getByLabel('Show', { exact: true }).selectOption('');
}

async function openSolvedJob(page: Page): Promise<void> {
  // The judges' concerns on a step (an extension field) are shown under its reaction: the
  // real job, its first step given a concern on the way to the page.
  const concern = 'an aromatic substitution at a ring position less activated than a free one';
  await page.route(/\/jobs\/[0-9a-f]{32}$/, async (request) => {
    const response = await request.fetch();
    const job = (await response.json()) as { routes: { steps: { concerns?: string[] }[] }[] };
    job.routes[0].steps[0].concerns = [concern];
    await request.fulfill({ response, json: job });
  });
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
  expect(await route.locator('.reaction .concerns').allTextContents()).toEqual([
    `Doubtful: ${concern}`,
  ]);
  await expectEvenScale(route.locator('.picture.molecule svg'));

  // The route as one SVG file.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    route.getByRole('button', { name: 'Download SVG' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^[0-9a-f]{32}-route-1\.svg$/);
  const svg = readFileSync((await download.path())!, 'utf8');
  expect(svg).toMatch(/^<\?xml[^]*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^]*<\/svg>\n$/);
  expect(svg.split('<svg x=').length - 1).toBe(await molecules.count());
}

/**
 * Every molecule of the route is shown at one scale: the longest bond segment
 * (a whole C-C bond) has the same length on screen in each picture, whether
 * the molecule is a small reagent or the target.
 */
async function expectEvenScale(pictures: Locator): Promise<void> {
  const lengths = await pictures.evaluateAll((svgs) =>
    svgs.map((svg) => {
      const box = svg.getBoundingClientRect();
      const viewWidth = Number(svg.getAttribute('viewBox')?.split(/\s+/)[2]);
      const segments = [...svg.querySelectorAll('path[class^="bond-"]')].map((p) => {
        const [x1, y1, x2, y2] = (p.getAttribute('d')?.match(/[\d.]+/g) ?? []).map(Number);
        return Math.hypot(x2 - x1, y2 - y1);
      });
      return (Math.max(...segments) * box.width) / viewWidth;
    }),
  );
  expect(lengths.length).toBeGreaterThanOrEqual(2);
  for (const length of lengths) expect(length / lengths[0]).toBeCloseTo(1, 1);
}
