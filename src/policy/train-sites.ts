/**
 * Training the site model (site-model.ts) from the labels file: each labelled
 * reaction's template is applied to its product, the match that gives the
 * recorded precursors locates the reaction centre, and the centre atoms'
 * environments are counted for that template. Products in the policy's
 * validation share are left out, as they are of the network.
 */
import {
  applyTemplateAtSites,
  atomEnvironments,
  loadRDKit,
  PreparedMolecule,
  RetroTemplate,
} from '../chem/index.js';
import { readLabels } from '../templates/corpus-files.js';
import { TemplateLibrary } from '../templates/library.js';
import { SiteCounter } from './site-model.js';
import { inValidation, DEFAULT_TRAINING } from './train.js';

export interface TrainSitesOptions {
  library: string;
  labels: string;
  output: string;
  radius: number;
  log?: (line: string) => void;
}

export async function trainSitesFromLabels(opts: TrainSitesOptions): Promise<void> {
  await loadRDKit();
  const log = opts.log ?? (() => undefined);
  const library = TemplateLibrary.load(opts.library);
  // Template index = position in the library file, as the engine's template set numbers them.
  const indexOf = new Map(library.entries().map((e, i) => [e.id, i]));
  const counter = new SiteCounter(opts.radius);
  const stats = { rows: 0, validation: 0, missing: 0, located: 0, unlocated: 0 };
  for (const row of readLabels(opts.labels)) {
    stats.rows++;
    const { validationFraction, seed } = DEFAULT_TRAINING;
    if (inValidation(row.product, validationFraction, seed)) {
      stats.validation++;
      continue;
    }
    const index = indexOf.get(row.specific);
    const tpl = index === undefined ? null : template(library, row.specific);
    if (!tpl || index === undefined) {
      stats.missing++;
      continue;
    }
    const site = locate(tpl, row.product, row.reactants, opts.radius);
    if (!site) {
      stats.unlocated++;
      continue;
    }
    counter.add(site.envs, site.atoms, index);
    if (++stats.located % 50_000 === 0) log(`  ${stats.located} reaction centres`);
  }
  log(`sites: ${JSON.stringify(stats)}`);
  counter.model().save(opts.output);
  log(`site model written to ${opts.output}`);
}

/** The centre atoms (and all atoms' environments) where the template gives the recorded precursors. */
function locate(
  tpl: RetroTemplate,
  product: string,
  reactants: string,
  radius: number,
): { envs: Uint32Array[]; atoms: number[] } | null {
  let mol: PreparedMolecule;
  try {
    mol = new PreparedMolecule(product);
  } catch {
    return null;
  }
  const { sites } = applyTemplateAtSites(tpl, mol, { combineEnantiomers: false });
  const match = sites.get(reactants) ?? (sites.size === 1 ? [...sites.values()][0] : undefined);
  if (!match) return null;
  return { envs: atomEnvironments(mol.mol, radius), atoms: tpl.centre.map((l) => match[l]) };
}

function template(library: TemplateLibrary, id: string): RetroTemplate | null {
  try {
    return library.template(id) ?? null;
  } catch {
    return null;
  }
}
