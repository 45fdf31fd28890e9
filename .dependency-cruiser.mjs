/**
 * Import boundaries between SynRoute's layers (ARCHITECTURE.md), checked by
 * `npm run lint:layers` (part of `npm run lint`) and by
 * test/architecture/layers.test.ts in `npm test`. A folder may import its own
 * level and the levels below it, never one above.
 */

/** Levels, lowest first; folders of one level may import each other. */
export const LEVELS = [
  ['util'],
  ['chem'],
  ['templates', 'policy', 'stock'],
  ['reaction-models'],
  ['search'],
  // Pure types and defaults: above the search so that the search never sees wire shapes.
  ['contract'],
  ['formats'],
  ['engine'],
  ['store', 'queue'],
  ['api', 'cli'],
];

const folders = (names) => `^src/(${names.join('|')})/`;

const upward = LEVELS.slice(0, -1).map((level, i) => {
  const above = LEVELS.slice(i + 1).flat();
  return {
    name: `layers: ${level.join(', ')} import nothing above`,
    comment: `${level.join(', ')} may not import ${above.join(', ')} (ARCHITECTURE.md).`,
    severity: 'error',
    from: { path: folders(level) },
    to: { path: folders(above) },
  };
});

export default {
  forbidden: [
    ...upward,
    {
      name: 'contract-is-pure',
      comment: 'The contract is types and defaults: it imports nothing of SynRoute but itself.',
      severity: 'error',
      from: { path: '^src/contract/' },
      to: { path: '^src/', pathNot: '^src/contract/' },
    },
    {
      name: 'search-sees-models-by-interface',
      comment:
        'Search algorithms know single-step models only through the ReactionModel interface.',
      severity: 'error',
      from: { path: '^src/search/' },
      to: { path: '^src/reaction-models/', pathNot: '^src/reaction-models/reaction-model\\.ts$' },
    },
    {
      name: 'store-keeps-contract-shapes',
      comment: 'The store persists the contract’s shapes; it never imports the planning core.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: folders(['engine', 'search', 'reaction-models', 'policy', 'templates']) },
    },
    {
      name: 'cli-client-speaks-http',
      comment:
        'The command-line client (src/cli/client*.ts) reaches the service over HTTP: it takes the contract, formats, chemistry, utilities and the file readers of src/stock, no server module.',
      severity: 'error',
      from: { path: '^src/cli/client[^/]*\\.ts$' },
      to: {
        path: folders([
          'api',
          'store',
          'queue',
          'engine',
          'search',
          'reaction-models',
          'policy',
          'templates',
          'stock',
        ]),
        pathNot: '^src/stock/readers\\.ts$',
      },
    },
    {
      name: 'pools-via-worker-pool',
      comment:
        'Worker pools are made by src/util/worker-pool.ts, whose threads load ES modules with import(): piscina on its own require()s them, and a thread stopped mid-require aborts the process.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/util/worker-pool\\.ts$' },
      to: { path: 'node_modules/piscina/' },
    },
    {
      name: 'resolvable',
      comment: 'Every import of src resolves (an unresolved one would escape the rules above).',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.as\\.ts$' },
    // Type-only imports cross layers too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
