import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyTemplate,
  canonicalSmiles,
  loadRDKit,
  PreparedMolecule,
  RetroTemplate,
} from '../../src/chem/index.js';
import { sharedPath } from '../helpers/shared.js';

interface Case {
  smarts: string;
  smiles: string;
  expected: string[];
  description: string;
}

const load = (name: string): Case[] =>
  JSON.parse(readFileSync(sharedPath('data', 'rdchiral_cases', name), 'utf8'));

beforeAll(async () => {
  await loadRDKit();
});

function expectedSet(c: Case): string[] {
  return c.expected.map((s) => canonicalSmiles(s) as string).sort();
}

describe('RDChiral reference cases', () => {
  const cases = load('test_rdchiral_cases.json');
  it('has all 43 cases', () => expect(cases).toHaveLength(43));
  cases.forEach((c, i) => {
    it(`case ${i}: ${c.description}`, () => {
      const mol = new PreparedMolecule(canonicalSmiles(c.smiles) as string);
      expect(applyTemplate(new RetroTemplate(c.smarts), mol)).toEqual(expectedSet(c));
    });
  });
});

describe('RDChiral atom-mapping cases (caller atom maps kept)', () => {
  load('test_atom_mapping_cases.json').forEach((c, i) => {
    it(`mapping case ${i}: ${c.description}`, () => {
      const mol = new PreparedMolecule(canonicalSmiles(c.smiles) as string, true);
      const got = applyTemplate(new RetroTemplate(c.smarts), mol, { keepMapping: true });
      expect(got).toEqual(expectedSet(c));
    });
  });
});
