/**
 * `synroute results BATCH` (CSV, JSON or SDF) and `synroute job show ID`.
 * Results come from `GET /batches/{id}/summary` (score, price, steps and the
 * best route); against a server without it, from the spec's `/result`.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRDKit } from '../chem/index.js';
import { Route, routePrice, SummaryItem } from '../contract/index.js';
import { aizynthTarget } from '../formats/aizynth.js';
import { routeSvg } from '../formats/route-picture.js';
import { routeTree } from '../formats/route-text.js';
import { ConnectionFlags, connect, ApiClient, isMissingRoute } from './client.js';
import { csvField } from '../util/csv.js';
import { UserError } from './errors.js';
import { priceText, sdfRecord } from './client-sdf.js';

export type ResultFormat = 'csv' | 'json' | 'sdf' | 'aizynth';

const FORMATS: ResultFormat[] = ['csv', 'json', 'sdf', 'aizynth'];

export interface ResultsOptions extends ConnectionFlags {
  format?: ResultFormat;
  output?: string;
}

export const CSV_COLUMNS: (keyof SummaryItem)[] = [
  'compound_id',
  'smiles',
  'job_id',
  'status',
  'synthesizable',
  'score',
  'certainty',
  'price',
  'steps',
  'routes',
  'best_route',
  'best_route_reactions',
  'error',
];

export async function resultsCommand(batchId: string, opts: ResultsOptions): Promise<void> {
  const format = opts.format ?? formatFromName(opts.output) ?? 'csv';
  if (!FORMATS.includes(format))
    throw new UserError(`--format must be ${FORMATS.join(', ')}, not ${format}`);
  const client = connect(opts);
  const items = await fetchSummary(client, batchId);
  const out = opts.output ? createWriteStream(opts.output) : process.stdout;
  // `synroute results B | head` closes the pipe early: that is not an error.
  if (!opts.output)
    process.stdout.on('error', (e: NodeJS.ErrnoException) => e.code === 'EPIPE' && process.exit(0));
  const write = (s: string) => out.write(s);
  if (format === 'json') write(`${JSON.stringify(items, null, 2)}\n`);
  else if (format === 'aizynth') await writeAizynth(client, items, write);
  else if (format === 'csv') {
    write(`${CSV_COLUMNS.join(',')}\n`);
    for (const item of items) write(`${csvRow(item)}\n`);
  } else for (const item of items) write(await sdfRecord(item));
  if (opts.output) {
    await new Promise<void>((resolve, reject) => out.end(() => resolve()).on('error', reject));
    const solved = items.filter((i) => i.synthesizable).length;
    process.stderr.write(
      `${items.length} result(s), ${solved} synthesizable, written to ${opts.output}\n`,
    );
  }
}

/** Jobs fetched at once for the route exports. */
const FETCH_CONCURRENCY = 8;

/**
 * A JSON array with one record per target (aizynthcli's table columns:
 * target, is_solved, number_of_routes, trees; plus compound and job ids),
 * built from each job's spec routes and written as it goes, in batch order.
 */
async function writeAizynth(
  client: ApiClient,
  items: SummaryItem[],
  write: (s: string) => void,
): Promise<void> {
  write('[');
  for (let i = 0; i < items.length; i += FETCH_CONCURRENCY) {
    const jobs = await Promise.all(
      items
        .slice(i, i + FETCH_CONCURRENCY)
        .map((item) =>
          client.json<JobResource>(
            'GET',
            `/jobs/${encodeURIComponent(item.job_id)}`,
            undefined,
            `job ${item.job_id}`,
          ),
        ),
    );
    jobs.forEach((job, k) => write(`${i + k ? ',' : ''}\n${JSON.stringify(aizynthTarget(job))}`));
  }
  write('\n]\n');
}

function formatFromName(name?: string): ResultFormat | undefined {
  const m = /\.(csv|json|sdf)$/i.exec(name ?? '');
  return m ? (m[1].toLowerCase() as ResultFormat) : undefined;
}

export async function fetchSummary(client: ApiClient, batchId: string): Promise<SummaryItem[]> {
  const path = `/batches/${encodeURIComponent(batchId)}`;
  try {
    return await client.json<SummaryItem[]>(
      'GET',
      `${path}/summary`,
      undefined,
      `batch ${batchId}`,
    );
  } catch (e) {
    if (!isMissingRoute(e)) throw e;
  }
  type Basic = Pick<SummaryItem, 'job_id' | 'smiles' | 'completed' | 'synthesizable'>;
  const basic = await client.json<Basic[]>('GET', `${path}/result`, undefined, `batch ${batchId}`);
  return basic.map((b) => ({
    compound_id: null,
    ...b,
    status: b.completed ? 'completed' : 'pending',
    score: null,
    certainty: null,
    price: null,
    steps: null,
    routes: 0,
    best_route: null,
    best_route_reactions: [],
    error: null,
  }));
}

export function csvRow(item: SummaryItem): string {
  return CSV_COLUMNS.map((c) => csvField(c === 'price' ? priceText(item) : item[c])).join(',');
}

interface JobResource {
  id: string;
  query: string;
  status: string;
  routes: Route[];
  compound_id?: string;
  error?: { code: string; message: string };
}

export async function jobShowCommand(
  id: string,
  opts: ConnectionFlags & { json?: boolean; svg?: string },
): Promise<void> {
  const client = connect(opts);
  const job = await client.json<JobResource>(
    'GET',
    `/jobs/${encodeURIComponent(id)}`,
    undefined,
    `job ${id}`,
  );
  if (opts.svg) await writeRoutePictures(job, opts.svg);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(job, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${describeJob(job)}\n`);
}

/** One SVG file per route, drawn here (RDKit runs in the client), named after the job. */
async function writeRoutePictures(job: JobResource, dir: string): Promise<void> {
  if (!job.routes.length) {
    process.stderr.write(`${job.id} has no route to draw\n`);
    return;
  }
  mkdirSync(dir, { recursive: true });
  await loadRDKit();
  for (const [i, route] of job.routes.entries()) {
    const title = `Route ${i + 1} of ${job.compound_id ?? job.query}`;
    writeFileSync(join(dir, `${job.id}-route-${i + 1}.svg`), await routeSvg(route, title));
  }
  process.stderr.write(`${job.routes.length} route picture(s) written to ${dir}\n`);
}

export function describeJob(job: JobResource): string {
  const head = `${job.id}  ${job.query}  ${job.status}`;
  if (job.error) return `${head}\n  failed: ${job.error.message} (${job.error.code})`;
  if (job.status !== 'completed') return `${head}\n  not finished yet`;
  if (!job.routes.length) return `${head}\n  no route found`;
  const lines = [`${head}: ${job.routes.length} route(s)`];
  job.routes.forEach((route, i) => {
    const price = routePrice(route);
    lines.push(
      '',
      `Route ${i + 1}: ${route.steps.length} step(s), ${route.buildingBlocks.length} building block(s), price ${price ?? 'unknown'}`,
    );
    lines.push(...routeTree(route));
  });
  return lines.join('\n');
}
