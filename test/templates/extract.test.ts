import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyTemplate,
  canonicalSmiles,
  loadRDKit,
  PreparedMolecule,
  RetroTemplate,
} from '../../src/chem/index.js';
import { canonicalizeTemplate } from '../../src/templates/canonical.js';
import { extractTemplates, ExtractResult } from '../../src/templates/extract.js';
import { readReactionFile } from '../../src/templates/reaction-input.js';
import { uspto50k } from '../helpers/datasets.js';
import { sharedPath } from '../helpers/shared.js';
import { EXAMPLE_REACTIONS } from './example-reactions.js';

beforeAll(async () => {
  await loadRDKit();
});

function specific(reaction: string): string {
  const r = extractTemplates(reaction);
  if (!r.ok) throw new Error(`extraction failed: ${r.reason}`);
  return r.specific;
}

describe("RDChiral's example extractions", () => {
  const examples = JSON.parse(
    readFileSync(
      sharedPath('data', 'rdchiral_cases', 'example_template_extractions_good.json'),
      'utf8',
    ),
  ) as { reaction_id: number; reaction_smarts: string }[];

  it('covers all 14 examples', () => {
    expect(examples.map((e) => e.reaction_id).sort((a, b) => a - b)).toEqual(
      Object.keys(EXAMPLE_REACTIONS)
        .map(Number)
        .sort((a, b) => a - b),
    );
  });

  for (const example of examples) {
    it(`reproduces example ${example.reaction_id}`, () => {
      const reaction = EXAMPLE_REACTIONS[example.reaction_id];
      expect(specific(reaction)).toBe(canonicalizeTemplate(example.reaction_smarts));
    });
  }
});

describe('stereo', () => {
  // Expected templates: RDChiral's extraction of the same reactions.
  it('keeps cis/trans stereo of a double bond made by the reaction', () => {
    const hwe =
      'O=[CH:1][c:2]1[cH:8][cH:9][cH:10][cH:11][cH:12]1.CCOP(=O)(OCC)[CH2:3][C:4](=[O:5])[O:6][CH3:7]>>' +
      '[CH3:7][O:6][C:4](=[O:5])/[CH:3]=[CH:1]/[c:2]1[cH:8][cH:9][cH:10][cH:11][cH:12]1';
    expect(specific(hwe)).toBe(
      canonicalizeTemplate(
        '[#8:3]-[C:2](=[O;D1;H0:4])/[CH;D2;+0:1]=[CH;D2;+0:5]/[c:6]>>C-C-O-P(=O)(-O-C-C)-[CH2;D2;+0:1]-[C:2](-[#8:3])=[O;D1;H0:4].O=[CH;D2;+0:5]-[c:6]',
      ),
    );
  });

  it('keeps a stereocentre made by the reaction', () => {
    const reduction =
      '[CH3:1][C:2](=[O:3])[c:4]1[cH:5][cH:6][cH:7][cH:8][cH:9]1>>[CH3:1][C@H:2]([OH:3])[c:4]1[cH:5][cH:6][cH:7][cH:8][cH:9]1';
    expect(specific(reduction)).toBe(
      canonicalizeTemplate(
        '[C;D1;H3:1]-[C@H;D3;+0:2](-[OH;D1;+0:3])-[c:4]>>[C;D1;H3:1]-[C;H0;D3;+0:2](=[O;H0;D1;+0:3])-[c:4]',
      ),
    );
  });

  it('keeps the configuration of a substituted stereocentre on both sides', () => {
    const azide =
      'CS(=O)(=O)O[C@@H:2]([CH3:1])[CH2:3][CH3:4].[N-:5]=[N+:6]=[N-:7]>>[CH3:1][C@H:2]([N:5]=[N+:6]=[N-:7])[CH2:3][CH3:4]';
    expect(specific(azide)).toBe(
      canonicalizeTemplate(
        '[C:2]-[C@H;D3;+0:1](-[C;D1;H3:3])-[N;H0;D2;+0:4]=[#7;+:5]=[N;-;D1;H0:6]>>C-S(=O)(=O)-O-[C@H;D3;+0:1](-[C:2])-[C;D1;H3:3].[N-;H0;D1:4]=[#7;+:5]=[N;-;D1;H0:6]',
      ),
    );
  });
});

describe('general templates', () => {
  it('keep only the reaction centre and the leaving groups', () => {
    const r = extractTemplates(EXAMPLE_REACTIONS[51]);
    expect(r.ok && r.general).toBe('[C;H0;D3;+0:1]-[NH;D2;+0:2]>>Cl-[C;H0;D3;+0:1].[NH2;D1;+0:2]');
  });

  it('apply wherever the specific template applies, with the same recorded answer', () => {
    const r = extractTemplates(EXAMPLE_REACTIONS[51]);
    if (!r.ok) throw new Error(r.reason);
    const product = new PreparedMolecule(r.reaction.productSmiles);
    const answer = [...r.reaction.reactantSmiles].sort().join('.');
    expect(applyTemplate(new RetroTemplate(r.specific), product)).toContain(answer);
    expect(applyTemplate(new RetroTemplate(r.general), product)).toContain(answer);
  });
});

describe('reagents', () => {
  it('drops molecules that contribute no atoms to the product (USPTO-MIT style)', () => {
    const withReagents =
      '[CH3:20][CH2:21][N:22]([CH2:23][CH3:24])[CH2:25][CH3:26].[Cl-:30].[ClH:31].' +
      EXAMPLE_REACTIONS[51].replace('>>', '.[CH2:27]1[CH2:28][O:29][CH2:32][CH2:33]1>>');
    expect(specific(withReagents)).toBe(specific(EXAMPLE_REACTIONS[51]));
  });
});

describe('failures are counted by reason', () => {
  const cases: [string, string, string][] = [
    ['unmapped input', 'CC(=O)Cl.Nc1ccccc1>>CC(=O)Nc1ccccc1', 'no_atom_maps'],
    [
      'product atoms without maps',
      'Cl[C:1](=[O:2])[CH3:3].[NH2:4][c:5]1[cH:6][cH:7][cH:8][cH:9][cH:10]1>>[CH3:3][C:1](=[O:2])[NH:4]c1ccccc1',
      'unmapped_product_atoms',
    ],
    ['two products', '[CH3:1][OH:2]>>[CH4:1].[OH2:2]', 'multiple_products'],
    ['not a reaction', 'CCO', 'malformed'],
    ['unreadable SMILES', '[CH3:1][C:2](=[O:3])Xx>>[CH3:1][C:2]=[O:3]', 'invalid_smiles'],
    ['a map number used twice', '[CH3:1][OH:1]>>[CH3:1][OH:1]', 'duplicate_maps'],
    [
      'product atoms missing from the reactants',
      '[CH3:1][OH:2]>>[CH3:1][O:2][CH3:3]',
      'product_maps_not_in_reactants',
    ],
    ['nothing changes', '[CH3:1][OH:2]>>[CH3:1][OH:2]', 'no_changed_atoms'],
  ];
  for (const [name, reaction, reason] of cases) {
    it(`${name}: ${reason}`, () => {
      const r = extractTemplates(reaction);
      expect(r.ok ? 'ok' : r.reason).toBe(reason);
    });
  }

  it('too many changed atoms', () => {
    const r = extractTemplates(EXAMPLE_REACTIONS[1076], { maxChangedAtoms: 3 });
    expect(r.ok ? 'ok' : r.reason).toBe('too_many_changed_atoms');
  });
});

describe('USPTO-50k valid (atom-mapped)', () => {
  const file = sharedPath('data', 'uspto50k_atom_mapped_valid_test', 'raw_eval.csv');
  const reactions = readReactionFile(file).records.slice(0, 300);
  const ids = readReactionFile(file, { column: 'id' }).records.slice(0, 300);
  let results: ExtractResult[] = [];

  beforeAll(() => {
    results = reactions.map(({ text }) => extractTemplates(text));
  });

  it('applying the extracted template to the product gives back the recorded reactants (>= 95%)', () => {
    let extracted = 0;
    let reproduced = 0;
    for (const r of results) {
      if (!r.ok) continue;
      extracted++;
      const outcomes = applyTemplate(
        new RetroTemplate(r.specific),
        new PreparedMolecule(r.reaction.productSmiles),
      );
      if (outcomes.includes([...r.reaction.reactantSmiles].sort().join('.'))) reproduced++;
    }
    expect(extracted).toBe(reactions.length);
    expect(reproduced / extracted).toBeGreaterThanOrEqual(0.95);
  });

  it("gives RDChiral's reference template for the same reaction (>= 98%)", () => {
    // Reference templates (uspto50k_mhnreact) are matched by patent id and product.
    const wanted = new Set(ids.map((r) => r.text));
    const reference = new Map<string, string[]>();
    for (const row of uspto50k()) {
      if (!wanted.has(row.id)) continue;
      const key = `${row.id} ${canonicalSmiles(row.product)}`;
      reference.set(key, [...(reference.get(key) ?? []), canonicalizeTemplate(row.template)]);
    }
    let compared = 0;
    let identical = 0;
    results.forEach((r, i) => {
      const refs = r.ok ? reference.get(`${ids[i].text} ${r.reaction.productSmiles}`) : undefined;
      if (!r.ok || !refs) return;
      compared++;
      if (refs.includes(r.specific)) identical++;
    });
    expect(compared).toBeGreaterThan(250);
    expect(identical / compared).toBeGreaterThanOrEqual(0.98);
  });
});
