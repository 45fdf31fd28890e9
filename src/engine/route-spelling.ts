/**
 * How a returned route writes its molecules. The search names each molecule
 * as the template that made it wrote it; the stock may list a building block
 * as another tautomer (a 7H-purine where the template wrote the 9H-purine, a
 * 2-hydroxypyridine for a 2-pyridone). A chemist looks building blocks up in
 * the catalogue verbatim, so a route writes them as listed, and carries that
 * spelling up through the intermediates made from them, so that no step flips
 * a ring it does not touch from one tautomer to the other. The target is
 * always written as given.
 */
import { inchiKeyOf, respellProduct, RetroTemplate } from '../chem/index.js';
import type { RouteTree } from '../search/routes.js';
import type { Stock } from '../stock/stock.js';
import { mappedOutcome, mappedPrecursors, mapTarget } from './route-mapping.js';

/** A step's template by its source (template id), to re-apply it with atom maps. */
export type TemplateLookup = (source: string) => RetroTemplate | null;

/**
 * The route's molecules that it writes otherwise than the search named them:
 * search SMILES -> written SMILES. Without templates only building blocks are
 * respelled.
 */
export function routeSpellings(
  tree: RouteTree,
  stock: Stock,
  templateOf?: TemplateLookup,
): Map<string, string> {
  const names = new Map<string, string>();
  const visit = (node: RouteTree, isTarget: boolean): void => {
    if (!node.reaction) {
      const listed = isTarget ? null : listedSpelling(node.smiles, stock);
      if (listed) names.set(node.smiles, listed);
      return;
    }
    node.reaction.children.forEach((c) => visit(c, false));
    if (isTarget || !templateOf) return;
    const respelled = respellIntermediate(node, names, templateOf);
    if (respelled) names.set(node.smiles, respelled);
  };
  visit(tree, true);
  return names;
}

/**
 * The stock's spelling of a building block it holds as another tautomer (the
 * standard InChIKey, whose mobile hydrogens make tautomers one compound,
 * confirms it); null when a source lists the route's spelling or holds
 * another substance (a salt, a stereoisomer), which keeps the route's form.
 */
function listedSpelling(smiles: string, stock: Stock): string | null {
  const offers = stock.lookup(smiles);
  if (!offers.length || offers.some((o) => o.smiles === smiles)) return null;
  const key = inchiKeyOf(smiles);
  return key && inchiKeyOf(offers[0].smiles) === key ? offers[0].smiles : null;
}

/** The intermediate written with its respelled precursors' spelling, or null to keep it. */
function respellIntermediate(
  node: RouteTree,
  names: Map<string, string>,
  templateOf: TemplateLookup,
): string | null {
  const { children, node: step } = node.reaction!;
  if (!children.some((c) => names.has(c.smiles))) return null;
  const template = templateOf(step.source);
  if (!template) return null;
  const product = mapTarget(node.smiles);
  const precursors = children.map((c) => c.smiles);
  const outcome = mappedOutcome(template, product, precursors);
  const mapped = outcome && mappedPrecursors(outcome, precursors);
  if (!mapped) return null;
  const respelled = children.flatMap((c, i) => {
    const listed = names.get(c.smiles);
    return listed ? [{ mapped: mapped[i], listed }] : [];
  });
  return respellProduct(product, respelled);
}
