/**
 * Retro template extraction from one atom-mapped reaction with RDChiral's
 * semantics, at two specificities:
 *  - specific: RDChiral's default (changed atoms, their neighbours, special
 *    groups, unmapped leaving groups);
 *  - general: the reaction centre only (changed atoms and leaving groups,
 *    no neighbours, no special groups), which applies to far more molecules.
 * Both are written in canonical form (canonical.ts) and checked to load as
 * retro templates.
 */
import { RetroTemplate, TemplateError } from '../chem/index.js';
import { Mol } from '../chem/graph.js';
import { canonicalTemplate } from './canonical.js';
import { changedAtomMaps } from './changed-atoms.js';
import { addSelection, selectProductAtoms, selectReactantAtoms, Specificity } from './fragments.js';
import { FailureReason, MappedReaction, readMappedReaction } from './reaction.js';
import { emptySide, TemplateGraph } from './template-graph.js';

export const SPECIFIC: Specificity = { radius: 1, specialGroups: true };
export const GENERAL: Specificity = { radius: 0, specialGroups: false };

/**
 * More changed atoms than this is a mapping error or a multi-step "reaction",
 * not a transformation worth a template.
 */
export const DEFAULT_MAX_CHANGED_ATOMS = 20;

export interface ExtractOptions {
  maxChangedAtoms?: number;
}

export interface Extracted {
  ok: true;
  /** RDChiral-default template (canonical `product>>reactants`). */
  specific: string;
  /** Reaction-centre-only template (canonical). */
  general: string;
  reaction: MappedReaction;
}

export type ExtractResult = Extracted | { ok: false; reason: FailureReason };

/** Extracts both templates from an atom-mapped reaction SMILES. */
export function extractTemplates(
  reactionSmiles: string,
  options: ExtractOptions = {},
): ExtractResult {
  const read = readMappedReaction(reactionSmiles);
  if (!read.ok) return read;
  const { product, reactants, inputOrder } = read.reaction;
  const changed = changedAtomMaps(product, reactants);
  if (changed.size === 0) return { ok: false, reason: 'no_changed_atoms' };
  if (changed.size > (options.maxChangedAtoms ?? DEFAULT_MAX_CHANGED_ATOMS)) {
    return { ok: false, reason: 'too_many_changed_atoms' };
  }
  const specific = templateAt(product, reactants, changed, SPECIFIC, inputOrder);
  const general = templateAt(product, reactants, changed, GENERAL, inputOrder);
  if (!specific || !general) return { ok: false, reason: 'invalid_template' };
  return { ok: true, specific, general, reaction: read.reaction };
}

/** The canonical template at one specificity, or null if it does not load as a template. */
export function templateAt(
  product: Mol,
  reactants: Mol[],
  changed: Set<number>,
  spec: Specificity,
  inputOrder?: Int32Array[],
): string | null {
  const graph: TemplateGraph = { product: emptySide(), reactants: emptySide() };
  const kept = new Set<number>();
  for (const [k, mol] of reactants.entries()) {
    const selection = selectReactantAtoms(mol, changed, spec, inputOrder?.[k]);
    if (!selection) continue;
    for (const i of selection.keys()) if (mol.atoms[i].mapNum) kept.add(mol.atoms[i].mapNum);
    addSelection(graph.reactants, mol, selection);
  }
  addSelection(graph.product, product, selectProductAtoms(product, changed, kept));
  if (!graph.product.atoms.length || !graph.reactants.atoms.length) return null;
  const smarts = canonicalTemplate(graph);
  try {
    new RetroTemplate(smarts);
  } catch (e) {
    if (e instanceof TemplateError) return null;
    throw e;
  }
  return smarts;
}
