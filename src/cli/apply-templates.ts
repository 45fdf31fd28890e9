/** `synroute apply-templates`: every template on every molecule, as JSON lines. */
import { createWriteStream } from 'node:fs';
import { workerPool } from '../util/worker-pool.js';
import { siblingWorker } from '../util/paths.js';
import { loadRDKit } from '../chem/index.js';
import { readLines } from '../util/files.js';
import {
  applyToMolecules,
  ApplyResult,
  NumberedLine,
  parseTemplateLines,
} from './apply-templates-core.js';
import { UserError } from './errors.js';

export interface ApplyTemplatesOptions {
  templates: string;
  input: string;
  output: string;
  threads: number;
}

export async function applyTemplatesCommand(opts: ApplyTemplatesOptions): Promise<void> {
  const templateLines = readInput(opts.templates, 'templates');
  const molecules: NumberedLine[] = readInput(opts.input, 'input')
    .map((text, i) => ({ line: i + 1, text }))
    .filter((m) => m.text.trim() !== '');
  await loadRDKit();
  const { templates, errors } = parseTemplateLines(templateLines);
  for (const e of errors) process.stderr.write(`${e}\n`);
  const usable = templates.filter(Boolean).length;
  process.stderr.write(`${usable} templates, ${molecules.length} molecules\n`);

  const out = createWriteStream(opts.output);
  const results =
    opts.threads > 1
      ? await runInWorkers(templateLines, molecules, opts.threads)
      : [applyToMolecules(templates, molecules)];
  let written = 0;
  for (const r of results) {
    for (const e of r.errors) process.stderr.write(`${e}\n`);
    for (const l of r.lines) out.write(`${l}\n`);
    written += r.lines.length;
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  process.stderr.write(`${written} lines written to ${opts.output}\n`);
}

function readInput(path: string, what: string): string[] {
  try {
    return readLines(path);
  } catch (e) {
    throw new UserError(
      `cannot read ${what} file ${path}: ${(e as NodeJS.ErrnoException).code ?? e}`,
    );
  }
}

/** Splits molecules into chunks handed to worker threads; results come back in input order. */
async function runInWorkers(
  templates: string[],
  molecules: NumberedLine[],
  threads: number,
): Promise<ApplyResult[]> {
  const pool = workerPool(siblingWorker(import.meta.url, 'apply-templates-worker.js'), {
    maxThreads: threads,
    minThreads: threads,
  });
  const chunk = Math.max(1, Math.ceil(molecules.length / (threads * 8)));
  const tasks: Promise<ApplyResult>[] = [];
  for (let i = 0; i < molecules.length; i += chunk) {
    tasks.push(pool.run({ templates, molecules: molecules.slice(i, i + chunk) }));
  }
  try {
    return await Promise.all(tasks);
  } finally {
    await pool.destroy();
  }
}
