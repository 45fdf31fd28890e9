/**
 * Template extraction (issue 3) on the atom-mapped USPTO-50k valid reactions
 * (raw_eval.csv), single thread:
 *  - round trip: the extracted template, applied to the product (maps removed,
 *    canonical), gives back the recorded reactants (the mapped reactants that
 *    contribute atoms, maps removed), compared as canonical sets;
 *  - identity with RDChiral's reference template for the same reaction
 *    (uspto50k_mhnreact reaction_smarts, matched by patent id and product),
 *    both in canonical form;
 *  - extraction speed, and the load time of the shipped libraries.
 */
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyTemplate,
  canonicalSmiles,
  loadRDKit,
  PreparedMolecule,
  RetroTemplate,
} from '../src/chem/index.js';
import { canonicalizeTemplate } from '../src/templates/canonical.js';
import { extractTemplates, ExtractResult } from '../src/templates/extract.js';
import { TemplateLibrary } from '../src/templates/library.js';
import { readReactionFile } from '../src/templates/reaction-input.js';
import { quantile, readUspto50k, record, repoRoot, sharedDir } from './shared.js';

export async function templateExtractionBench(): Promise<void> {
  await loadRDKit();
  const file = join(sharedDir(), 'data', 'uspto50k_atom_mapped_valid_test', 'raw_eval.csv');
  const reactions = readReactionFile(file).records.map((r) => r.text);
  const ids = readReactionFile(file, { column: 'id' }).records.map((r) => r.text);

  const start = performance.now();
  const results = reactions.map((r) => extractTemplates(r));
  const extractMs = performance.now() - start;

  const failures: Record<string, number> = {};
  for (const r of results) if (!r.ok) failures[r.reason] = (failures[r.reason] ?? 0) + 1;
  const extracted = results.filter((r) => r.ok).length;

  record('template-extraction', {
    reactions: reactions.length,
    extracted,
    failures,
    msPerReaction: round(extractMs / reactions.length),
    roundTrip: roundTrip(results),
    referenceIdentity: referenceIdentity(results, ids),
    libraries: libraryFigures(),
  });
}

function answer(r: ExtractResult & { ok: true }): string {
  return [...r.reaction.reactantSmiles].sort().join('.');
}

function roundTrip(results: ExtractResult[]): Record<string, unknown> {
  let extracted = 0;
  let specific = 0;
  let general = 0;
  for (const r of results) {
    if (!r.ok) continue;
    extracted++;
    const product = new PreparedMolecule(r.reaction.productSmiles);
    if (applyTemplate(new RetroTemplate(r.specific), product).includes(answer(r))) specific++;
    if (applyTemplate(new RetroTemplate(r.general), product).includes(answer(r))) general++;
  }
  return {
    extracted,
    specificReproduced: specific,
    specificRate: round(specific / extracted, 4),
    generalReproduced: general,
    generalRate: round(general / extracted, 4),
  };
}

/** Our template vs the reference template of the same reaction (id + canonical product). */
function referenceIdentity(results: ExtractResult[], ids: string[]): Record<string, unknown> {
  const wanted = new Set(ids);
  const reference = new Map<string, string[]>();
  for (const row of readUspto50k()) {
    if (!wanted.has(row.id)) continue;
    const key = `${row.id} ${canonicalSmiles(row.product)}`;
    reference.set(key, [...(reference.get(key) ?? []), canonicalizeTemplate(row.template)]);
  }
  let compared = 0;
  let identical = 0;
  results.forEach((r, i) => {
    const refs = r.ok ? reference.get(`${ids[i]} ${r.reaction.productSmiles}`) : undefined;
    if (!r.ok || !refs) return;
    compared++;
    if (refs.includes(r.specific)) identical++;
  });
  return { compared, identical, rate: round(identical / compared, 4) };
}

function libraryFigures(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const paths: [string, string][] = ['default'].map((name) => [
    name,
    join(repoRoot, 'data', 'templates', `${name}.templates.json.gz`),
  ]);
  const synthetic = syntheticLibrary(paths[0][1], 50_000);
  if (synthetic) paths.push(['synthetic-50k', synthetic]);
  for (const [name, path] of paths) {
    if (!existsSync(path)) continue;
    const times: number[] = [];
    let library: TemplateLibrary | undefined;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      library = TemplateLibrary.load(path);
      times.push(performance.now() - t);
    }
    const lib = library as TemplateLibrary;
    const specific = lib.entries('specific').length;
    times.sort((a, b) => a - b);
    out[name] = {
      templates: lib.size,
      specific,
      general: lib.size - specific,
      bytes: statSync(path).size,
      loadMsMedian: round(quantile(times, 0.5)),
    };
  }
  return out;
}

/**
 * A 50,000-template file for the load-time goal: the default library's
 * templates repeated, each copy made distinct by a suffix (loading does not
 * parse templates, so their text only matters through its length).
 */
function syntheticLibrary(basePath: string, size: number): string | null {
  if (!existsSync(basePath)) return null;
  const base = TemplateLibrary.load(basePath).file;
  const templates = Array.from({ length: size }, (_, i) => {
    const t = base.templates[i % base.templates.length];
    const copy = Math.floor(i / base.templates.length);
    return {
      smarts: copy ? `${t.smarts} ${copy}` : t.smarts,
      count: t.count,
      specificity: t.specificity,
    };
  });
  const path = join(mkdtempSync(join(tmpdir(), 'synroute-bench-')), 'synthetic.templates.json.gz');
  new TemplateLibrary({ ...base, name: 'synthetic', templates }).save(path);
  return path;
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
