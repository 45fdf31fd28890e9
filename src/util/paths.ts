import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

let root: string | undefined;

/** The installation root (folder of SynRoute's package.json), from sources or from dist. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'synroute'
    ) {
      root = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the SynRoute installation root');
    dir = parent;
  }
}

/**
 * URL of a worker module next to the calling module. When running from
 * TypeScript sources (tests), worker threads load the compiled copy in dist/.
 */
export function siblingWorker(metaUrl: string, file: string): string {
  const here = fileURLToPath(metaUrl);
  if (here.endsWith('.ts')) {
    const rel = relative(packageRoot(), dirname(here));
    return pathToFileURL(join(packageRoot(), 'dist', rel, file)).href;
  }
  return new URL(`./${file}`, metaUrl).href;
}
