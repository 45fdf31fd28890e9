import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../../src/chem/index.js';
import { routeSvg } from '../../src/formats/route-picture.js';
import type { Route } from '../../src/contract/index.js';

beforeAll(async () => {
  await loadRDKit();
});

/** Paracetamol's O-benzyl ether from 4-aminophenol: benzylation, then acetylation. */
const route: Route = {
  reactionSmiles: 'Nc1ccc(O)cc1.BrCc1ccccc1.CC(=O)Cl>>CC(=O)Nc1ccc(OCc2ccccc2)cc1',
  buildingBlocks: [
    {
      smiles: 'Nc1ccc(O)cc1',
      buildingBlockMetadata: [
        {
          price: 12.5,
          priceKnown: true,
          datasetProvider: 'acme',
          identifier: 'EN_001',
          verbatim: { identifier: 'EN-001' },
        },
      ],
    },
    { smiles: 'BrCc1ccccc1', buildingBlockMetadata: [{ price: 0, priceKnown: false }] },
    { smiles: 'CC(=O)Cl', buildingBlockMetadata: [{ price: 3, priceKnown: true }] },
  ],
  steps: [
    { number: 1, reactionSmiles: 'Nc1ccc(O)cc1.BrCc1ccccc1>>Nc1ccc(OCc2ccccc2)cc1' },
    { number: 2, reactionSmiles: 'Nc1ccc(OCc2ccccc2)cc1.CC(=O)Cl>>CC(=O)Nc1ccc(OCc2ccccc2)cc1' },
  ],
};

/** Lengths of the bond segments RDKit drew in one nested molecule picture. */
function bondLengths(svg: string): number[] {
  return [
    ...svg.matchAll(/class='bond-\d+ [^']*' d='M ([\d.]+),([\d.]+) L ([\d.]+),([\d.]+)'/g),
  ].map(([, x1, y1, x2, y2]) => Math.hypot(Number(x2) - Number(x1), Number(y2) - Number(y1)));
}

describe('route picture', () => {
  it('draws every molecule once, the steps, and the building blocks with their offers', async () => {
    const svg = await routeSvg(route, 'Route 1 of <PCM & 7>');
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns=')).toBe(true);
    const pictures = svg.split('<svg x=').slice(1);
    expect(pictures).toHaveLength(5); // target, intermediate, three building blocks
    expect(svg.match(/<svg\b/g)!.length).toBe(svg.match(/<\/svg>/g)!.length);
    expect(svg).toContain(
      'Route 1 of &#60;PCM &#38; 7&#62; · 2 step(s), 3 building block(s), price unknown',
    );
    expect(svg).toContain('>step 1</text>');
    expect(svg).toContain('>step 2</text>');
    expect(svg).toContain('>acme · EN-001 · $12.5</text>');
    expect(svg).toContain('>price unknown</text>');
    expect(svg).toContain('>made in step 1</text>');
  });

  it('draws a small reagent at the same scale as its product', async () => {
    const svg = await routeSvg(route, 'Route 1');
    const [target, , , , reagent] = svg.split('<svg x=').slice(1);
    // The longest segment is a whole carbon-carbon bond (bonds to other atoms are drawn in two
    // coloured halves): acetyl chloride (4 atoms) and the 18-atom target get the same length.
    expect(reagent).toContain('Cl');
    expect(Math.max(...bondLengths(reagent))).toBeCloseTo(Math.max(...bondLengths(target)), 0);
  });
});
