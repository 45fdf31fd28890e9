#!/usr/bin/env node
/** The `synroute` command line. */
import { Command, InvalidArgumentError } from 'commander';
import { applyTemplatesCommand } from './apply-templates.js';
import { addClientCommands } from './client-commands.js';
import { extractTemplatesCommand } from './templates.js';
import {
  deriveDefaultCommand,
  importLibraryCommand,
  listLibrariesCommand,
  upgradeLibrariesCommand,
} from './libraries.js';
import { DEFAULTS } from '../contract/index.js';
import { DEFAULT_TRAINING } from '../policy/train.js';
import { DEFAULT_FILTER_TRAINING } from '../engine/filter-training.js';
import { DEFAULT_VALUE_TRAINING } from '../engine/value-training.js';
import {
  oneStepCommand,
  trainFilterCommand,
  trainPrecedentsCommand,
  trainPolicyCommand,
  trainValueCommand,
  type NetworkFitOptions,
} from './policy.js';
import { DEFAULT_PLAN_ENGINE, planCommand } from './plan.js';
import { UserError } from './errors.js';
import {
  createTokenCommand,
  listTokensCommand,
  revokeTokenCommand,
  serveCommand,
} from './serve.js';
import { workerCommand } from './worker.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('must be a positive number');
  return n;
}

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!(n >= 0) || !Number.isFinite(n)) throw new InvalidArgumentError('must be a number >= 0');
  return n;
}

function fraction(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n < 1)) throw new InvalidArgumentError('must be a number from 0 to below 1');
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

const templates = program.command('templates').description('retro template libraries');
templates
  .command('extract')
  .description('extract retro templates (RDChiral rules) from atom-mapped reactions into a library')
  .requiredOption(
    '--input <files...>',
    'reactions: one reaction SMILES per line, or .csv with a reaction column (.gz accepted)',
  )
  .requiredOption('--output <file>', 'library file (.json, or .json.gz for gzip)')
  .option('--min-count <n>', 'keep templates extracted from at least n reactions', positiveInt, 1)
  .option('--column <name>', 'CSV column holding the reactions (default: detected)')
  .option('--name <name>', 'library name (default: from the output file name)')
  .option('--threads <n>', 'worker threads', positiveInt, 1)
  .option(
    '--exclude-products <files...>',
    'leave out reactions whose product is in these files (SMILES lines, reactions, or CSV)',
  )
  .option('--exclude-split <name>', 'with --exclude-products: only CSV rows of this split')
  .option(
    '--reference-templates <files...>',
    'reaction tables with a reference retro template per reaction (CSV: prod_smiles, reactants_can, reaction_smarts[, split]); a template is kept when it reproduces its reaction',
  )
  .option('--reference-split <name>', 'with --reference-templates: rows of this split', 'train')
  .option(
    '--template-set <files...>',
    'templates without reactions (JSON list of {reaction_smarts, count}, or CSV retro_template,count), kept with their counts when new',
  )
  .option(
    '--labels <file.jsonl.gz>',
    'also write each distinct reaction with its template ids (policy training input; keep it outside the repository)',
  )
  .action(extractTemplatesCommand);

const policy = program.command('policy').description('expansion policy');
const training = DEFAULT_TRAINING;
policy
  .command('train')
  .description(
    'train the expansion policy (template-relevance network and neighbour index) from the labels `templates extract --labels` writes (regenerates data/policy)',
  )
  .requiredOption(
    '--library <file>',
    'template library the labels refer to (labels of templates it lacks are skipped)',
  )
  .requiredOption('--labels <file>', 'labels file written by `templates extract --labels`')
  .requiredOption('--output <file>', 'policy file to write')
  .option('--hidden <n>', 'hidden units (a multiple of 4)', positiveInt, training.hidden)
  .option(
    '--epochs <n>',
    'most training epochs (0: neighbours only)',
    nonNegativeInt,
    training.epochs,
  )
  .option(
    '--patience <n>',
    'epochs without a better validation top-1 tolerated (training stops at the next); the learning rate halves after each',
    nonNegativeInt,
    training.patience,
  )
  .option('--batch-size <n>', 'reactions per minibatch', positiveInt, training.batchSize)
  .option('--learning-rate <x>', 'Adam learning rate', positiveNumber, training.learningRate)
  .option('--dropout <x>', 'dropout on the hidden layer (0-0.9)', fraction, training.dropout)
  .option(
    '--negatives <n>',
    'templates drawn per minibatch for the sampled softmax',
    positiveInt,
    training.negatives,
  )
  .option('--weight-decay <x>', 'L2 weight decay', nonNegativeNumber, training.weightDecay)
  .option(
    '--min-class-count <n>',
    'labelled reactions a template needs to be a network class (rarer: neighbours only)',
    positiveInt,
    training.minClassCount,
  )
  .option(
    '--validation-fraction <x>',
    'share of distinct products held out of fitting to pick the epoch',
    fraction,
    training.validationFraction,
  )
  .option(
    '--fingerprint-bits <n>',
    'Morgan fingerprint length',
    positiveInt,
    training.fingerprint.bits,
  )
  .option(
    '--fingerprint-radius <n>',
    'Morgan fingerprint radius',
    positiveInt,
    training.fingerprint.radius,
  )
  .option('--no-chirality', 'fingerprints without chirality (stereoisomers look alike)')
  .option(
    '--no-neighbours',
    'write the network only, without the nearest-neighbour index (an ensemble member: engine setting `ensemble`)',
  )
  .option(
    '--seed <n>',
    'random seed (runs with the same seed and data give the same policy)',
    positiveInt,
    training.seed,
  )
  .action(trainPolicyCommand);

const filter = DEFAULT_FILTER_TRAINING;
const trainFilter = policy
  .command('train-filter')
  .description(
    'train the feasibility filter: recorded reactions (positives) against the best-ranked other proposals of the single-step model (negatives) (regenerates data/policy/default.filter)',
  )
  .requiredOption('--library <file>', 'template library of the single-step model')
  .requiredOption('--policy <file>', 'policy of the single-step model')
  .requiredOption('--labels <file>', 'labels file written by `templates extract --labels`')
  .requiredOption('--output <file>', 'filter file to write')
  .option(
    '--reactions <n>',
    'recorded reactions sampled as positives',
    positiveInt,
    filter.reactions,
  )
  .option('--proposals <n>', 'precursor sets proposed per product', positiveInt, filter.proposals)
  .option(
    '--negatives-per-reaction <n>',
    'wrong proposals kept per reaction (best-ranked first)',
    nonNegativeInt,
    filter.negativesPerReaction,
  );
networkOptions(trainFilter, filter)
  .option('--weight-decay <x>', 'L2 weight decay', nonNegativeNumber, filter.weightDecay)
  .option(
    '--validation-fraction <x>',
    'share of products held out of fitting',
    fraction,
    filter.validationFraction,
  )
  .option(
    '--fingerprint-bits <n>',
    'Morgan fingerprint length',
    positiveInt,
    filter.fingerprint.bits,
  )
  .option(
    '--fingerprint-radius <n>',
    'Morgan fingerprint radius',
    positiveInt,
    filter.fingerprint.radius,
  )
  .option('--no-chirality', 'fingerprints without chirality')
  .option('--threads <n>', 'worker threads proposing precursors', positiveInt, 2)
  .option('--seed <n>', 'random seed', positiveInt, filter.seed)
  .action(trainFilterCommand);

policy
  .command('train-precedents')
  .description(
    "store the recorded reactants of a policy's neighbour examples, for the precedent similarity of proposed steps (regenerates data/policy/default.precedents)",
  )
  .requiredOption('--library <file>', 'template library the policy was trained with')
  .requiredOption('--policy <file>', 'policy whose neighbour index the file belongs to')
  .requiredOption('--labels <file>', 'labels file the policy was trained on')
  .requiredOption('--output <file>', 'precedents file to write')
  .action(trainPrecedentsCommand);

const value = DEFAULT_VALUE_TRAINING;
const trainValue = policy
  .command('train-value')
  .description(
    "train the value estimate (cost to make a molecule) from the default engine's searches of sampled training products; the shipped one is data/policy/default.value (data/README.md has its command), another is given with SYNROUTE_ENGINE_SETTINGS='{\"valueModel\": FILE}'",
  )
  .requiredOption(
    '--labels <file>',
    'labels file written by `templates extract --labels` (its products are sampled)',
  )
  .requiredOption('--output <file>', 'value model file to write')
  .option('--targets <n>', 'training products planned', positiveInt, value.targets)
  .option('--seconds <n>', 'seconds of planning per product', positiveNumber, value.seconds)
  .option('--library <id>', 'building-block library planned against', value.library)
  .option(
    '--data-dir <dir>',
    'data directory holding the library (default $SYNROUTE_DATA_DIR or ./.synroute)',
  )
  .option(
    '--unsolved-cost <x>',
    'cost standing for a product not solved within the budget',
    positiveNumber,
    value.unsolvedCost,
  )
  .option(
    '--exclude <files...>',
    'SMILES files whose molecules are never training products (benchmark targets)',
    [],
  )
  .option(
    '--outcomes <file>',
    'search outcomes (gzip JSON lines): read instead of searching when the file exists, written after searching otherwise',
  );
networkOptions(trainValue, value)
  .option(
    '--validation-fraction <x>',
    'share of molecules held out of fitting',
    fraction,
    value.validationFraction,
  )
  .option(
    '--fingerprint-bits <n>',
    'Morgan fingerprint length',
    positiveInt,
    value.fingerprint.bits,
  )
  .option(
    '--fingerprint-radius <n>',
    'Morgan fingerprint radius',
    positiveInt,
    value.fingerprint.radius,
  )
  .option('--no-chirality', 'fingerprints without chirality')
  .option('--threads <n>', 'planning threads', positiveInt, 2)
  .option('--seed <n>', 'random seed', positiveInt, value.seed)
  .action(trainValueCommand);

program
  .command('one-step')
  .description('ranked single-step precursor predictions, one JSON line per input molecule')
  .requiredOption('--input <file>', 'products, one SMILES per line')
  .requiredOption('--output <file>', 'JSON lines output')
  .option('--top-k <n>', 'predictions per product', positiveInt, 50)
  .option('--library <file>', "template library (default: the engine's)")
  .option('--policy <file>', "policy file (default: the engine's)")
  .action(oneStepCommand);

program
  .command('plan [smiles]')
  .description(
    'plan routes for one target (text or --json), or for a file of targets (--input/--output)',
  )
  .option('--library <id>', 'building-block library (default: default)')
  .option(
    '--stock <file>',
    'building blocks from a file (.smi/.csv/.sdf/InChIKeys) instead of a library',
  )
  .option('--time <seconds>', 'time limit per target', positiveInt, 60)
  .option('--routes <n>', 'routes wanted', positiveInt, 5)
  .option(
    '--building-block-limit <n>',
    'most routes one building block may appear in (default: no limit below --routes; the API defaults to 3)',
    positiveInt,
  )
  .option(
    '--reaction-limit <n>',
    'most routes one reaction may appear in (default: no limit below --routes; the API defaults to 3)',
    positiveInt,
  )
  .option(
    '--max-depth <n>',
    `longest route in reactions (1-${DEFAULTS.maxDepthLimit})`,
    positiveInt,
    DEFAULTS.maxDepth,
  )
  .option('--iterations <n>', 'iteration limit per target', positiveInt)
  .option('--engine <id>', 'retrosynthesis engine', DEFAULT_PLAN_ENGINE)
  .option('--json', 'print JSON')
  .option('--exclude-target', 'plan the target even if it is a building block itself')
  .option('--input <file>', 'targets, one SMILES per line (batch mode)')
  .option('--output <file>', 'JSON lines output (batch mode)')
  .option('--threads <n>', 'worker threads (batch mode; default: one per core)', positiveInt)
  .option('--data-dir <dir>', 'data directory (default $SYNROUTE_DATA_DIR or ./.synroute)')
  .action(planCommand);

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
  .addHelpText(
    'after',
    `
CSV columns, found by header name (case-insensitive; the left-most match wins):
  SMILES        smiles, canonical_smiles, smi or structure (required)
  id            id, identifier, compound_id, catalog_id, catalogue_id, mol_id, molecule_id or name:
                the vendor's catalogue number, shown verbatim with the building block
  provider      provider, datasetprovider, dataset_provider, vendor or supplier (else --provider)
  price         price, price_usd or cost: a number (per the vendor's pack); empty or not a number
                means "price unknown", shown as unknown, never as 0
  availability  availability, available or stock (free text, e.g. "in stock", "2-3 weeks")
A .smi file gives the id as the word after the SMILES; an SDF the id/identifier data item or
the title line, and price, provider/vendor/supplier and availability data items.`,
  )
  .action(importLibraryCommand);
libraries
  .command('list')
  .description('list installed libraries')
  .option('--json', 'print JSON')
  .option('--data-dir <dir>', 'data directory (default $SYNROUTE_DATA_DIR or ./.synroute)')
  .action(listLibrariesCommand);
libraries
  .command('upgrade [ids...]')
  .description(
    'add parent compounds and tautomer keys to libraries imported before them, so salts, ionized forms and tautomers of their molecules match (default: every library lacking them)',
  )
  .option('--threads <n>', 'worker threads', positiveInt)
  .option('--data-dir <dir>', 'data directory (default $SYNROUTE_DATA_DIR or ./.synroute)')
  .action(upgradeLibrariesCommand);
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

program
  .command('worker')
  .description(
    'run planning workers without the HTTP server, claiming jobs from the PostgreSQL queue the API uses (SIGTERM: finish or give back running jobs)',
  )
  .option('--database-url <url>', 'postgres:// URL of the shared database (default $DATABASE_URL)')
  .option('--data-dir <dir>', 'data directory (default $SYNROUTE_DATA_DIR or ./.synroute)')
  .option(
    '--threads <n>',
    'planning threads (default $SYNROUTE_WORKERS or one per core)',
    positiveInt,
  )
  .action(workerCommand);

const tokens = program.command('tokens').description('API tokens (bearer tokens for the service)');
tokens
  .command('create')
  .description('create a token and print it once (only its hash is stored)')
  .requiredOption('--name <name>', 'token name')
  .option('--owner <owner>', 'owner the token acts for (default: the name)')
  .option('--admin', 'the token may manage tokens (GET/POST/DELETE /tokens)')
  .option(
    '--expires-in <duration>',
    'refused after this long: 90s, 15m, 12h, 30d, 8w (default never)',
  )
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

addClientCommands(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof UserError) {
    process.stderr.write(`synroute: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`synroute: internal error: ${(e as Error).message}\n`);
  process.exit(1);
});

/** The network options the filter and value trainers share, with their defaults. */
function networkOptions(cmd: Command, d: NetworkFitOptions): Command {
  return cmd
    .option('--hidden <n>', 'hidden units (a multiple of 4)', positiveInt, d.hidden)
    .option('--epochs <n>', 'most training epochs', positiveInt, d.epochs)
    .option(
      '--patience <n>',
      'epochs without a better validation result tolerated (training stops at the next)',
      nonNegativeInt,
      d.patience,
    )
    .option('--batch-size <n>', 'examples per minibatch', positiveInt, d.batchSize)
    .option('--learning-rate <x>', 'Adam learning rate', positiveNumber, d.learningRate)
    .option('--dropout <x>', 'dropout on the hidden layer (0-0.9)', fraction, d.dropout);
}
