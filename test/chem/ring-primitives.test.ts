/**
 * Ring-dependent SMARTS primitives agree with RDKit's own substructure matching
 * (get_qmol + get_substruct_matches) on fused, bridged, spiro, cage and macro
 * rings, where a plain SSSR and "in any ring of size n" give other answers:
 * for prepared molecules (rings from RDKit) and for bare graphs (rings
 * perceived here).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit, rdkit, withScope } from '../../src/chem/rdkit.js';
import { parseSmarts } from '../../src/chem/smarts.js';
import { findMatches } from '../../src/chem/match.js';
import { PreparedMolecule } from '../../src/chem/prepared.js';
import { parseSmiles } from '../../src/chem/smiles-parser.js';
import { MatchTarget } from '../../src/chem/target.js';

const MOLECULES: Record<string, string> = {
  adamantane: 'C1C2CC3CC1CC(C2)C3',
  'bicyclo[2.2.2]octane': 'C1CC2CCC1CC2',
  norbornane: 'C1CC2CCC1C2',
  camphor: 'CC1(C)C2CCC1(C)C(=O)C2',
  cubane: 'C12C3C4C1C5C2C3C45',
  prismane: 'C12C3C1C4C2C34',
  twistane: 'C13CC2CCC1CC2CC3',
  'spiro[4.5]decane': 'C1CCC2(C1)CCCCC2',
  spiropentane: 'C1CC12CC2',
  decalin: 'C1CCC2CCCCC2C1',
  naphthalene: 'c1ccc2ccccc2c1',
  indole: 'c1ccc2[nH]ccc2c1',
  azulene: 'c1ccc2cccc2cc1',
  'steroid skeleton (gonane)': 'C1CCC2C(C1)CCC1C2CCC2CCCC12',
  testosterone: 'CC12CCC3C(CCC4=CC(=O)CCC34C)C1CCC2O',
  cyclododecane: 'C1CCCCCCCCCCC1',
  'macrolide (18-membered lactone with a fused benzene)': 'O=C1OCCCCCCCCCCCc2ccccc2C1',
  '[2.2]paracyclophane': 'c1cc2ccc1CCc1ccc(cc1)CC2',
  triptycene: 'c1ccc2c(c1)C1c3ccccc3C2c2ccccc21',
  'bicyclo[1.1.1]pentane': 'C1C2CC1C2',
  quinuclidine: 'N12CCC(CC1)CC2',
  barrelene: 'C1=CC2C=CC1C=C2',
  dodecahedrane: 'C12C3C4C5C1C6C7C2C8C3C9C4C%10C5C6C%11C7C8C9C%10%11',
  morphine: 'CN1CCC23c4c5ccc(O)c4OC2C(O)C=CC3C1C5',
  'biphenyl with a chain': 'CCCc1ccc(cc1)-c1ccccc1',
};

/** Every ring-dependent primitive our SMARTS reader accepts, alone and combined. */
const QUERIES = [
  '[R]',
  '[!R]',
  ...[0, 1, 2, 3, 4, 5].map((n) => `[R${n}]`),
  '[r]',
  '[!r]',
  ...[0, 3, 4, 5, 6, 7, 8, 9, 10, 12, 18].map((n) => `[r${n}]`),
  '[x]',
  ...[0, 1, 2, 3, 4].map((n) => `[x${n}]`),
  '*@*',
  '*!@*',
  '*-@*',
  '*=;@*',
  '*:@*',
  '[R2]@[R2]',
  '[R3]@[R2]',
  '[R3]@[R3]',
  '[r5]@[r6]',
  '[r4]@[r3]',
  '[C;R2;r6]',
  '[c;r6;x3]',
  '[R2,r5]',
  '[!r6;R]',
  '[C;x2;R1]',
  '[$(*@[R3])]',
  '[R2]!@*',
  // RDKit's range queries on the same counts
  '[R{2-}]',
  '[R{1-2}]',
  '[r{5-6}]',
  '[r{-5}]',
  '[r{7-}]',
  '[x{3-}]',
  '[x{-2}]',
  '[C;R{2-3};r{6-}]',
];

beforeAll(async () => {
  await loadRDKit();
});

/** Ordered matched-atom tuples as strings, from RDKit's own matcher (no uniquifying). */
function rdkitMatches(smiles: string, smarts: string): Set<string> {
  return withScope((own) => {
    const mol = own(rdkit().get_mol(smiles));
    const query = own(rdkit().get_qmol(smarts));
    if (!mol || !query) throw new Error(`RDKit cannot read ${smiles} or ${smarts}`);
    const parsed = JSON.parse(
      mol.get_substruct_matches(query, JSON.stringify({ uniquify: false, maxMatches: 100000 })),
    ) as { atoms: number[] }[] | Record<string, never>;
    return new Set((Array.isArray(parsed) ? parsed : []).map((m) => m.atoms.join(',')));
  });
}

function ourMatches(target: MatchTarget, smarts: string): Set<string> {
  return new Set(
    findMatches(parseSmarts(smarts), target, { maxMatches: 100000 }).map((m) => m.join(',')),
  );
}

/** Queries on which `target` (of RDKit-canonical `smiles`) and RDKit disagree. */
function disagreements(target: MatchTarget, smiles: string): string[] {
  const out: string[] = [];
  for (const q of QUERIES) {
    const ours = ourMatches(target, q);
    const theirs = rdkitMatches(smiles, q);
    const same = ours.size === theirs.size && [...ours].every((m) => theirs.has(m));
    if (!same) out.push(`${q}: ours ${ours.size} matches, RDKit ${theirs.size}`);
  }
  return out;
}

function canonical(smiles: string): string {
  return withScope((own) => {
    const mol = own(rdkit().get_mol(smiles));
    if (!mol) throw new Error(`RDKit cannot read ${smiles}`);
    return mol.get_smiles();
  });
}

describe('ring primitives agree with RDKit substructure matching', () => {
  it.each(Object.entries(MOLECULES))('%s, prepared (rings from RDKit)', (_name, smiles) => {
    const mol = new PreparedMolecule(canonical(smiles));
    expect(disagreements(mol.target, mol.smiles)).toEqual([]);
  });

  it.each(Object.entries(MOLECULES))('%s, bare graph (rings perceived here)', (_name, smiles) => {
    const canon = canonical(smiles);
    expect(disagreements(new MatchTarget(parseSmiles(canon)), canon)).toEqual([]);
  });

  it('covers primitives that differ between a plain SSSR and RDKit ring sets', () => {
    // Adamantane: four six-membered rings, each bridgehead in three of them.
    const adamantane = new PreparedMolecule(canonical(MOLECULES.adamantane)).target;
    expect(ourMatches(adamantane, '[R3]').size).toBe(4);
    // Prismane: every atom's smallest ring is a three-membered one, none a four.
    const prismane = new MatchTarget(parseSmiles(canonical(MOLECULES.prismane)));
    expect(ourMatches(prismane, '[r4]').size).toBe(0);
    expect(ourMatches(prismane, '[r3]').size).toBe(6);
  });
});
