/**
 * `npm start` and `npm test` build first; this skips `npm run build` (the
 * TypeScript compiler and the policy kernels, about 15 s) when nothing it
 * reads changed since the last successful build.
 * A build is stale when any file or folder under src/ or bench/, a tsconfig,
 * or the package files is newer than the stamp written after that build
 * (folders count so that a deleted source file also triggers a build).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(root, 'dist', '.build-stamp');
const INPUTS = ['src', 'bench', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const stamp = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
const sources = Math.max(
  ...INPUTS.map((p) => join(root, p))
    .filter(existsSync)
    .map(newest),
);
if (sources <= stamp) process.exit(0);

try {
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
} catch {
  process.exit(1);
}
mkdirSync(dirname(STAMP), { recursive: true });
writeFileSync(STAMP, `${new Date().toISOString()}\n`);
