/**
 * Routes as text for people: a building block's offers (provider, catalogue
 * id, price) and a whole route as an indented tree, for the command line and
 * the route pictures.
 */
import {
  BuildingBlockMetadata,
  offerPrice,
  PartialRoute,
  Route,
  RouteStep,
} from '../contract/index.js';

/** One offer of a building block: provider and catalogue id as the library has them, and price. */
export function offerText(m: BuildingBlockMetadata, separator = ' '): string {
  const price = offerPrice(m);
  return [
    m.verbatim?.datasetProvider ?? m.datasetProvider,
    m.verbatim?.identifier ?? m.identifier,
    price === null ? 'price unknown' : `$${price}`,
  ]
    .filter(Boolean)
    .join(separator);
}

/** A route as a text tree; `missing` leaves (smiles to why) are shown as not in stock. */
export function routeTree(route: Route | PartialRoute, missing?: Map<string, string>): string[] {
  const made = new Map<string, RouteStep & { precursors: string[] }>();
  for (const step of route.steps) {
    const [left, product] = step.reactionSmiles.split('>>');
    made.set(product, { ...step, precursors: left.split('.') });
  }
  const target = route.reactionSmiles.split('>>')[1];
  const bbInfo = new Map(route.buildingBlocks.map((b) => [b.smiles, b.buildingBlockMetadata]));
  const lines: string[] = [];
  const walk = (smiles: string, prefix: string, last: boolean, root: boolean) => {
    const step = made.get(smiles);
    const open = missing?.get(smiles);
    if (open !== undefined) {
      const branch = root ? '  ' : `${prefix}${last ? '└─ ' : '├─ '}`;
      lines.push(`${branch}${smiles}  [not in stock: ${open}]`);
      return;
    }
    const meta = bbInfo.get(smiles);
    const doubts = step?.concerns?.length ? `; doubtful: ${step.concerns.join('; ')}` : '';
    const label = step
      ? `${smiles}  (step ${step.number}${doubts})`
      : `${smiles}  [building block${meta?.length ? `: ${meta.map((m) => offerText(m)).join('; ')}` : ''}]`;
    lines.push(root ? `  ${label}` : `${prefix}${last ? '└─ ' : '├─ '}${label}`);
    if (!step) return;
    const childPrefix = root ? '  ' : `${prefix}${last ? '   ' : '│  '}`;
    step.precursors.forEach((p, i) =>
      walk(p, childPrefix, i === step.precursors.length - 1, false),
    );
  };
  walk(target, '', true, true);
  return lines;
}
