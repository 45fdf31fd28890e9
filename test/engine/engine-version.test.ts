/**
 * The engine version names the exact RDKit release (outcomes depend on it), the
 * same before RDKit has loaded (API processes) as after (workers), and
 * package.json pins that release exactly. It changes with the planning code
 * and with the contents of the engine's data files, ensemble members included.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRDKit, rdkit, rdkitVersion } from '../../src/chem/rdkit.js';
import { codeDigest, ENGINES, engineVersion } from '../../src/engine/engine.js';
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

  it('changes with the code of the planning folders, not with the service code', () => {
    const base = mkdtempSync(join(tmpdir(), 'synroute-code-'));
    try {
      const write = (file: string, text: string) => {
        mkdirSync(join(base, file, '..'), { recursive: true });
        writeFileSync(join(base, file), text);
      };
      write('reaction-models/selectivity.ts', 'export const strong = 0.02;');
      write('search/kernels/cost.ts', 'export const base = 0.5;');
      write('api/server.ts', 'export const port = 8000;');
      const first = codeDigest(base);
      write('api/server.ts', 'export const port = 9000;');
      write('search/kernels/cost.ts.map', '{}');
      expect(codeDigest(base)).toBe(first);
      write('reaction-models/selectivity.ts', 'export const strong = 0.05;');
      const changed = codeDigest(base);
      expect(changed).not.toBe(first);
      write('search/kernels/cost.ts', 'export const base = 0.4;');
      expect(codeDigest(base)).not.toBe(changed);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('changes with the contents of an ensemble member, not only its name', () => {
    const base = mkdtempSync(join(tmpdir(), 'synroute-member-'));
    try {
      const member = join(base, 'member.policy');
      const settings = { ...ENGINES[0], ensemble: [member] };
      writeFileSync(member, 'first network');
      const first = engineVersion(settings);
      expect(first).not.toBe(engineVersion(ENGINES[0]));
      writeFileSync(member, 'second network');
      expect(engineVersion(settings)).not.toBe(first);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
