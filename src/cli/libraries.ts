/** `synroute libraries ...`: import, list and derive building-block libraries. */
import { SingleBar } from 'cli-progress';
import { existsSync } from 'node:fs';
import { LibraryRegistry } from '../stock/registry.js';
import { deriveDefaultStock } from '../stock/derive-default.js';
import { LibraryFormat } from '../stock/readers.js';
import { LibraryUpgradeError } from '../stock/upgrade.js';
import { UserError } from './errors.js';

export function dataDir(option?: string): string {
  return option ?? process.env.SYNROUTE_DATA_DIR ?? './.synroute';
}

export interface ImportCommandOptions {
  id: string;
  name?: string;
  provider?: string;
  format?: LibraryFormat;
  inchikeys?: boolean;
  threads?: number;
  dataDir?: string;
}

export async function importLibraryCommand(
  file: string,
  opts: ImportCommandOptions,
): Promise<void> {
  if (!existsSync(file)) throw new UserError(`no such file: ${file}`);
  if (!/^\w+$/.test(opts.id))
    throw new UserError(`library id must contain only letters, digits and _: ${opts.id}`);
  const registry = new LibraryRegistry(dataDir(opts.dataDir));
  const bar = new SingleBar({
    format: 'importing [{bar}] {percentage}% {value}/{total} molecules | ETA {eta_formatted}',
  });
  let started = false;
  const report = await registry.import(file, {
    id: opts.id,
    name: opts.name,
    provider: opts.provider,
    format: opts.format,
    inchiKeys: opts.inchikeys,
    threads: opts.threads,
    onProgress: (done, total) => {
      if (!process.stderr.isTTY) return;
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
  });
  if (started) bar.stop();
  process.stdout.write(
    `library ${report.id}: ${report.size} building blocks from ${report.rows} rows ` +
      `(${report.invalid} invalid, ${report.duplicates} duplicates) in ${report.seconds} s` +
      `${report.trustedCanonicalInput ? ' (input was already canonical)' : ''}\n`,
  );
  for (const e of report.invalidExamples) process.stderr.write(`  invalid ${e}\n`);
}

export async function listLibrariesCommand(opts: {
  dataDir?: string;
  json?: boolean;
}): Promise<void> {
  const registry = new LibraryRegistry(dataDir(opts.dataDir));
  await registry.ensureBundled();
  const libs = registry.list();
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(libs, null, 2)}\n`);
    return;
  }
  const unkeyed = new Set(registry.upgradable());
  for (const l of libs)
    process.stdout.write(
      `${l.id.padEnd(20)} ${String(l.size).padStart(9)}  ${l.provider.padEnd(12)} ${l.name}` +
        `${unkeyed.has(l.id) ? '  (exact matches only: run `synroute libraries upgrade`)' : ''}\n`,
    );
}

/**
 * Adds parent compounds and tautomer keys to libraries imported before them
 * (the named ones, or every installed library lacking them).
 */
export async function upgradeLibrariesCommand(
  ids: string[],
  opts: { threads?: number; dataDir?: string },
): Promise<void> {
  const registry = new LibraryRegistry(dataDir(opts.dataDir));
  for (const id of ids) if (!registry.get(id)) throw new UserError(`no library ${id}`);
  const targets = ids.length ? ids : registry.upgradable();
  if (!targets.length) process.stdout.write('no library needs an upgrade\n');
  for (const id of targets) {
    const report = await registry.upgrade(id, opts.threads).catch((e: unknown) => {
      throw e instanceof LibraryUpgradeError ? new UserError(e.message) : e;
    });
    process.stdout.write(
      report
        ? `library ${id}: ${report.size} building blocks keyed by parent compound and tautomer in ${report.seconds} s\n`
        : `library ${id}: already has parent compounds and tautomer keys\n`,
    );
  }
}

export async function deriveDefaultCommand(opts: {
  uspto50k: string;
  output: string;
}): Promise<void> {
  if (!existsSync(opts.uspto50k)) throw new UserError(`no such file: ${opts.uspto50k}`);
  const { molecules } = await deriveDefaultStock(opts.uspto50k, opts.output);
  process.stdout.write(`${molecules} building blocks written to ${opts.output}\n`);
}
