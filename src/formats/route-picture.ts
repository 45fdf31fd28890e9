/**
 * A whole route as one SVG picture, to save or print: the target on the left,
 * each step's precursors in the next column to the right behind a
 * retrosynthesis arrow labelled with the step, building blocks framed in green
 * with their provider, catalogue id and price. Molecules are RDKit drawings at
 * one common bond length (see chem/depict), nested as SVG elements.
 */
import { moleculeSvg } from '../chem/index.js';
import { BuildingBlockMetadata, Route, routePrice } from '../contract/index.js';
import { offerText } from './route-text.js';

const MOL_W = 220;
const MOL_H = 160;
const LABEL_H = 34;
const ARROW_W = 90;
const ROW_GAP = 16;
const MARGIN = 20;
const TITLE_H = 34;
const ROW_H = MOL_H + LABEL_H + ROW_GAP;

interface Node {
  smiles: string;
  step?: { number: number; precursors: Node[] };
  offers?: BuildingBlockMetadata[];
  depth: number;
  /** Vertical centre of the molecule picture, in rows (set by the layout). */
  row: number;
}

/** The route's tree; a molecule made on the path to itself is drawn as a leaf there. */
function routeNodes(route: Route): Node {
  const madeBy = new Map<string, { number: number; precursors: string[] }>();
  for (const step of route.steps) {
    const [left, product] = step.reactionSmiles.split('>>');
    madeBy.set(product, { number: step.number, precursors: left.split('.') });
  }
  const offers = new Map(route.buildingBlocks.map((b) => [b.smiles, b.buildingBlockMetadata]));
  const build = (smiles: string, depth: number, path: Set<string>): Node => {
    const made = path.has(smiles) ? undefined : madeBy.get(smiles);
    const inner = new Set(path).add(smiles);
    return {
      smiles,
      depth,
      row: 0,
      offers: made ? undefined : (offers.get(smiles) ?? []),
      step: made && {
        number: made.number,
        precursors: made.precursors.map((p) => build(p, depth + 1, inner)),
      },
    };
  };
  return build(route.reactionSmiles.split('>>')[1], 0, new Set());
}

/** Leaves take consecutive rows; a product sits level with the middle of its precursors. */
function layout(node: Node, next = { row: 0 }): void {
  if (!node.step) {
    node.row = next.row++;
    return;
  }
  for (const p of node.step.precursors) layout(p, next);
  const rows = node.step.precursors.map((p) => p.row);
  node.row = (Math.min(...rows) + Math.max(...rows)) / 2;
}

function allNodes(node: Node): Node[] {
  return [node, ...(node.step?.precursors.flatMap(allNodes) ?? [])];
}

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

const x = (n: Node) => MARGIN + n.depth * (MOL_W + ARROW_W);
const y = (n: Node) => TITLE_H + MARGIN + n.row * ROW_H;

function offerLabel(offers: BuildingBlockMetadata[]): string {
  return offers[0] ? offerText(offers[0], ' · ') : 'building block';
}

/** Draws one molecule; null (or a failure) leaves its SMILES as text in the box. */
export type MoleculeDrawer = (
  smiles: string,
  width: number,
  height: number,
) => Promise<string | null>;

/** RDKit in this thread (the command line); the server passes its depiction thread's drawer. */
const drawHere: MoleculeDrawer = async (smiles, width, height) =>
  moleculeSvg(smiles, width, height);

function moleculeBox(n: Node, drawing: string | null): string {
  const inner = drawing
    ? drawing.replace(
        /^[\s\S]*?<svg\b[^>]*>/,
        `<svg x="${x(n)}" y="${y(n)}" width="${MOL_W}" height="${MOL_H}" viewBox="0 0 ${MOL_W} ${MOL_H}">`,
      )
    : `<text x="${x(n) + 8}" y="${y(n) + MOL_H / 2}" class="small">${escapeXml(clip(n.smiles, 34))}</text>`;
  const frame = n.step ? '#8c959f' : '#1a7f37';
  const label = n.step ? `made in step ${n.step.number}` : offerLabel(n.offers ?? []);
  return [
    `<g><title>${escapeXml(n.smiles)}</title>`,
    inner,
    // The frame goes over the drawing, whose own background would hide it.
    `<rect x="${x(n)}" y="${y(n)}" width="${MOL_W}" height="${MOL_H}" rx="6" fill="none" stroke="${frame}" stroke-width="${n.step ? 1 : 2}"/>`,
    `<text x="${x(n)}" y="${y(n) + MOL_H + 14}" class="smiles">${escapeXml(clip(n.smiles, 36))}</text>`,
    `<text x="${x(n)}" y="${y(n) + MOL_H + 28}" class="small">${escapeXml(clip(label, 40))}</text>`,
    '</g>',
  ].join('');
}

/** The retrosynthesis arrow (⇒, from product to precursors) with a bracket over the precursors. */
function stepArrow(n: Node): string {
  const step = n.step!;
  const mid = (node: Node) => y(node) + MOL_H / 2;
  const x0 = x(n) + MOL_W + 8;
  const x1 = x0 + ARROW_W - 34;
  const xb = x1 + 10;
  const yc = mid(n);
  const ys = step.precursors.map(mid);
  const parts = [
    `<path d="M ${x0} ${yc - 3} H ${x1 - 6} M ${x0} ${yc + 3} H ${x1 - 6}" stroke="#1b1f24" stroke-width="1.6"/>`,
    `<path d="M ${x1 - 12} ${yc - 9} L ${x1} ${yc} L ${x1 - 12} ${yc + 9}" fill="none" stroke="#1b1f24" stroke-width="1.6"/>`,
    `<text x="${x0}" y="${yc - 10}" class="small">step ${step.number}</text>`,
  ];
  if (ys.length > 1 || ys[0] !== yc)
    parts.push(
      `<path d="M ${xb} ${Math.min(yc, ...ys)} V ${Math.max(yc, ...ys)}" stroke="#8c959f" stroke-width="1.2"/>`,
      ...ys.map(
        (yy) => `<path d="M ${xb} ${yy} H ${xb + 14}" stroke="#8c959f" stroke-width="1.2"/>`,
      ),
    );
  return parts.join('');
}

/** The route as a standalone SVG document; `title` heads it (route number, target, ids). */
export async function routeSvg(
  route: Route,
  title: string,
  draw: MoleculeDrawer = drawHere,
): Promise<string> {
  const root = routeNodes(route);
  layout(root);
  const nodes = allNodes(root);
  const drawings = await Promise.all(
    nodes.map((n) => draw(n.smiles, MOL_W, MOL_H).catch(() => null)),
  );
  const depth = Math.max(...nodes.map((n) => n.depth));
  const rows = Math.max(...nodes.map((n) => n.row)) + 1;
  const width = 2 * MARGIN + (depth + 1) * MOL_W + depth * ARROW_W;
  const height = TITLE_H + 2 * MARGIN + rows * ROW_H - ROW_GAP;
  const price = routePrice(route);
  const facts = `${route.steps.length} step(s), ${route.buildingBlocks.length} building block(s), price ${price ?? 'unknown'}`;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<style>text{font-family:system-ui,sans-serif;fill:#1b1f24}.title{font-size:15px;font-weight:600}.small{font-size:11px;fill:#57606a}.smiles{font-size:11px;font-family:ui-monospace,monospace}</style>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 8}" class="title">${escapeXml(clip(`${title} · ${facts}`, 160))}</text>`,
    ...nodes.filter((n) => n.step).map(stepArrow),
    ...nodes.map((n, i) => moleculeBox(n, drawings[i])),
    '</svg>',
    '',
  ].join('\n');
}
