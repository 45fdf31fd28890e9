/**
 * `npm start` and `npm test` run scripts/build-if-stale.mjs first: the
 * compiler runs only when a source is newer than the last successful build.
 *
 * The script runs in a throwaway project whose `build` only counts its runs:
 * rebuilding the real dist/ here would rewrite the compiled modules that other
 * test files' worker threads are loading at the same moment (a worker that
 * reads a half-written module aborts its whole test process).
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/shared.js';

let project: string;
const stamp = () => join(project, 'dist', '.build-stamp');
const builds = () => {
  const log = join(project, 'dist', 'builds.log');
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;
};
const buildIfStale = () =>
  execFileSync(process.execPath, [join(project, 'scripts', 'build-if-stale.mjs')], {
    stdio: 'pipe',
  });
const writeBuild = (exitCode: number) =>
  writeFileSync(
    join(project, 'build.mjs'),
    `import { appendFileSync, mkdirSync } from 'node:fs';
mkdirSync('dist', { recursive: true });
appendFileSync('dist/builds.log', 'built\\n');
process.exit(${exitCode});
`,
  );

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'synroute-build-'));
  mkdirSync(join(project, 'scripts'));
  mkdirSync(join(project, 'src'));
  copyFileSync(
    join(repoRoot, 'scripts', 'build-if-stale.mjs'),
    join(project, 'scripts', 'build-if-stale.mjs'),
  );
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'build-fixture', private: true, scripts: { build: 'node build.mjs' } }),
  );
  writeFileSync(join(project, 'src', 'a.ts'), 'export const a = 1;\n');
  writeBuild(0);
});

afterEach(() => rmSync(project, { recursive: true, force: true }));

describe('build before start', () => {
  it('skips the compiler when nothing changed and builds when a source is newer', () => {
    buildIfStale();
    expect(builds()).toBe(1);
    const built = statSync(stamp()).mtimeMs;
    buildIfStale();
    expect(builds()).toBe(1);
    expect(statSync(stamp()).mtimeMs).toBe(built);

    // A source edited since the last build (newer than the stamp) means a build.
    const later = new Date(built + 60_000);
    utimesSync(join(project, 'src', 'a.ts'), later, later);
    buildIfStale();
    expect(builds()).toBe(2);
    expect(statSync(stamp()).mtimeMs).toBeGreaterThan(built);
  });

  it('keeps the build stale when the compiler fails', () => {
    writeBuild(1);
    expect(buildIfStale).toThrow();
    expect(existsSync(stamp())).toBe(false);
    writeBuild(0);
    buildIfStale();
    expect(builds()).toBe(2);
    expect(existsSync(stamp())).toBe(true);
  });
});
