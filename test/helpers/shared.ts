/**
 * Locates the shared data and benchmark folders (never copied into the
 * repository): $SYNROUTE_SHARED, then ../shared next to the checkout, then
 * /work/shared. Tests that need them fail loudly when none exists.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function sharedDir(): string {
  const candidates = [process.env.SYNROUTE_SHARED, join(repoRoot, '..', 'shared'), '/work/shared'];
  for (const c of candidates) if (c && existsSync(join(c, 'data'))) return c;
  throw new Error(
    'shared data not found: set SYNROUTE_SHARED to the folder holding data/ and bench/',
  );
}

export function sharedPath(...parts: string[]): string {
  return join(sharedDir(), ...parts);
}

export { repoRoot };
