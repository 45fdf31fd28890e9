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
import { uspto50k } from '../helpers/datasets.js';
import { sharedPath } from '../helpers/shared.js';

beforeAll(async () => {
  await loadRDKit();
});

describe('canonical template strings', () => {
  it('do not depend on atom order, map numbers or fragment order', () => {
    // RDChiral example 1076 as RDChiral writes it, and as it comes out when RDKit orders
    // the ring differently (same template).
    const a =
      '[N;D1;H0:6]#[C:7]-[c;H0;D3;+0:8]1:[c;H0;D3;+0:9](-[NH2;D1;+0:10]):[o;H0;D2;+0:1]:[c:2]:[c:3]:[c;H0;D3;+0:4]:1=[O;D1;H0:5]>>C-C(=O)-[O;H0;D2;+0:1]-[c:2]:[c:3]-[C;H0;D3;+0:4](-Cl)=[O;D1;H0:5].[N;D1;H0:6]#[C:7]-[CH2;D2;+0:8]-[C;H0;D2;+0:9]#[N;H0;D1;+0:10]';
    const b =
      '[N;D1;H0:6]#[C:7]-[c;H0;D3;+0:8]1:[c;H0;D3;+0:4](=[O;D1;H0:5]):[c:3]:[c:2]:[o;H0;D2;+0:1]:[c;H0;D3;+0:9]:1-[NH2;D1;+0:10]>>C-C(=O)-[O;H0;D2;+0:1]-[c:2]:[c:3]-[C;H0;D3;+0:4](-Cl)=[O;D1;H0:5].[N;D1;H0:6]#[C:7]-[CH2;D2;+0:8]-[C;H0;D2;+0:9]#[N;H0;D1;+0:10]';
    const renumbered =
      '[N;D1;H0:16]#[C:17]-[c;H0;D3;+0:18]1:[c;H0;D3;+0:14](=[O;D1;H0:15]):[c:13]:[c:12]:[o;H0;D2;+0:11]:[c;H0;D3;+0:19]:1-[NH2;D1;+0:20]>>[N;D1;H0:16]#[C:17]-[CH2;D2;+0:18]-[C;H0;D2;+0:19]#[N;H0;D1;+0:20].C-C(=O)-[O;H0;D2;+0:11]-[c:12]:[c:13]-[C;H0;D3;+0:14](-Cl)=[O;D1;H0:15]';
    expect(canonicalizeTemplate(b)).toBe(canonicalizeTemplate(a));
    expect(canonicalizeTemplate(renumbered)).toBe(canonicalizeTemplate(a));
  });

  it('number maps in order of appearance on the precursor side (RDChiral)', () => {
    expect(canonicalizeTemplate('[OH;D1;+0:7]-[c:3]>>C-C(=O)-[O;H0;D2;+0:7]-[c:3]')).toBe(
      '[OH;D1;+0:1]-[c:2]>>C-C(=O)-[O;H0;D2;+0:1]-[c:2]',
    );
  });

  it('re-express tetrahedral marks for the written order', () => {
    const one = canonicalizeTemplate('[C@H:1](F)(Cl)Br>>[C@H:1](F)(Cl)I');
    expect(canonicalizeTemplate('F[C@@H:1](Cl)Br>>F[C@@H:1](Cl)I')).toBe(one);
    expect(canonicalizeTemplate('F[C@H:1](Cl)Br>>F[C@@H:1](Cl)I')).not.toBe(one);
  });

  it('keep cis/trans relations whichever bonds carried the directions', () => {
    const trans = canonicalizeTemplate('F/C=C/F>>FC#CF');
    expect(canonicalizeTemplate('F\\C=C\\F>>FC#CF')).toBe(trans);
    expect(canonicalizeTemplate('C(/F)=C/F>>FC#CF')).not.toBe(trans);
    expect(canonicalizeTemplate('C(\\F)=C/F>>FC#CF')).toBe(trans);
    // Two equivalent substituents: "cis to one" and "trans to the other" are one template.
    const x =
      '[C;H0;D3;+0:4](=[CH;D2;+0:1]\\[C:2]#[N;D1;H0:3])(/[C:5])-[C:6]>>O=[C;H0;D3;+0:4](-[C:5])-[C:6].N#[C:2]-[CH3;D1;+0:1]';
    const y =
      '[C:5]/[C;H0;D3;+0:4](-[C:6])=[CH;D2;+0:1]/[C:2]#[N;D1;H0:3]>>O=[C;H0;D3;+0:4](-[C:5])-[C:6].N#[C:2]-[CH3;D1;+0:1]';
    expect(canonicalizeTemplate(x)).toBe(canonicalizeTemplate(y));
  });

  describe('on the USPTO-50k train-derived templates', () => {
    const lines = readFileSync(
      sharedPath('data', 'templates_uspto50k_train_derived', 'uspto50k_train_retro_templates.csv'),
      'utf8',
    )
      .split('\n')
      .slice(1, 401)
      .map((l) => l.split(',')[1])
      .filter(Boolean);

    it('are a fixed point', () => {
      for (const t of lines) {
        const c = canonicalizeTemplate(t);
        expect(canonicalizeTemplate(c)).toBe(c);
      }
    });

    it('apply exactly like the templates they were made from', () => {
      const products = uspto50k()
        .filter((r) => r.split === 'valid')
        .slice(0, 40)
        .map((r) => new PreparedMolecule(canonicalSmiles(r.product) as string));
      let applied = 0;
      for (const t of lines.slice(0, 150)) {
        const original = new RetroTemplate(t);
        const canonical = new RetroTemplate(canonicalizeTemplate(t));
        for (const p of products) {
          const expected = applyTemplate(original, p);
          expect(applyTemplate(canonical, p)).toEqual(expected);
          if (expected.length) applied++;
        }
      }
      expect(applied).toBeGreaterThan(20);
    });
  });
});
