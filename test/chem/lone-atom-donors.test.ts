/**
 * Lone-atom donors read from specific retro templates (issue 13): a lone
 * carbon torn from a carbon, an aryl ether or an amine, or a lone fluorine
 * torn from a carbon that no nitrogen activates, is a mis-mapped record's
 * artifact; fluorinating agents, methylating agents, metal alkyls, formaldehyde and
 * orthoformate equivalents, diazo reagents and decarboxylations are chemistry.
 * The templates are written here in RDChiral's form.
 */
import { describe, expect, it } from 'vitest';
import { implausibleLoneAtomDonations, RetroTemplate } from '../../src/chem/index.js';

const donations = (smarts: string) => implausibleLoneAtomDonations(new RetroTemplate(smarts));

describe('lone-atom donors of a template', () => {
  it.each([
    [
      'an alpha-methyl from propionic acid',
      '[CH3;D1;+0:1]-[CH;D3;+0:2](-[c:3])-[C:4](=[O;D1;H0:5])-[OH;D1;+0:6]>>O-C(=O)-C-[CH3;D1;+0:1].[CH2;D2;+0:2](-[c:3])-[C:4](=[O;D1;H0:5])-[OH;D1;+0:6]',
      'carbon-carbon',
    ],
    [
      'a methyl ester from diethyl ether',
      '[CH3;D1;+0:1]-[O;H0;D2;+0:2]-[C:3]=[O;D1;H0:4]>>C-C-O-C-[CH3;D1;+0:1].[OH;D1;+0:2]-[C:3]=[O;D1;H0:4]',
      'carbon-carbon',
    ],
    [
      'an N-methyl from the acetate of sodium triacetoxyborohydride',
      '[CH3;D1;+0:1]-[N;H0;D3;+0:2](-[C:3])-[C:4]>>C-[C;H0;D3;+0:1](=O)-O-[BH-](-O-C(-C)=O)-O-C(-C)=O.[C:3]-[NH;D2;+0:2]-[C:4]',
      'carbon-carbon',
    ],
    [
      'a vinyl CH2 from n-butyllithium (the base of a Wittig reaction)',
      '[CH2;D1;+0:1]=[CH;D2;+0:2]-[c:3]>>C-C-C-[CH2;D2;+0:1]-[Li].O=[CH;D2;+0:2]-[c:3]',
      'carbon-carbon',
    ],
    [
      "an N-methyl from an anisidine's methoxy group",
      '[CH3;D1;+0:1]-[N;H0;D3;+0:2](-[C:3])-[c:4]>>N-c1:c:c:c(-O-[CH3;D1;+0:1]):c:c:1.[C:3]-[NH;D2;+0:2]-[c:4]',
      'aryl ether',
    ],
    [
      "a phenol methylated by DMF's N-methyl",
      '[CH3;D1;+0:1]-[O;H0;D2;+0:2]-[c:3]>>C-N(-C=O)-[CH3;D1;+0:1].[OH;D1;+0:2]-[c:3]',
      'amine',
    ],
    [
      'a heteroarene fluorinated by trifluoroacetic acid',
      '[F;H0;D1;+0:1]-[c;H0;D3;+0:2](:[n:3]):[c:4]>>O-C(=O)-C(-F)(-F)-[F;H0;D1;+0:1].[cH;D2;+0:2](:[n:3]):[c:4]',
      'carbon-fluorine',
    ],
    [
      "an alkyl fluoride from a triflate's CF3",
      '[F;H0;D1;+0:1]-[CH2;D2;+0:2]-[C:3]>>O=S(=O)(-[O-])-C(-F)(-F)-[F;H0;D1;+0:1].O-[CH2;D2;+0:2]-[C:3]',
      'carbon-fluorine',
    ],
  ])('flags %s', (_name, smarts, donation) => {
    expect(donations(smarts)).toEqual([donation]);
  });

  it.each([
    // Fluorine from nitrogen, sulfur, fluoride, or a carbon that nitrogen makes it leave.
    [
      'a deoxyfluorination by DAST',
      '[F;H0;D1;+0:1]-[CH2;D2;+0:2]-[C:3]>>C-C-N(-C-C)-S(-F)(-F)-[F;H0;D1;+0:1].O-[CH2;D2;+0:2]-[C:3]',
    ],
    [
      "a deoxyfluorination by Ishikawa's reagent",
      '[F;H0;D1;+0:1]-[CH2;D2;+0:2]-[C:3]>>C-C-N(-C-C)-C(-C(-F)-C(-F)(-F)-F)(-F)-[F;H0;D1;+0:1].O-[CH2;D2;+0:2]-[C:3]',
    ],
    [
      'an acyl fluoride from cyanuric fluoride',
      '[F;H0;D1;+0:1]-[C;H0;D3;+0:2](-[C:3])=[O;D1;H0:4]>>F-c1:n:c(-F):n:c(-[F;H0;D1;+0:1]):n:1.O-[C;H0;D3;+0:2](-[C:3])=[O;D1;H0:4]',
    ],
    [
      'an electrophilic fluorination by NFSI',
      '[F;H0;D1;+0:1]-[cH0;D3;+0:2](:[c:3]):[c:4]>>O=S(=O)(-c1:c:c:c:c:c:1)-N(-[F;H0;D1;+0:1])-S(=O)(=O)-c1:c:c:c:c:c:1.[cH;D2;+0:2](:[c:3]):[c:4]',
    ],
    [
      'a phenol methylated by methyl iodide',
      '[CH3;D1;+0:1]-[O;H0;D2;+0:2]-[c:3]>>I-[CH3;D1;+0:1].[OH;D1;+0:2]-[c:3]',
    ],
    [
      'an ester by Mitsunobu with methanol',
      '[CH3;D1;+0:1]-[O;H0;D2;+0:2]-[C:3]=[O;D1;H0:4]>>O-[CH3;D1;+0:1].[OH;D1;+0:2]-[C:3]=[O;D1;H0:4]',
    ],
    [
      'a reductive methylation with formaldehyde',
      '[CH3;D1;+0:1]-[N;H0;D3;+0:2](-[C:3])-[C:4]>>O=[CH2;D1;+0:1].[C:3]-[NH;D2;+0:2]-[C:4]',
    ],
    [
      'a methyl Grignard addition',
      '[CH3;D1;+0:1]-[C;H0;D4;+0:2](-[OH;D1;+0:3])(-[C:4])-[C:5]>>Br-[Mg]-[CH3;D1;+0:1].[C:4]-[C;H0;D3;+0:2](=[O;H0;D1;+0:3])-[C:5]',
    ],
    [
      'an alkyne by the Ohira-Bestmann reagent (its acetyl leaves)',
      '[CH;D1;+0:1]#[C;H0;D2;+0:2]-[c:3]>>C-C(=O)-[C;H0;D3;+0:1](=[N+]=[N-])-P(=O)(-O-C)-O-C.O=[CH;D2;+0:2]-[c:3]',
    ],
    [
      'a Minisci methylation by decarboxylation of acetic acid',
      '[CH3;D1;+0:1]-[c;H0;D3;+0:2](:[n:3]):[c:4]>>O=C(-O)-[CH3;D1;+0:1].[cH;D2;+0:2](:[n:3]):[c:4]',
    ],
    [
      'a benzimidazole C2 from trimethyl orthoformate',
      '[c:1]1:[n;H0;D2;+0:2]:[cH;D2;+0:3]:[nH;D2;+0:4]:[c:5]:1>>C-O-[CH;D3;+0:3](-O-C)-O-C.[NH2;D1;+0:2]-[c:1]:[c:5]-[NH2;D1;+0:4]',
    ],
    [
      'an amide from an acyl chloride (more than one carbon given)',
      '[C:1](=[O;D1;H0:2])-[NH;D2;+0:3]-[c:4]>>Cl-[C:1]=[O;D1;H0:2].[NH2;D1;+0:3]-[c:4]',
    ],
  ])('passes %s', (_name, smarts) => {
    expect(donations(smarts)).toEqual([]);
  });
});
