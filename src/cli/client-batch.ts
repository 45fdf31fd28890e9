/** `synroute batch submit|status|list|cancel` and `synroute login`. */
import { basename } from 'node:path';
import {
  ApiClient,
  ConnectionFlags,
  connect,
  configPath,
  DEFAULT_URL,
  HttpError,
  isMissingRoute,
  readConfig,
  writeConfig,
} from './client.js';
import {
  CHEMISTRY_CHECK_LIMIT,
  describeProblems,
  InputProblem,
  readTargets,
  Target,
} from './client-input.js';
import { waitForBatch } from './client-wait.js';
import { MAX_DETAILS } from '../contract/index.js';
import { UserError } from './errors.js';

export interface SubmitOptions extends ConnectionFlags {
  name?: string;
  library?: string[];
  engine?: string;
  time?: number;
  routes?: number;
  priority?: number;
  wait?: boolean;
  json?: boolean;
  excludeTarget?: boolean;
  strict?: boolean;
  idColumn?: string;
}

interface Batch {
  id: string;
  name: string | null;
  number_of_jobs: number;
  created: string;
  /** SynRoute's lifecycle fields (absent on other Retro v2 servers). */
  status?: string;
  jobs_count_per_status?: Record<'completed' | 'failed' | 'canceled', number>;
}

interface Status {
  status: string;
  number_of_jobs: number;
  completed_jobs: number;
}

interface ValidationBody {
  error?: { details?: { location?: (string | number)[]; error_type?: string; message?: string }[] };
}

export async function loginCommand(opts: ConnectionFlags): Promise<void> {
  const saved = readConfig();
  const token = opts.token || process.env.SYNROUTE_TOKEN;
  if (!token) throw new UserError('give --token TOKEN (from `synroute tokens create --name NAME`)');
  const client = new ApiClient((opts.url ?? saved.url ?? DEFAULT_URL).replace(/\/+$/, ''), token);
  const engines = await client.json<{ data: { id: string }[] }>(
    'GET',
    '/engines',
    undefined,
    'sign in',
  );
  writeConfig({ url: client.url, token });
  process.stderr.write(
    `signed in to ${client.url} (${engines.data.length} engine(s)); saved in ${configPath()}\n`,
  );
}

export async function submitCommand(file: string, opts: SubmitOptions): Promise<void> {
  const client = connect(opts);
  const input = await readTargets(file, { idColumn: opts.idColumn });
  reportProblems(file, input.problems, input.targets.length, opts.strict);
  if (!input.chemistryChecked)
    process.stderr.write(
      `${file}: more than ${CHEMISTRY_CHECK_LIMIT.toLocaleString('en-US')} targets: checked as text only; molecules RDKit cannot read fail as jobs with the reason\n`,
    );
  const parameters = await batchParameters(client, opts);
  const body: Record<string, unknown> = {
    parameters,
    name: opts.name ?? basename(file),
    filename: basename(file),
  };
  if (opts.priority !== undefined) body.priority = opts.priority;
  const { batch, rejected } = await createBatch(client, body, input.targets, opts);
  reportProblems(file, rejected, input.targets.length - rejected.length, false);
  const ids = input.targets.filter((t) => t.id !== undefined).length;
  const notes = [
    input.duplicates ? `${input.duplicates} duplicate(s) dropped` : '',
    ids ? `${ids} with compound ids` : '',
  ].filter(Boolean);
  process.stderr.write(
    `batch ${batch.id}: ${batch.number_of_jobs} job(s)${notes.length ? ` (${notes.join(', ')})` : ''}\n`,
  );
  if (!opts.wait) {
    process.stdout.write(`${batch.id}\n`);
    return;
  }
  const done = await waitForBatch(client, batch.id, true);
  process.stderr.write(
    `batch ${batch.id} ${done.status}: ${done.done}/${done.total} jobs finished\n`,
  );
  process.stdout.write(`${batch.id}\n`);
}

/** Parameters with the server's default engine when none is given. */
async function batchParameters(
  client: ApiClient,
  opts: SubmitOptions,
): Promise<Record<string, unknown>> {
  let engine = opts.engine;
  if (!engine) {
    const engines = await client.json<{ data: { id: string; default?: boolean }[] }>(
      'GET',
      '/engines',
      undefined,
      'engines',
    );
    engine = (engines.data.find((e) => e.default) ?? engines.data[0])?.id;
    if (!engine) throw new UserError('the server offers no engine');
  }
  return {
    retrosynthesis_engine: engine,
    building_block_libraries: opts.library?.length ? opts.library : ['default'],
    ...(opts.routes !== undefined ? { number_of_routes: opts.routes } : {}),
    ...(opts.time !== undefined ? { processing_time: opts.time } : {}),
    ...(opts.excludeTarget ? { exclude_target_from_stock: true } : {}),
  };
}

/** Reports lines that will not be submitted; with --strict they stop the submission. */
function reportProblems(
  file: string,
  problems: InputProblem[],
  remaining: number,
  strict = false,
): void {
  if (!problems.length) return;
  const what = `${problems.length} line(s) cannot be planned`;
  process.stderr.write(`${file}: ${what}:\n${describeProblems(file, problems)}`);
  if (strict) throw new UserError(`${file}: ${what}; nothing submitted (--strict)`);
  if (!remaining) throw new UserError(`${file}: no target left to submit`);
  process.stderr.write(
    `${file}: submitting the other ${remaining} target(s) (--strict refuses the whole file instead)\n`,
  );
}

/**
 * Creates the batch. SMILES the server refuses (a lower length limit, say) are
 * taken out and reported as lines, and the rest is sent again, unless --strict.
 */
async function createBatch(
  client: ApiClient,
  body: Record<string, unknown>,
  targets: Target[],
  opts: SubmitOptions,
): Promise<{ batch: Batch; rejected: InputProblem[] }> {
  const send = (list: Target[]) =>
    client.json<Batch>(
      'POST',
      '/batches',
      {
        ...body,
        smiles: list.map((t) => t.smiles),
        ...(list.some((t) => t.id !== undefined)
          ? { compound_ids: list.map((t) => t.id ?? null) }
          : {}),
      },
      'batch',
    );
  try {
    return { batch: await send(targets), rejected: [] };
  } catch (e) {
    if (!(e instanceof HttpError) || e.status !== 422) throw e;
    const details = (e.body as ValidationBody | null)?.error?.details ?? [];
    if (opts.priority !== undefined && details.some((d) => d.location?.includes('priority')))
      throw new UserError('this server does not support --priority');
    const refused = new Map<number, string>();
    for (const d of details)
      if (d.location?.[1] === 'smiles' && typeof d.location[2] === 'number')
        refused.set(d.location[2], d.message ?? d.error_type ?? 'refused by the server');
    // Past the server's list of details there may be more: then the user has to look.
    if (!refused.size || refused.size >= MAX_DETAILS || opts.strict) throw e;
    const rejected = [...refused].map(([i, reason]) => ({
      line: targets[i].line,
      text: targets[i].smiles,
      id: targets[i].id,
      reason,
    }));
    return { batch: await send(targets.filter((_, i) => !refused.has(i))), rejected };
  }
}

export async function statusCommand(
  id: string,
  opts: ConnectionFlags & { json?: boolean },
): Promise<void> {
  const client = connect(opts);
  const status = await client.json<Status>(
    'GET',
    `/batches/${encodeURIComponent(id)}/status`,
    undefined,
    `batch ${id}`,
  );
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(status)}\n`);
    return;
  }
  const pct = status.number_of_jobs
    ? Math.floor((100 * status.completed_jobs) / status.number_of_jobs)
    : 100;
  process.stdout.write(
    `${id}  ${status.status}  ${status.completed_jobs}/${status.number_of_jobs} jobs (${pct}%)\n`,
  );
}

export async function listCommand(
  opts: ConnectionFlags & { json?: boolean; limit: number },
): Promise<void> {
  const client = connect(opts);
  const batches: Batch[] = [];
  let after: string | undefined;
  for (;;) {
    const q = `size=100${after ? `&created-after=${after}` : ''}`;
    const page = await client.json<{ data: Batch[]; has_more: boolean }>(
      'GET',
      `/batches?${q}`,
      undefined,
      'batches',
    );
    batches.push(...page.data);
    if (!page.has_more || !page.data.length) break;
    after = page.data[page.data.length - 1].id;
  }
  const latest = batches.slice(-opts.limit).reverse();
  const rows = await Promise.all(latest.map((b) => withProgress(client, b)));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (!rows.length) process.stderr.write('no batches yet: synroute batch submit FILE\n');
  for (const b of rows) {
    const { state, ran, canceled } = b.progress;
    const counts = `${ran}/${b.number_of_jobs}`;
    process.stdout.write(
      `${b.id}  ${b.created.slice(0, 19).replace('T', ' ')}  ${state.padEnd(10)} ${counts.padStart(13)}${canceled ? ` (${canceled} canceled)` : ''}  ${b.name ?? ''}\n`,
    );
  }
}

/**
 * A listed batch's state and how many of its jobs ran. The lifecycle fields of
 * the listed resource say `canceled` where the Retro v2 `/status` says
 * `completed` (its jobs are done); servers without them are asked `/status`.
 */
async function withProgress(client: ApiClient, b: Batch) {
  const counts = b.jobs_count_per_status;
  if (counts && b.status)
    return {
      ...b,
      progress: {
        state: b.status,
        ran: counts.completed + counts.failed,
        canceled: counts.canceled,
      },
    };
  const status = await client.json<Status>(
    'GET',
    `/batches/${b.id}/status`,
    undefined,
    `batch ${b.id}`,
  );
  return { ...b, progress: { state: status.status, ran: status.completed_jobs, canceled: 0 } };
}

/** PATCH …/cancel keeps finished results; servers without it only offer DELETE (which removes the batch). */
export async function cancelCommand(id: string, opts: ConnectionFlags): Promise<void> {
  const client = connect(opts);
  const path = `/batches/${encodeURIComponent(id)}`;
  try {
    await client.json('PATCH', `${path}/cancel`, undefined, `batch ${id}`);
    process.stderr.write(
      `batch ${id} canceled: queued jobs will not run; finished results are kept\n`,
    );
    return;
  } catch (e) {
    if (!isMissingRoute(e)) throw e;
  }
  await client.json('DELETE', path, undefined, `batch ${id}`);
  process.stderr.write(
    `batch ${id} deleted: this server cancels by deleting the batch and its results\n`,
  );
}
