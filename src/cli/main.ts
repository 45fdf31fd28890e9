#!/usr/bin/env node
/** The `synroute` command line. */
import { Command, InvalidArgumentError } from 'commander';
import { applyTemplatesCommand } from './apply-templates.js';
import { deriveDefaultCommand, importLibraryCommand, listLibrariesCommand } from './libraries.js';
import { UserError } from './errors.js';
import {
  createTokenCommand,
  listTokensCommand,
  revokeTokenCommand,
  serveCommand,
} from './serve.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be an integer >= 0');
  return n;
}

const program = new Command();
program
  .name('synroute')
  .description('SynRoute: template-based retrosynthesis planning as a service and a command line')
  .showHelpAfterError();

program
  .command('apply-templates')
  .description(
    'apply every retro template to every molecule; one JSON line per molecule and template with outcomes',
  )
  .requiredOption('--templates <file>', 'retro templates (product>>reactants), one per line')
  .requiredOption('--input <file>', 'molecules, one SMILES per line (.smi: first column)')
  .requiredOption('--output <file>', 'JSON lines output')
  .option('--threads <n>', 'worker threads', positiveInt, 1)
  .action(applyTemplatesCommand);

const libraries = program.command('libraries').description('building-block libraries');
libraries
  .command('import <file>')
  .description(
    'import building blocks (.smi, .csv with a smiles column, .sdf, or an InChIKey list; .gz accepted)',
  )
  .requiredOption('--id <id>', 'library id (letters, digits, _)')
  .option('--name <name>', 'display name')
  .option('--provider <provider>', 'dataset provider reported with building blocks')
  .option('--format <format>', 'smi | csv | sdf | inchikey (default: from the file)')
  .option('--inchikeys', 'also compute standard InChIKeys (slower; enables InChIKey matching)')
  .option('--threads <n>', 'worker threads', positiveInt)
  .option('--data-dir <dir>', 'data directory (default $SYNROUTE_DATA_DIR or ./.synroute)')
  .action(importLibraryCommand);
libraries
  .command('list')
  .description('list installed libraries')
  .option('--json', 'print JSON')
  .option('--data-dir <dir>', 'data directory (default $SYNROUTE_DATA_DIR or ./.synroute)')
  .action(listLibrariesCommand);
libraries
  .command('derive-default')
  .description(
    'derive the bundled default library from USPTO-50k (regenerates data/stock/default.smi.gz)',
  )
  .requiredOption('--uspto50k <csv.gz>', 'USPTO_50k_MHN_prepro.csv.gz')
  .requiredOption('--output <file>', 'output .smi.gz')
  .action(deriveDefaultCommand);

program
  .command('serve')
  .description('start the service: Retro v2 API, queue and planning worker threads, in one process')
  .option('--host <host>', 'address to listen on (default $HOST or 127.0.0.1)')
  .option('--port <port>', 'port to listen on (default $PORT or 8080)', nonNegativeInt)
  .option('--data-dir <dir>', 'data directory (default $SYNROUTE_DATA_DIR or ./.synroute)')
  .action(serveCommand);

const tokens = program.command('tokens').description('API tokens (bearer tokens for the service)');
tokens
  .command('create')
  .description('create a token and print it once (only its hash is stored)')
  .requiredOption('--name <name>', 'token name')
  .option('--owner <owner>', 'owner the token acts for (default: the name)')
  .option('--data-dir <dir>', 'data directory (default $SYNROUTE_DATA_DIR or ./.synroute)')
  .action(createTokenCommand);
tokens
  .command('list')
  .description('list tokens (never the secrets)')
  .option('--json', 'print JSON')
  .option('--data-dir <dir>', 'data directory (default $SYNROUTE_DATA_DIR or ./.synroute)')
  .action(listTokensCommand);
tokens
  .command('revoke <id>')
  .description('revoke a token')
  .option('--data-dir <dir>', 'data directory (default $SYNROUTE_DATA_DIR or ./.synroute)')
  .action(revokeTokenCommand);

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof UserError) {
    process.stderr.write(`synroute: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`synroute: internal error: ${(e as Error).message}\n`);
  process.exit(1);
});
