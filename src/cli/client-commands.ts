/** The client commands (against a running server): login, batch, job, results. */
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  cancelCommand,
  listCommand,
  loginCommand,
  statusCommand,
  submitCommand,
} from './client-batch.js';
import { CHEMISTRY_CHECK_LIMIT } from './client-input.js';
import { jobShowCommand, resultsCommand } from './client-results.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function priority(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10)
    throw new InvalidArgumentError('must be an integer 1-10');
  return n;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

const SUBMIT_HELP = `
Compound ids (kept with each target and written in every export):
  .smi   the text after the SMILES on its line ("CCO ethanol-12")
  .csv   the column named by --id-column, else the left-most column named id, identifier,
         compound_id, catalog_id, catalogue_id, mol_id, molecule_id or name
  .sdf   the data item named by --id-column, else the record's title line
The SMILES column of a CSV is the left-most one named smiles, canonical_smiles, smi or
structure; a CSV without one is refused.

Lines that cannot be planned (not a SMILES, or not a molecule RDKit can read) are listed
with their line numbers and left out; the rest is submitted. --strict refuses the file instead.
Files of up to ${CHEMISTRY_CHECK_LIMIT.toLocaleString('en-US')} targets are checked with RDKit before submission; larger ones as text.`;

/** --url and --token on a client command (the environment and `synroute login` fill them otherwise). */
function withServer(cmd: Command): Command {
  return cmd
    .option(
      '--url <url>',
      'server (default $SYNROUTE_URL, the saved login, or http://127.0.0.1:8080)',
    )
    .option('--token <token>', 'API token (default $SYNROUTE_TOKEN or the saved login)');
}

const formatOption = () =>
  new Option(
    '--format <format>',
    "csv | json | sdf | aizynth (AiZynthFinder's reaction trees) (default: from --output, else csv)",
  ).choices(['csv', 'json', 'sdf', 'aizynth']);

export function addClientCommands(program: Command): void {
  withServer(
    program
      .command('login')
      .description('check a token against a server and save both for the client commands')
      .addHelpText(
        'after',
        '\nSaved in ~/.config/synroute/config.json (or $SYNROUTE_CONFIG), readable by you only.',
      ),
  ).action(loginCommand);

  const batch = program.command('batch').description('screening batches on a server');
  withServer(
    batch
      .command('submit <file>')
      .description(
        'submit targets: one SMILES per line, CSV with a smiles column, or SDF (.gz accepted)',
      )
      .option(
        '--id-column <name>',
        'CSV column (or SDF data item) with your compound ids (default: see below)',
      )
      .option('--strict', 'refuse the whole file if any line cannot be planned')
      .option('--name <name>', 'batch name (default: the file name)')
      .option('--library <id>', 'building-block library (repeatable; default: default)', collect)
      .option('--engine <id>', "retrosynthesis engine (default: the server's default)")
      .option('--time <seconds>', 'planning time limit per target', positiveInt)
      .option('--routes <n>', 'routes wanted per target', positiveInt)
      .option(
        '--exclude-target',
        'plan targets that are building blocks themselves (servers with this extension)',
      )
      .option(
        '--priority <n>',
        'batch priority 1-10, 10 highest (servers with batch priorities)',
        priority,
      )
      .option('--wait', 'follow the batch to the end with a progress bar, rate and ETA')
      .addHelpText('after', SUBMIT_HELP),
  ).action(submitCommand);
  withServer(
    batch
      .command('status <batch>')
      .description('status and progress of a batch')
      .option('--json', 'print JSON'),
  ).action(statusCommand);
  withServer(
    batch
      .command('list')
      .description('your batches, newest first, with progress')
      .option('--limit <n>', 'batches to show', positiveInt, 20)
      .option('--json', 'print JSON'),
  ).action(listCommand);
  withServer(
    batch.command('cancel <batch>').description('stop a batch: queued jobs will not run'),
  ).action(cancelCommand);
  withServer(
    batch
      .command('results <batch>')
      .description('results of a batch (same as `synroute results`)')
      .addOption(formatOption())
      .option('--output <file>', 'write to a file instead of stdout'),
  ).action(resultsCommand);

  withServer(
    program
      .command('results <batch>')
      .description(
        'export a batch: SMILES, job id, synthesizable, score, steps, price and the best route',
      )
      .addOption(formatOption())
      .option('--output <file>', 'write to a file instead of stdout'),
  ).action(resultsCommand);

  const job = program.command('job').description('single jobs on a server');
  withServer(
    job
      .command('show <job>')
      .description("a job's routes as text trees, with building blocks and prices")
      .option('--json', 'print JSON')
      .option('--svg <dir>', 'also save each route as a picture, DIR/<job>-route-<n>.svg'),
  ).action(jobShowCommand);
}
