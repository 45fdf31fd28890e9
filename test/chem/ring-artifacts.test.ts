/**
 * Ring changes read from specific retro templates (issue 13): an aromatic ring
 * made from a precursor ring lacking two or more of its double bonds, or a
 * precursor's benzene ring torn open, is a mis-mapped record's artifact. One
 * missing double bond (DDQ on a dihydro ring, a cyclohexenone to a phenol),
 * rings the step builds (annulations) and heteroaromatic rings opened by a
 * nucleophile are chemistry. The templates are written here in RDChiral's form.
 */
import { describe, expect, it } from 'vitest';
import { RetroTemplate, ringArtifacts } from '../../src/chem/index.js';

const artifacts = (smarts: string) => ringArtifacts(new RetroTemplate(smarts));

describe('ring changes no step makes', () => {
  it.each([
    [
      'a phenyl from a cyclohexyl',
      '[C:7]-[c;H0;D3;+0:1]1:[cH;D2;+0:2]:[cH;D2;+0:3]:[cH;D2;+0:4]:[cH;D2;+0:5]:[cH;D2;+0:6]:1>>[C:7]-[CH;D3;+0:1]1-[CH2;D2;+0:2]-[CH2;D2;+0:3]-[CH2;D2;+0:4]-[CH2;D2;+0:5]-[CH2;D2;+0:6]-1',
    ],
    [
      "ketoprofen's benzene ring from 2-benzoylcyclohexanone and ethyl pyruvate",
      '[C;D1;H3:4]-[CH;D3;+0:3](-[C:2](=[O;D1;H0:5])-[OH;D1;+0:1])-[c;H0;D3;+0:9]1:[cH;D2;+0:10]:[c;H0;D3;+0:11](-[C:12]=[O;D1;H0:13]):[cH;D2;+0:6]:[cH;D2;+0:7]:[cH;D2;+0:8]:1>>C-C-[O;H0;D2;+0:1]-[C:2](-[C;H0;D3;+0:3](=O)-[C;D1;H3:4])=[O;D1;H0:5].O=[C;H0;D3;+0:6]1-[CH2;D2;+0:7]-[CH2;D2;+0:8]-[CH2;D2;+0:9]-[CH2;D2;+0:10]-[CH;D3;+0:11]-1-[C:12]=[O;D1;H0:13]',
    ],
    [
      'a furan from a tetrahydrofuran',
      '[C:6]-[c;H0;D3;+0:1]1:[cH;D2;+0:2]:[cH;D2;+0:3]:[cH;D2;+0:4]:[o;H0;D2;+0:5]:1>>[C:6]-[CH;D3;+0:1]1-[CH2;D2;+0:2]-[CH2;D2;+0:3]-[CH2;D2;+0:4]-[O;H0;D2;+0:5]-1',
    ],
    [
      "two N-methyls from a tosyl chloride's benzene ring",
      '[CH3;D1;+0:1]-[N;H0;D3;+0:3](-[CH3;D1;+0:2])-[C:4]>>C-c1:[cH;D2;+0:1]:[cH;D2;+0:2]:c(-S(=O)(=O)-Cl):c:c:1.[NH2;D1;+0:3]-[C:4]',
      'benzene opened',
    ],
  ])('flags %s', (_name, smarts, artifact = 'aromatized') => {
    expect(artifacts(smarts)).toEqual([artifact]);
  });

  it.each([
    [
      'a cyclohexadiene aromatized (DDQ)',
      '[C:7]-[c;H0;D3;+0:1]1:[cH;D2;+0:2]:[cH;D2;+0:3]:[cH;D2;+0:4]:[cH;D2;+0:5]:[cH;D2;+0:6]:1>>[C:7]-[C;H0;D3;+0:1]1=[CH;D2;+0:2]-[CH2;D2;+0:3]-[CH;D2;+0:4]=[CH;D2;+0:5]-[CH2;D2;+0:6]-1',
    ],
    [
      'a 1,4-dihydropyridine oxidized to the pyridine',
      '[C:7]-[c;H0;D3;+0:1]1:[cH;D2;+0:2]:[n;H0;D2;+0:3]:[cH;D2;+0:4]:[cH;D2;+0:5]:[cH;D2;+0:6]:1>>[C:7]-[C;H0;D3;+0:1]1=[CH;D2;+0:2]-[NH;D2;+0:3]-[CH;D2;+0:4]=[CH;D2;+0:5]-[CH2;D2;+0:6]-1',
    ],
    [
      'a cyclohexenone aromatized to the phenol',
      '[OH;D1;+0:7]-[c;H0;D3;+0:1]1:[cH;D2;+0:2]:[cH;D2;+0:3]:[cH;D2;+0:4]:[cH;D2;+0:5]:[cH;D2;+0:6]:1>>[O;H0;D1;+0:7]=[C;H0;D3;+0:1]1-[CH;D2;+0:2]=[CH;D2;+0:3]-[CH2;D2;+0:4]-[CH2;D2;+0:5]-[CH2;D2;+0:6]-1',
    ],
    [
      'a Paal-Knorr pyrrole (the step builds the ring)',
      '[C:6]-[n;H0;D3;+0:1]1:[c;H0;D3;+0:2](-[C;D1;H3:7]):[cH;D2;+0:3]:[cH;D2;+0:4]:[c;H0;D3;+0:5]:1-[C;D1;H3:8]>>[C:6]-[NH2;D1;+0:1].O=[C;H0;D3;+0:2](-[C;D1;H3:7])-[CH2;D2;+0:3]-[CH2;D2;+0:4]-[C;H0;D3;+0:5](=O)-[C;D1;H3:8]',
    ],
    [
      'a Suzuki coupling (both rings aromatic already)',
      '[c:1]:[c;H0;D3;+0:2](:[c:3])-[c;H0;D3;+0:4](:[c:5]):[c:6]>>[c:1]:[c;H0;D3;+0:2](:[c:3])-Br.O-B(-O)-[c;H0;D3;+0:4](:[c:5]):[c:6]',
    ],
    [
      'a chromone opened by hydrazine to the pyrazole (a heteroaromatic ring)',
      '[OH;D1;+0:5]-[c:4]:[c;H0;D3;+0:2](-[c;H0;D3;+0:1]:1:[c:7]:[cH;D2;+0:6]:[nH;D2;+0:9]:[n;H0;D2;+0:8]1):[c:3]>>O=[c;H0;D3;+0:1]:1:[c;H0;D3;+0:2](:[c:3]):[c:4]:[o;H0;D2;+0:5]:[cH;D2;+0:6]:[c:7]1.[NH2;D1;+0:8]-[NH2;D1;+0:9]',
    ],
  ])('leaves %s alone', (_name, smarts) => {
    expect(artifacts(smarts)).toEqual([]);
  });
});
