/**
 * Coverage against specificity (issue 3): how many USPTO-50k `valid`
 * reactions a template library can reproduce (some template, applied to the
 * product, gives the recorded reactants), with specific templates only and
 * with specific or general ones, and what generality costs (templates that
 * apply per product, outcomes per applicable template).
 *
 * The library is data/templates/mit-only.templates.json.gz: extracted from
 * USPTO-MIT valid+test only, with every reaction whose product is a
 * USPTO-50k valid product left out, so no valid reaction informs it. The
 * benchmark refuses a library built any other way.
 */
import { join } from 'node:path';
import {
  applyTemplate,
  canonicalSmiles,
  loadRDKit,
  mayApply,
  PreparedMolecule,
  RetroTemplate,
} from '../src/chem/index.js';
import { parseSmiles } from '../src/chem/smiles-parser.js';
import { TemplateEntry, TemplateLibrary } from '../src/templates/library.js';
import { readUspto50k, record, repoRoot } from './shared.js';

/** Products whose every applicable template is applied (for the outcome counts). */
const PRECISION_SAMPLE = 400;

interface Candidate {
  template: RetroTemplate;
  /** Heavy-atom element change product -> precursors, or null when the template leaves it open. */
  delta: Map<number, number> | null;
}

export async function templateCoverageBench(): Promise<void> {
  await loadRDKit();
  const path = join(repoRoot, 'data', 'templates', 'mit-only.templates.json.gz');
  const library = TemplateLibrary.load(path);
  checkHeldOut(library);
  const specific = candidates(library.entries('specific'));
  const general = candidates(library.entries('general'));
  const rows = readUspto50k().filter((r) => r.split === 'valid');

  const start = performance.now();
  let bySpecific = 0;
  let byGeneral = 0;
  let byEither = 0;
  for (const row of rows) {
    const product = new PreparedMolecule(canonicalSmiles(row.product) as string);
    const answer = canonicalSmiles(row.reactants) as string;
    const s = reproduces(specific, product, answer);
    const g = reproduces(general, product, answer);
    if (s) bySpecific++;
    if (g) byGeneral++;
    if (s || g) byEither++;
  }
  const coverageSeconds = (performance.now() - start) / 1000;

  const sample = rows
    .slice(0, PRECISION_SAMPLE)
    .map((r) => new PreparedMolecule(canonicalSmiles(r.product) as string));
  const specificCost = applicationCost(specific, sample);
  const generalCost = applicationCost(general, sample);
  record('template-coverage', {
    library: {
      file: 'data/templates/mit-only.templates.json.gz',
      specific: specific.length,
      general: general.length,
      heldOut: library.file.settings.heldOut,
    },
    reactions: rows.length,
    coverage: {
      specific: round(bySpecific / rows.length, 4),
      general: round(byGeneral / rows.length, 4),
      specificOrGeneral: round(byEither / rows.length, 4),
      counts: { specific: bySpecific, general: byGeneral, specificOrGeneral: byEither },
    },
    precisionSample: sample.length,
    specific: specificCost,
    general: generalCost,
    specificAndGeneral: {
      applicablePerProduct: round(
        specificCost.applicablePerProduct + generalCost.applicablePerProduct,
        1,
      ),
      outcomesPerApplicable: round(
        (specificCost.outcomes + generalCost.outcomes) /
          (specificCost.applicable + generalCost.applicable),
      ),
    },
    coverageSeconds: round(coverageSeconds, 1),
  });
}

/** Refuses libraries that saw the USPTO-50k valid products (leakage). */
function checkHeldOut(library: TemplateLibrary): void {
  const heldOut = library.file.settings.heldOut as { files?: string[]; split?: string } | null;
  const mitOnly = library.file.sources.every((s) => /^(valid|test)\.txt\.gz$/.test(s.file));
  if (
    !mitOnly ||
    heldOut?.split !== 'valid' ||
    !heldOut.files?.includes('USPTO_50k_MHN_prepro.csv.gz')
  ) {
    throw new Error(
      'mit-only library must be built from USPTO-MIT only with the USPTO-50k valid products held out',
    );
  }
}

function candidates(entries: TemplateEntry[]): Candidate[] {
  return entries.map((e) => {
    const template = new RetroTemplate(e.smarts);
    return { template, delta: elementDelta(template) };
  });
}

/**
 * Heavy atoms a template removes from the product and adds to the precursors,
 * by element: a precursor set with other element counts cannot come from it,
 * so it need not be applied. Null when a removed atom may be several elements.
 */
function elementDelta(t: RetroTemplate): Map<number, number> | null {
  const delta = new Map<number, number>();
  const add = (element: number, by: number) => {
    if (element !== 1) delta.set(element, (delta.get(element) ?? 0) + by);
  };
  for (let i = 0; i < t.lhs.atoms.length; i++) {
    if (t.lhsToRhs[i] >= 0) continue;
    const element = t.lhs.atoms[i].element;
    if (element === undefined) return null;
    add(element, -1);
  }
  t.rhs.atoms.forEach((a, k) => {
    if (t.rhsToLhs[k] < 0 && a.element !== undefined) add(a.element, 1);
  });
  return delta;
}

function heavyAtomCounts(smiles: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const a of parseSmiles(smiles).atoms)
    if (a.element !== 1) counts.set(a.element, (counts.get(a.element) ?? 0) + 1);
  return counts;
}

function reproduces(list: Candidate[], product: PreparedMolecule, answer: string): boolean {
  const want = heavyAtomCounts(answer);
  const have = new Map([...product.elementCounts].filter(([e]) => e !== 1));
  for (const { template, delta } of list) {
    if (delta && !sameCounts(have, delta, want)) continue;
    if (!mayApply(template, product)) continue;
    if (applyTemplate(template, product).includes(answer)) return true;
  }
  return false;
}

function sameCounts(
  have: Map<number, number>,
  delta: Map<number, number>,
  want: Map<number, number>,
): boolean {
  for (const e of new Set([...have.keys(), ...delta.keys(), ...want.keys()])) {
    if ((have.get(e) ?? 0) + (delta.get(e) ?? 0) !== (want.get(e) ?? 0)) return false;
  }
  return true;
}

function applicationCost(list: Candidate[], sample: PreparedMolecule[]) {
  let applicable = 0;
  let outcomes = 0;
  for (const product of sample) {
    for (const { template } of list) {
      const n = applyTemplate(template, product).length;
      if (n) {
        applicable++;
        outcomes += n;
      }
    }
  }
  return {
    applicable,
    outcomes,
    applicablePerProduct: round(applicable / sample.length, 1),
    outcomesPerApplicable: round(outcomes / applicable),
  };
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
