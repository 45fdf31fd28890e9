/**
 * Two unrelated transformations in one step, read from specific retro
 * templates (issue 13): a bond made at one reaction centre while another
 * centre only loses or changes a group is a sequence a patent recorded as one
 * reaction. One centre, centres that all make bonds or all only change groups,
 * and centres joined through one precursor (a cyclic anhydride opened) are
 * single steps. The templates are written here in RDChiral's form.
 */
import { describe, expect, it } from 'vitest';
import { reactionCentreArtifacts, RetroTemplate } from '../../src/chem/index.js';

const artifacts = (smarts: string) => reactionCentreArtifacts(new RetroTemplate(smarts));

describe('two transformations in one step', () => {
  it.each([
    [
      'an ethyl ester made while a nitro group is reduced (benzocaine from 4-nitrobenzoic acid)',
      '[C;D1;H3:2]-[CH2;D2;+0:1]-[O;H0;D2;+0:6]-[C:5]=[O;D1;H0:7].[NH2;D1;+0:3]-[c:4]>>O-[CH2;D2;+0:1]-[C;D1;H3:2].O=[N+;H0;D3:3](-[O-])-[c:4].[C:5](-[O-;H0;D1:6])=[O;D1;H0:7]',
    ],
    [
      'an amide coupled while a tert-butyl ester is cleaved',
      '[C;H0;D3;+0:5](-[NH;D2;+0:9]-[C:8])(=[O;D1;H0:6])-[c:7].[C;H0;D3;+0:2](=[O;H0;D1;+0:1])(-[OH;D1;+0:3])-[c:4]>>C-C(-C)(-C)-[O;H0;D2;+0:1]-[C;H0;D3;+0:2](=[O;H0;D1;+0:3])-[c:4].O-[C;H0;D3;+0:5](=[O;D1;H0:6])-[c:7].[C:8]-[NH2;D1;+0:9]',
    ],
    [
      'a phenol alkylated while an ethyl ester is hydrolysed',
      '[CH2;D2;+0:1](-[C:2])-[O;H0;D2;+0:6]-[c:7].[C:4](=[O;D1;H0:5])-[OH;D1;+0:3]>>Br-[CH2;D2;+0:1]-[C:2].C-C-[O;H0;D2;+0:3]-[C:4]=[O;D1;H0:5].[OH;D1;+0:6]-[c:7]',
    ],
  ])('flags %s', (_name, smarts) => {
    expect(artifacts(smarts)).toEqual(['two transformations']);
  });

  it.each([
    [
      'an amide coupling (one centre)',
      '[C:1](=[O;D1;H0:2])-[NH;D2;+0:3]-[c:4]>>[C:1](=[O;D1;H0:2])-[OH;D1;+0:5].[NH2;D1;+0:3]-[c:4]',
    ],
    [
      'two nitro groups reduced (both centres only change groups)',
      '[NH2;D1;+0:1]-[c:2].[NH2;D1;+0:3]-[c:4]>>O=[N+;H0;D3:1](-[O-])-[c:2].O=[N+;H0;D3:3](-[O-])-[c:4]',
    ],
    [
      'a Boc group and a tert-butyl ester removed together (a global deprotection)',
      '[NH2;D1;+0:1]-[C:2].[C:4](=[O;D1;H0:5])-[OH;D1;+0:3]>>C-C(-C)(-C)-O-C(=O)-[NH;D2;+0:1]-[C:2].C-C(-C)(-C)-[O;H0;D2;+0:3]-[C:4]=[O;D1;H0:5]',
    ],
    [
      'an amino alcohol acetylated at N and O (both centres make bonds)',
      '[C;D1;H3:1]-[C;H0;D3;+0:2](=[O;D1;H0:3])-[NH;D2;+0:4]-[C:5].[C;D1;H3:6]-[C;H0;D3;+0:7](=[O;D1;H0:8])-[O;H0;D2;+0:9]-[C:10]>>C-C(=O)-O-[C;H0;D3;+0:2](-[C;D1;H3:1])=[O;D1;H0:3].C-C(=O)-O-[C;H0;D3;+0:7](-[C;D1;H3:6])=[O;D1;H0:8].[NH2;D1;+0:4]-[C:5].[OH;D1;+0:9]-[C:10]',
    ],
    [
      'a cyclic anhydride opened by an aniline (amide and acid joined through the anhydride)',
      '[C;H0;D3;+0:1](-[C:2])(-[NH;D2;+0:7]-[c:8])=[O;D1;H0:3].[C:5](=[O;D1;H0:6])-[OH;D1;+0:4]>>[C;H0;D3;+0:1](-[C:2])(=[O;D1;H0:3])-[O;H0;D2;+0:4]-[C:5]=[O;D1;H0:6].[NH2;D1;+0:7]-[c:8]',
    ],
    [
      'an amide coupled beside a carboxylate protonated (a charge change only)',
      '[C:1](=[O;D1;H0:2])-[NH;D2;+0:3]-[c:4].[C:6](=[O;D1;H0:7])-[OH;D1;+0:8]>>[C:1](=[O;D1;H0:2])-[OH;D1;+0:5].[NH2;D1;+0:3]-[c:4].[C:6](=[O;D1;H0:7])-[O-;D1;H0:8]',
    ],
  ])('leaves %s alone', (_name, smarts) => {
    expect(artifacts(smarts)).toEqual([]);
  });
});
