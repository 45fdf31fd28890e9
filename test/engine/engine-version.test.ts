/**
 * The engine version names the exact RDKit release (outcomes depend on it), the
 * same before RDKit has loaded (API processes) as after (workers), and
 * package.json pins that release exactly.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRDKit, rdkit, rdkitVersion } from '../../src/chem/rdkit.js';
import { ENGINES, engineVersion } from '../../src/engine/engine.js';
import { packageRoot } from '../../src/util/paths.js';

describe('engine version and the RDKit release', () => {
  it('names the RDKit release, the same before and after RDKit loads', async () => {
    const before = engineVersion(ENGINES[0]);
    await loadRDKit();
    const after = engineVersion(ENGINES[0]);
    expect(after).toBe(before);
    expect(rdkitVersion()).toBe(rdkit().version());
    expect(after.endsWith(`-rdkit${rdkit().version()}`)).toBe(true);
  });

  it('pins @rdkit/rdkit to one exact version in package.json and its lock', () => {
    const read = (f: string) => JSON.parse(readFileSync(`${packageRoot()}/${f}`, 'utf8'));
    const wanted = read('package.json').dependencies['@rdkit/rdkit'] as string;
    expect(wanted).toMatch(/^\d+\.\d+\.\d+$/);
    const lock = read('package-lock.json');
    expect(lock.packages[''].dependencies['@rdkit/rdkit']).toBe(wanted);
    expect(lock.packages['node_modules/@rdkit/rdkit'].version).toBe(wanted);
  });
});
