/**
 * Per-atom circular environments (the site model's keys) and a template's
 * reaction centre: symmetry-equivalent atoms share every environment, an
 * atom's environment changes exactly when something within its radius does,
 * and the centre is the atoms whose bonds a template changes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { atomEnvironments } from '../../src/chem/atom-environments.js';
import { loadRDKit } from '../../src/chem/rdkit.js';
import { parseSmiles } from '../../src/chem/smiles-parser.js';
import { symmetryClasses } from '../../src/chem/symmetry.js';
import { RetroTemplate } from '../../src/chem/template.js';

beforeAll(loadRDKit);

describe('atomEnvironments', () => {
  it.each(['c1ccccc1C(=O)OCC', 'CC(C)(C)OC(=O)N1CCNCC1', 'O=C(O)c1ccc(Cl)cc1Cl', 'C1CC2CCC1CC2'])(
    'gives symmetry-equivalent atoms of %s the same environment at every radius',
    (smiles) => {
      const mol = parseSmiles(smiles);
      const classes = symmetryClasses(mol);
      const envs = atomEnvironments(mol, 3);
      for (let a = 0; a < classes.length; a++) {
        for (let b = a + 1; b < classes.length; b++) {
          if (classes[a] !== classes[b]) continue;
          for (const round of envs) expect(round[a]).toBe(round[b]);
        }
      }
    },
  );

  it('tells apart atoms that differ within the radius, and only those', () => {
    // The carbonyl carbon (atom 6) of ethyl and propyl benzoate: the alkyl chains first
    // differ three bonds away (CH3 against CH2).
    const ethyl = atomEnvironments(parseSmiles('c1ccccc1C(=O)OCC'), 3);
    const propyl = atomEnvironments(parseSmiles('c1ccccc1C(=O)OCCC'), 3);
    for (const r of [0, 1, 2]) expect(ethyl[r][6]).toBe(propyl[r][6]);
    expect(ethyl[3][6]).not.toBe(propyl[3][6]);
  });

  it('tells elements, charges, hydrogens and bond orders apart at radius 0 and 1', () => {
    const [acid] = atomEnvironments(parseSmiles('CC(=O)O'), 0);
    const [anion] = atomEnvironments(parseSmiles('CC(=O)[O-]'), 0);
    expect(acid[3]).not.toBe(anion[3]);
    const ketone = atomEnvironments(parseSmiles('CC(=O)C'), 1);
    const alcohol = atomEnvironments(parseSmiles('CC(O)C'), 1);
    expect(ketone[1][1]).not.toBe(alcohol[1][1]);
  });
});

describe('RetroTemplate.centre', () => {
  it('is the atoms whose bonds change, not the context the pattern carries', () => {
    // Amide disconnection: the C-N bond breaks; the carbonyl oxygen and the aryl carbon are context.
    const amide = new RetroTemplate(
      '[C:1](=[O:2])-[NH;D2;+0:3]-[c:4]>>O-[C:1]=[O:2].[NH2;D1;+0:3]-[c:4]',
    );
    expect(amide.centre).toEqual([0, 2]);
  });

  it('counts a changed bond order as a change (ketone reduction)', () => {
    const reduction = new RetroTemplate(
      '[CH;D3;+0:1](-[C:2])(-[C:3])-[OH;D1;+0:4]>>[C:2]-[C;H0;D3;+0:1](-[C:3])=[O;H0;D1;+0:4]',
    );
    expect(reduction.centre).toEqual([0, 3]);
  });
});
