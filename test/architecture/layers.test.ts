/**
 * The import boundaries of ARCHITECTURE.md, as CI runs `npm test`: the real
 * tree keeps them, and every upward import between neighbouring levels is
 * caught (in a throwaway tree, so the rules cannot pass by matching nothing),
 * as is a worker pool made outside src/util/worker-pool.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cruise, ICruiseResult, IForbiddenRuleType } from 'dependency-cruiser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

interface LayerConfig {
  LEVELS: string[][];
  default: { forbidden: IForbiddenRuleType[]; options: Record<string, unknown> };
}

let config: LayerConfig;

const importOwn = (folder: string) =>
  `import type { Own } from '../${folder}/own.js';\nexport type Probe = Own;\n`;

async function violations(baseDir: string): Promise<string[]> {
  const { output } = await cruise(['src'], {
    ...config.default.options,
    baseDir,
    validate: true,
    ruleSet: { forbidden: config.default.forbidden },
  });
  const result = output as ICruiseResult;
  return (result.summary.violations ?? []).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

beforeAll(async () => {
  config = (await import(pathToFileURL(join(root, '.dependency-cruiser.mjs')).href)) as LayerConfig;
});

describe('import boundaries between layers', () => {
  it('hold in src', async () => {
    expect(await violations(root)).toEqual([]);
  });

  describe('catch an upward import', () => {
    let tree: string;
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(tree, path)), { recursive: true });
      writeFileSync(join(tree, path), text);
    };
    afterAll(() => rmSync(tree, { recursive: true, force: true }));

    it('from each level to the one above, type-only imports included; and the narrower rules', async () => {
      tree = mkdtempSync(join(tmpdir(), 'synroute-layers-'));
      const levels = config.LEVELS;
      const upward: string[] = [];
      for (const [i, level] of levels.entries()) {
        write(`src/${level[0]}/own.ts`, 'export type Own = number;\n');
        if (i === 0) continue;
        // One level down is allowed by the layers; the level below reaching up here is not.
        write(`src/${level[0]}/down.ts`, importOwn(levels[i - 1][0]));
        write(`src/${levels[i - 1][0]}/up.ts`, importOwn(level[0]));
        upward.push(
          `layers: ${levels[i - 1].join(', ')} import nothing above: src/${levels[i - 1][0]}/up.ts → src/${level[0]}/own.ts`,
        );
      }
      write('src/cli/client-probe.ts', importOwn('api'));
      write('src/util/broken.ts', "export { gone } from './missing.js';\n");
      // A pool made outside src/util/worker-pool.ts (the package must resolve, hence the link).
      symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'));
      write(
        'src/stock/pool-probe.ts',
        "import { Piscina } from 'piscina';\nexport const P = Piscina;\n",
      );
      expect((await violations(tree)).sort()).toEqual(
        [
          ...upward,
          // The contract's upward import breaks its purity too; downward imports that
          // a narrower rule forbids:
          'contract-is-pure: src/contract/up.ts → src/formats/own.ts',
          'contract-is-pure: src/contract/down.ts → src/search/own.ts',
          'search-sees-models-by-interface: src/search/down.ts → src/reaction-models/own.ts',
          'store-keeps-contract-shapes: src/store/down.ts → src/engine/own.ts',
          'cli-client-speaks-http: src/cli/client-probe.ts → src/api/own.ts',
          'resolvable: src/util/broken.ts → ./missing.js',
          // The cruiser reports the linked package by its real path.
          `pools-via-worker-pool: src/stock/pool-probe.ts → ${relative(tree, root)}/node_modules/piscina/dist/index.d.ts`,
        ].sort(),
      );
    });
  });
});
