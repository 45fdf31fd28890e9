/** `synroute templates extract`: a template library from atom-mapped reactions. */
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Piscina } from 'piscina';
import { loadRDKit } from '../chem/index.js';
import { DEFAULT_MAX_CHANGED_ATOMS, GENERAL, SPECIFIC } from '../templates/extract.js';
import { extractBatch, heldOutKey } from '../templates/extract-batch.js';
import { TemplateLibrary } from '../templates/library.js';
import { buildLibrary, emptyTally, mergeTally, Tally } from '../templates/library-builder.js';
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
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'extracting [{bar}] {percentage}% | {value}/{total} reactions | {eta_formatted} left',
  });
  bar.start(total, 0);
  const run = opts.threads > 1 ? pooledRunner(opts.threads, heldOut) : localRunner(heldOut);
  const sources: { file: string; tally: Tally }[] = [];
  try {
    for (const { file, records } of inputs) {
      const tally = emptyTally();
      const chunks: Promise<void>[] = [];
      for (let i = 0; i < records.length; i += CHUNK) {
        const chunk = records.slice(i, i + CHUNK);
        chunks.push(
          run.extract(chunk).then((t) => {
            mergeTally(tally, t);
            bar.increment(chunk.length);
          }),
        );
      }
      await Promise.all(chunks);
      sources.push({ file: basename(file), tally });
    }
  } finally {
    bar.stop();
    await run.close();
  }
  const library = new TemplateLibrary(
    buildLibrary(sources, {
      name:
        opts.name ?? basename(opts.output).replace(/\.templates\.json(\.gz)?$|\.json(\.gz)?$/, ''),
      minCount: opts.minCount,
      settings: {
        specific: SPECIFIC,
        general: GENERAL,
        maxChangedAtoms: DEFAULT_MAX_CHANGED_ATOMS,
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
  } catch (e) {
    throw new UserError(`cannot write ${opts.output}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  process.stderr.write(summary(library, sources, opts.output));
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
  extract(records: string[]): Promise<Tally>;
  close(): Promise<void>;
}

function localRunner(heldOut: Set<string>): Runner {
  return {
    // Yield between chunks so the progress bar can redraw.
    extract: (records) =>
      new Promise((resolve) => setImmediate(() => resolve(extractBatch(records, heldOut)))),
    close: async () => {},
  };
}

function pooledRunner(threads: number, heldOut: Set<string>): Runner {
  const pool = new Piscina({
    filename: new URL('./templates-worker.js', import.meta.url).href,
    maxThreads: threads,
    minThreads: threads,
    workerData: { heldOut: [...heldOut] },
  });
  return {
    extract: (records) => pool.run({ records }),
    close: () => pool.destroy(),
  };
}

function summary(
  library: TemplateLibrary,
  sources: { file: string; tally: Tally }[],
  output: string,
): string {
  const lines: string[] = [];
  const failures = new Map<string, number>();
  for (const { file, tally } of sources) {
    lines.push(
      `${file}: ${tally.reactions} reactions, ${tally.extracted} extracted` +
        (tally.excluded ? `, ${tally.excluded} held out` : '') +
        `, ${tally.reactions - tally.extracted - tally.excluded} failed`,
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
  return `${lines.join('\n')}\n`;
}
