import { defineConfig } from 'vitest/config';

/** Suites that touch the store run once per backend; PostgreSQL gets a throwaway cluster. */
const BACKEND_SUITES = [
  'test/store/**/*.test.ts',
  'test/queue/**/*.test.ts',
  'test/api/**/*.test.ts',
];

/** In every project: a test process that dies is named with its file (test/setup/fork-exits.ts). */
const FORK_EXITS = {
  globalSetup: ['test/setup/fork-exits.ts'],
  setupFiles: ['test/setup/fork-files.ts'],
};

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts'],
          exclude: ['test/scale/**'],
          // Processes the tests start use the embedded store even if the shell has a DATABASE_URL.
          env: { DATABASE_URL: '' },
          ...FORK_EXITS,
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: [...BACKEND_SUITES, 'test/scale/**/*.test.ts'],
          env: { SYNROUTE_TEST_BACKEND: 'postgres' },
          globalSetup: [...FORK_EXITS.globalSetup, 'test/setup/postgres.ts'],
          setupFiles: [...FORK_EXITS.setupFiles, 'test/setup/postgres-file.ts'],
        },
      },
    ],
  },
});
