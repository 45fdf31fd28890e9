/** `synroute templates extract`: a template library from atom-mapped reactions. */
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { workerPool } from '../util/worker-pool.js';
import { loadRDKit } from '../chem/index.js';
import { DEFAULT_MAX_CHANGED_ATOMS, GENERAL, SPECIFIC } from '../templates/extract.js';
import { CorpusBuilder, ExtractedBatch, extractReactions } from '../templates/corpus.js';
import { readReferenceTable, readTemplateSet, writeLabels } from '../templates/corpus-files.js';
import { heldOutKey } from '../templates/held-out.js';
import { TemplateLibrary } from '../templates/library.js';
import { buildLibrary } from '../templates/library-builder.js';
import { InputError, readProductFile, readReactionFile } from '../templates/reaction-input.js';
import { UserError } from './errors.js';

export interface ExtractCommandOptions {
  input: string[];
  output: string;
  minCount: number;
  column?: string;
  name?: string;
  threads: number;
  excludeProducts?: string[];
  excludeSplit?: string;
  referenceTemplates?: string[];
  referenceSplit: string;
  templateSet?: string[];
  labels?: string;
}

/** Records per unit of work (small enough for a smooth progress bar). */
const CHUNK = 200;

export async function extractTemplatesCommand(opts: ExtractCommandOptions): Promise<void> {
  const inputs = opts.input.map((file) => ({ file, records: readRecords(file, opts.column) }));
  await loadRDKit();
  const heldOut = readHeldOut(opts.excludeProducts ?? [], opts.excludeSplit);
  const total = inputs.reduce((n, i) => n + i.records.length, 0);
  process.stderr.write(
    `${total} reactions from ${inputs.length} file(s)${heldOut.size ? `, ${heldOut.size} held-out products` : ''}\n`,
  );
  const corpus = new CorpusBuilder();
  await extractMapped(corpus, inputs, heldOut, opts.threads);
  for (const file of opts.referenceTemplates ?? []) {
    corpus.begin(basename(file), 'reference-templates');
    for (const r of readReferenceTable(file, opts.referenceSplit))
      corpus.addWithReferenceTemplate(r.product, r.reactants, r.template, heldOut);
  }
  for (const file of opts.templateSet ?? []) {
    corpus.begin(basename(file), 'template-set');
    for (const t of readTemplateSet(file)) corpus.addTemplate(t.smarts, t.count);
  }
  const library = new TemplateLibrary(
    buildLibrary(corpus.sources, {
      name:
        opts.name ?? basename(opts.output).replace(/\.templates\.json(\.gz)?$|\.json(\.gz)?$/, ''),
      minCount: opts.minCount,
      settings: {
        specific: SPECIFIC,
        general: GENERAL,
        maxChangedAtoms: DEFAULT_MAX_CHANGED_ATOMS,
        deduplicated: 'by canonical product and reactant set',
        heldOut: heldOut.size
          ? {
              files: (opts.excludeProducts ?? []).map((f) => basename(f)),
              split: opts.excludeSplit ?? null,
              products: heldOut.size,
            }
          : null,
      },
    }),
  );
  try {
    library.save(opts.output);
    if (opts.labels) writeLabels(opts.labels, corpus);
  } catch (e) {
    throw new UserError(`cannot write output: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  process.stderr.write(summary(library, corpus, opts.output));
}

/** Extracts the mapped inputs on worker threads (or this one), one corpus source per file. */
async function extractMapped(
  corpus: CorpusBuilder,
  inputs: { file: string; records: string[] }[],
  heldOut: Set<string>,
  threads: number,
): Promise<void> {
  const total = inputs.reduce((n, i) => n + i.records.length, 0);
  if (!total) return;
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'extracting [{bar}] {percentage}% | {value}/{total} reactions | {eta_formatted} left',
  });
  bar.start(total, 0);
  const run = threads > 1 ? pooledRunner(threads, heldOut) : localRunner(heldOut);
  try {
    for (const { file, records } of inputs) {
      corpus.begin(basename(file), 'mapped');
      const batches: Promise<ExtractedBatch>[] = [];
      for (let i = 0; i < records.length; i += CHUNK) {
        const chunk = records.slice(i, i + CHUNK);
        batches.push(run.extract(chunk).finally(() => bar.increment(chunk.length)));
      }
      // In input order, so which duplicate counts first does not depend on thread timing.
      for (const batch of await Promise.all(batches)) corpus.addExtracted(batch);
    }
  } finally {
    bar.stop();
    await run.close();
  }
}

function readRecords(file: string, column?: string): string[] {
  try {
    return readReactionFile(file, { column }).records.map((r) => r.text);
  } catch (e) {
    if (e instanceof InputError) throw new UserError(e.message);
    throw e;
  }
}

function readHeldOut(files: string[], split?: string): Set<string> {
  const keys = new Set<string>();
  for (const file of files) {
    let products: string[];
    try {
      products = readProductFile(file, { split });
    } catch (e) {
      if (e instanceof InputError) throw new UserError(e.message);
      throw e;
    }
    for (const p of products) {
      const key = heldOutKey(p);
      if (key) keys.add(key);
    }
  }
  return keys;
}

interface Runner {
  extract(records: string[]): Promise<ExtractedBatch>;
  close(): Promise<void>;
}

function localRunner(heldOut: Set<string>): Runner {
  return {
    // Yield between chunks so the progress bar can redraw.
    extract: (records) =>
      new Promise((resolve) => setImmediate(() => resolve(extractReactions(records, heldOut)))),
    close: async () => {},
  };
}

function pooledRunner(threads: number, heldOut: Set<string>): Runner {
  const pool = workerPool(new URL('./templates-worker.js', import.meta.url).href, {
    maxThreads: threads,
    minThreads: threads,
    workerData: { heldOut: [...heldOut] },
  });
  return {
    extract: (records) => pool.run({ records }),
    close: () => pool.destroy(),
  };
}

function summary(library: TemplateLibrary, corpus: CorpusBuilder, output: string): string {
  const lines: string[] = [];
  const failures = new Map<string, number>();
  for (const { file, tally, duplicates, kind, templatesAdded } of corpus.sources) {
    if (kind === 'template-set') {
      lines.push(`${file}: ${templatesAdded ?? 0} templates new to the corpus`);
      continue;
    }
    const failed = tally.reactions - tally.extracted - tally.excluded - duplicates;
    lines.push(
      `${file}: ${tally.reactions} reactions, ${tally.extracted} extracted` +
        (duplicates ? `, ${duplicates} duplicate${duplicates === 1 ? '' : 's'}` : '') +
        (tally.excluded ? `, ${tally.excluded} held out` : '') +
        `, ${failed} failed`,
    );
    for (const [reason, n] of tally.failures) failures.set(reason, (failures.get(reason) ?? 0) + n);
  }
  if (failures.size) {
    lines.push('failures by reason:');
    for (const [reason, n] of [...failures].sort((a, b) => b[1] - a[1]))
      lines.push(`  ${reason}: ${n}`);
  }
  const specific = library.entries('specific').length;
  lines.push(
    `${library.size} templates (${specific} specific, ${library.size - specific} general) written to ${output}`,
  );
  if (corpus.labels.length) lines.push(`${corpus.labels.length} distinct reactions labelled`);
  return `${lines.join('\n')}\n`;
}
