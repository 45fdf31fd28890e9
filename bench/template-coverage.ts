/**
 * Coverage against specificity (issue 3): how many USPTO-50k `valid`
 * reactions a template library can reproduce (some template, applied to the
 * product, gives the recorded reactants), with specific templates only and
 * with specific or general ones, and what generality costs (templates that
 * apply per product, outcomes per applicable template).
 *
 * The library is the default engine's, data/templates/default.templates.json.gz:
 * extracted with every reaction whose product is a USPTO-50k valid product
 * left out, so no valid reaction informs it. The benchmark refuses a library
 * built any other way. It applies every template to every product: about two
 * hours on two cores for the default library.
 */
import { join } from 'node:path';
import {
  applyTemplate,
  canonicalSmiles,
  loadRDKit,
  PreparedMolecule,
  RetroTemplate,
} from '../src/chem/index.js';
import { TemplateEntry, TemplateLibrary } from '../src/templates/library.js';
import { readUspto50k, record, repoRoot } from './shared.js';
import { Candidate, candidate, RecordedReaction } from './template-match.js';

/** Products whose every applicable template is applied (for the outcome counts). */
const PRECISION_SAMPLE = 400;

export async function templateCoverageBench(): Promise<void> {
  await loadRDKit();
  const path = join(repoRoot, 'data', 'templates', 'default.templates.json.gz');
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
    const recorded = new RecordedReaction(product, answer, (outcome) => outcome === answer);
    const s = recorded.reproducedByAny(specific);
    const g = recorded.reproducedByAny(general);
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
      file: 'data/templates/default.templates.json.gz',
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
  if (heldOut?.split !== 'valid' || !heldOut.files?.includes('USPTO_50k_MHN_prepro.csv.gz')) {
    throw new Error('the library must be built with the USPTO-50k valid products held out');
  }
}

function candidates(entries: TemplateEntry[]): Candidate[] {
  return entries.map((e) => candidate(new RetroTemplate(e.smarts)));
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
