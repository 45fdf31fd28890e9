import { describe, expect, it } from 'vitest';
import { parseSmiles } from '../../src/chem/smiles-parser.js';
import { parseSmarts, SmartsSyntaxError } from '../../src/chem/smarts.js';
import { findMatches } from '../../src/chem/match.js';
import { MatchTarget } from '../../src/chem/target.js';
import { RetroTemplate, TemplateError } from '../../src/chem/template.js';

/** Distinct matched atom sets of `smarts` in `smiles`. */
function hits(smarts: string, smiles: string): number {
  const matches = findMatches(parseSmarts(smarts), new MatchTarget(parseSmiles(smiles)));
  return new Set(matches.map((m) => [...m].sort((a, b) => a - b).join(','))).size;
}

describe('SMARTS matching', () => {
  it.each([
    ['[OH]', 'CCO', 1],
    ['[C;H0;D3;+0]', 'CC(=O)O', 1],
    ['[CH3;D1]', 'CC(C)C', 3],
    ['[#7;a]', 'c1ccncc1', 1],
    ['[N+;H0;D3](=O)[O-]', 'O=[N+]([O-])c1ccccc1', 1],
    ['c:c', 'c1ccccc1', 6],
    ['C-C', 'c1ccccc1C', 0],
    ['[c]-[CH3]', 'c1ccccc1C', 1],
    ['[C;R]', 'C1CCCC1C', 5],
    ['[C;R0]', 'C1CCCC1C', 1],
    ['[C;r6]', 'C1CCCCC1CC1CC1', 6],
    ['[C;X4]', 'CC=C', 1],
    ['[C,N;!R]', 'NCC1CC1', 2],
    ['[$([OH]C=O)]', 'OC(=O)CCO', 1],
    ['C~O', 'C=O.CO', 2],
    ['C@C', 'C1CC1CC', 3],
    ['C!@C', 'C1CC1CC', 2],
    ['[Cl,Br,I]', 'ClCCBr.CI', 3],
    ['[2H]', '[2H]C', 1],
    ['[#6]-,=[#8]', 'CO.C=O.C#O', 2],
  ])('%s in %s matches %i atom sets', (smarts, smiles, n) => {
    expect(hits(smarts, smiles)).toBe(n);
  });

  // The RDKit Book's range-query examples ("SMARTS Support and Extensions"), replayed.
  it.each([
    ['[D{2-3}]', 'CC(=O)OC', [1, 3]],
    ['[D{-2}]', 'CC(=O)OC.C', [0, 2, 3, 4, 5]],
  ])('range query %s in %s matches atoms %j', (smarts, smiles, atoms) => {
    const matches = findMatches(parseSmarts(smarts), new MatchTarget(parseSmiles(smiles)));
    expect(matches.map((m) => m[0])).toEqual(atoms);
  });

  it.each(['[D{}]', '[r{5-6]', '[x{-}]'])('rejects the malformed range %s', (smarts) => {
    expect(() => parseSmarts(smarts)).toThrow(SmartsSyntaxError);
  });

  it('returns every mapping, including symmetric ones', () => {
    const matches = findMatches(parseSmarts('[CH3]C[CH3]'), new MatchTarget(parseSmiles('CC(C)O')));
    expect(matches).toHaveLength(2);
  });
});

describe('retro template parsing', () => {
  it('accepts RDChiral and grouped templates', () => {
    expect(new RetroTemplate('[C:1](=[O:3])[OH:2]>>[C:1](=[O:3])[O:2]CC').rhs.atoms).toHaveLength(
      5,
    );
    const grouped = new RetroTemplate('([NH:1]-[CH:3]-[c:2])>>([NH2:1].[cH:2]).(O=[CH:3])');
    expect(grouped.lhs.atoms).toHaveLength(3);
    expect(grouped.rhs.atoms).toHaveLength(4);
  });

  it.each([
    ['CCO', /product>>reactants/],
    ['[C:1]>>', /empty/],
    ['[C:1][Qq:2]>>[C:1]', /invalid SMARTS/],
    ['[C:1]>>[N:1]', /changes element/],
    ['[C:1][C:1]>>[C:1]', /repeats/],
    ['[C:1]>>[C:1][C,N]', /no single element/],
    ['[C:1>>[C:1]', /invalid SMARTS/],
  ])('rejects %s', (smarts, message) => {
    expect(() => new RetroTemplate(smarts)).toThrow(TemplateError);
    expect(() => new RetroTemplate(smarts)).toThrow(message);
  });
});
