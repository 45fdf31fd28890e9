/**
 * Route trees of the search in the spec's route format: building blocks `>>`
 * target, the building blocks with their offers from the stock, the steps in
 * post-order; and an unsolved search's partial route as the diagnosis.
 */
import type { BuildingBlockMetadata, Diagnosis, Route, RouteStep } from '../contract/index.js';
import type { PartialTree } from '../search/diagnosis.js';
import { routeLeaves, RouteTree } from '../search/routes.js';
import type { Stock } from '../stock/stock.js';
import { routeSpellings, TemplateLookup } from './route-spelling.js';

/**
 * The spec's route: building blocks `>>` target, the building blocks with
 * metadata, steps in post-order; molecules written as `routeSpellings` says
 * (building blocks as the stock lists them). A step the chemistry judges
 * penalized but the route still needs carries their `concerns` (a SynRoute
 * extension), so a chemist sees why it is doubtful.
 */
export function toSpecRoute(tree: RouteTree, stock: Stock, templateOf?: TemplateLookup): Route {
  const spellings = routeSpellings(tree, stock, templateOf);
  const name = (smiles: string) => spellings.get(smiles) ?? smiles;
  const leaves = [...new Set(routeLeaves(tree).map(name))];
  return {
    reactionSmiles: `${leaves.join('.')}>>${tree.smiles}`,
    buildingBlocks: leaves.map((smiles) => ({
      smiles,
      buildingBlockMetadata: metadataFor(smiles, stock),
    })),
    steps: routeSteps(tree, name).map((step, i) => ({ number: i + 1, ...step })),
  };
}

/** Each reaction in post-order: its SMILES, molecules written by `name`, and the judges' concerns. */
function routeSteps(
  tree: RouteTree,
  name: (smiles: string) => string,
): Omit<RouteStep, 'number'>[] {
  if (!tree.reaction) return [];
  const { children, node } = tree.reaction;
  const reactionSmiles = `${children.map((c) => name(c.smiles)).join('.')}>>${name(tree.smiles)}`;
  const concerns = node.judgement.concerns;
  const own = concerns?.length ? { reactionSmiles, concerns: [...concerns] } : { reactionSmiles };
  return [...children.flatMap((c) => routeSteps(c, name)), own];
}

function metadataFor(smiles: string, stock: Stock): BuildingBlockMetadata[] {
  return stock.lookup(smiles).map((m) => {
    const known = m.price !== null && m.price !== undefined;
    const item: BuildingBlockMetadata = { price: known ? m.price! : 0, priceKnown: known };
    const verbatim: NonNullable<BuildingBlockMetadata['verbatim']> = {};
    const texts = {
      availability: m.availability,
      datasetProvider: m.provider ?? m.library,
      identifier: m.identifier,
    };
    for (const [field, text] of Object.entries(texts) as [keyof typeof texts, string][]) {
      if (!text) continue;
      item[field] = spec(text);
      if (item[field] !== text) verbatim[field] = text;
    }
    if (Object.keys(verbatim).length) item.verbatim = verbatim;
    return item;
  });
}

/** The spec restricts provider, identifier and availability strings to \w+. */
function spec(value: string): string {
  return value.replace(/\W+/g, '_') || 'unknown';
}

/**
 * The diagnosis in the route format: the partial route written as routes are
 * written (building blocks with metadata), its leaves marked in stock or not.
 */
export function toDiagnosis(
  { tree, missing }: PartialTree,
  stock: Stock,
  templateOf?: TemplateLookup,
): Diagnosis {
  const open = new Set(missing.map((m) => m.smiles));
  const route = toSpecRoute(tree, stock, templateOf);
  return {
    partialRoute: {
      ...route,
      buildingBlocks: route.buildingBlocks.map((b) =>
        open.has(b.smiles)
          ? { smiles: b.smiles, inStock: false, buildingBlockMetadata: [] }
          : { smiles: b.smiles, inStock: true, buildingBlockMetadata: b.buildingBlockMetadata },
      ),
    },
    missingMolecules: missing,
  };
}
