/**
 * `npm start` and `npm test` run scripts/build-if-stale.mjs first: the
 * compiler runs only when a source is newer than the last successful build.
 */
import { execFileSync } from 'node:child_process';
import { statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/shared.js';

const script = join(repoRoot, 'scripts', 'build-if-stale.mjs');
const stamp = join(repoRoot, 'dist', '.build-stamp');
const buildIfStale = () => execFileSync(process.execPath, [script], { stdio: 'pipe' });

describe('build before start', () => {
  it('skips the compiler when nothing changed and builds when a source is newer', () => {
    buildIfStale();
    const built = statSync(stamp).mtimeMs;
    buildIfStale();
    expect(statSync(stamp).mtimeMs).toBe(built);

    // A stamp older than the sources (a source edited since) means a build.
    utimesSync(stamp, new Date(0), new Date(0));
    buildIfStale();
    expect(statSync(stamp).mtimeMs).toBeGreaterThan(0);
  }, 120_000);
});
