/**
 * A route writes a building block the stock lists as another tautomer as it is
 * listed, and carries that spelling up through the intermediates made from it
 * (the step's template re-applied with atom maps), so no step flips a ring it
 * does not touch from one tautomer to the other. The target is written as given.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit, RetroTemplate } from '../../src/chem/index.js';
import { respellProduct } from '../../src/chem/tautomer-respell.js';
import { toSpecRoute } from '../../src/engine/spec-route.js';
import type { ReactionNode } from '../../src/search/and-or-graph.js';
import type { RouteTree } from '../../src/search/routes.js';
import { AdHocStock } from '../../src/stock/stock.js';

beforeAll(async () => {
  await loadRDKit();
});

// Bromination of an aromatic CH, written as a retro template.
const BROMINATION = new RetroTemplate(
  '[Br;H0;D1;+0:1]-[c;H0;D3;+0:2]>>Br-[Br;H0;D1;+0:1].[cH;D2;+0:2]',
);

const step = (source: string, smiles: string, children: RouteTree[]): RouteTree => ({
  smiles,
  reaction: { node: { source, judgement: {} } as unknown as ReactionNode, children },
});

// 2-chloro-6-bromoquinoxaline from the 6-bromoquinoxalin-2-one and POCl3; the
// bromide from quinoxalin-2-one and bromine. The templates wrote the lactam
// (oxo) spelling; the catalogue lists 2-hydroxyquinoxaline.
const route = step('chlorination', 'Clc1cnc2ccc(Br)cc2n1', [
  step('bromination', 'O=c1cnc2ccc(Br)cc2[nH]1', [
    { smiles: 'BrBr' },
    { smiles: 'O=c1cnc2ccccc2[nH]1' },
  ]),
  { smiles: 'O=P(Cl)(Cl)Cl' },
]);
const templates = (source: string) => (source === 'bromination' ? BROMINATION : null);

describe('route spelling', () => {
  it('writes the building block as listed and the intermediate made from it alike', () => {
    const stock = new AdHocStock(['Oc1cnc2ccccc2n1', 'BrBr', 'O=P(Cl)(Cl)Cl']);
    const spec = toSpecRoute(route, stock, templates);
    expect(spec.steps.map((s) => s.reactionSmiles)).toEqual([
      'BrBr.Oc1cnc2ccccc2n1>>Oc1cnc2ccc(Br)cc2n1',
      'Oc1cnc2ccc(Br)cc2n1.O=P(Cl)(Cl)Cl>>Clc1cnc2ccc(Br)cc2n1',
    ]);
    expect(spec.buildingBlocks.map((b) => b.smiles)).toEqual([
      'BrBr',
      'Oc1cnc2ccccc2n1',
      'O=P(Cl)(Cl)Cl',
    ]);
    expect(spec.reactionSmiles).toBe('BrBr.Oc1cnc2ccccc2n1.O=P(Cl)(Cl)Cl>>Clc1cnc2ccc(Br)cc2n1');
  });

  it('without the templates, respells only the building block', () => {
    const stock = new AdHocStock(['Oc1cnc2ccccc2n1', 'BrBr', 'O=P(Cl)(Cl)Cl']);
    expect(toSpecRoute(route, stock).steps[0].reactionSmiles).toBe(
      'BrBr.Oc1cnc2ccccc2n1>>O=c1cnc2ccc(Br)cc2[nH]1',
    );
  });

  it('keeps the route as written when the stock lists its spelling', () => {
    const stock = new AdHocStock(['O=c1cnc2ccccc2[nH]1', 'BrBr', 'O=P(Cl)(Cl)Cl']);
    expect(toSpecRoute(route, stock, templates).steps[0].reactionSmiles).toBe(
      'BrBr.O=c1cnc2ccccc2[nH]1>>O=c1cnc2ccc(Br)cc2[nH]1',
    );
  });

  it('never respells the target, even when it is a listed building block', () => {
    const stock = new AdHocStock(['Oc1cnc2ccccc2n1']);
    const spec = toSpecRoute({ smiles: 'O=c1cnc2ccccc2[nH]1' }, stock, templates);
    expect(spec.reactionSmiles).toBe('O=c1cnc2ccccc2[nH]1>>O=c1cnc2ccccc2[nH]1');
  });
});

describe('respellProduct', () => {
  // A pyrazolyl imidazopyrimidinol made by a Suzuki coupling, atom-mapped;
  // the chloride precursor as the template wrote it (hydroxy) and as listed (oxo).
  const product =
    '[CH3:1][n:2]1[cH:3][c:4](-[c:5]2[cH:6][c:7]3[n:8][cH:9][cH:10][n:11]3[c:12]([OH:13])[n:14]2)[cH:15][n:16]1';
  const written = '[OH:13][c:12]1[n:14][c:5](Cl)[cH:6][c:7]2[n:8][cH:9][cH:10][n:11]12';

  it("gives the product the listed spelling on the precursor's atoms", () => {
    expect(respellProduct(product, [{ mapped: written, listed: 'O=c1[nH]c(Cl)cc2nccn12' }])).toBe(
      'Cn1cc(-c2cc3nccn3c(=O)[nH]2)cn1',
    );
  });

  it('gives null for the same spelling and for another compound', () => {
    expect(respellProduct(product, [{ mapped: written, listed: 'Oc1nc(Cl)cc2nccn12' }])).toBeNull();
    expect(respellProduct(product, [{ mapped: written, listed: 'Oc1nc(Br)cc2nccn12' }])).toBeNull();
  });
});
