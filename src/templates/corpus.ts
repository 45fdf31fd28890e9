/**
 * A reaction corpus: every reaction of several data sets once, each with the
 * templates that reproduce it, from which both the template library and the
 * policy's training labels are made. Sources overlap (USPTO-50k, USPTO-MIT
 * and USPTO-full share patents), so a reaction counts once, identified by its
 * canonical product and reactant set; templates count distinct reactions.
 *
 * Three kinds of source:
 *  - atom-mapped reactions: templates extracted by our code (specific and general);
 *  - reactions recorded with a reference template (USPTO-50k's RDChiral
 *    templates): the template is canonicalized by our code and kept when it
 *    reproduces the recorded reactants;
 *  - template sets without reactions (USPTO-sm): canonicalized, kept with
 *    their own counts when the corpus does not already hold them.
 * Reactions whose product is held out (stereo ignored) are left out of all three.
 */
import { applyTemplate, canonicalSet, canonicalSmiles, PreparedMolecule } from '../chem/index.js';
import { canonicalizeTemplate } from './canonical.js';
import { extractTemplates, ExtractOptions } from './extract.js';
import { heldOutKey } from './held-out.js';
import { addExcluded, emptyTally, Tally } from './library-builder.js';
import { templateId } from './library.js';
import { RetroTemplate } from '../chem/index.js';

/** One extracted reaction, as a worker thread sends it back. */
export interface ExtractedReaction {
  product: string;
  /** Canonical, sorted, '.'-joined contributing reactants. */
  reactants: string;
  specific: string;
  general: string;
}

export interface ExtractedBatch {
  reactions: ExtractedReaction[];
  failures: Record<string, number>;
  excluded: number;
}

/** Extracts a batch of atom-mapped reaction SMILES (runs in worker threads). */
export function extractReactions(
  records: string[],
  heldOut: ReadonlySet<string>,
  options: ExtractOptions = {},
): ExtractedBatch {
  const out: ExtractedBatch = { reactions: [], failures: {}, excluded: 0 };
  for (const text of records) {
    const result = extractTemplates(text, options);
    if (!result.ok) {
      out.failures[result.reason] = (out.failures[result.reason] ?? 0) + 1;
      continue;
    }
    const product = result.reaction.productSmiles;
    if (heldOut.size && heldOut.has(heldOutKey(product) ?? '')) {
      out.excluded++;
      continue;
    }
    const reactants = canonicalSet(result.reaction.reactantSmiles);
    if (!product || !reactants) {
      out.failures.invalid_smiles = (out.failures.invalid_smiles ?? 0) + 1;
      continue;
    }
    out.reactions.push({ product, reactants, specific: result.specific, general: result.general });
  }
  return out;
}

/** A training label: a distinct reaction and the template ids that reproduce it. */
export interface CorpusLabel {
  product: string;
  reactants: string;
  specific: string;
  general: string | null;
  /** Index of the source it was first found in. */
  source: number;
}

export interface SourceStats {
  file: string;
  kind: 'mapped' | 'reference-templates' | 'template-set';
  tally: Tally;
  /** Reactions already in the corpus from an earlier record or source. */
  duplicates: number;
  /** Template-set entries: how many were new to the corpus. */
  templatesAdded?: number;
}

export class CorpusBuilder {
  readonly sources: SourceStats[] = [];
  readonly labels: CorpusLabel[] = [];
  private readonly seen = new Set<string>();

  /** Starts a source; later additions count towards it. */
  begin(file: string, kind: SourceStats['kind']): SourceStats {
    const stats: SourceStats = { file, kind, tally: emptyTally(), duplicates: 0 };
    this.sources.push(stats);
    return stats;
  }

  private get current(): SourceStats {
    const s = this.sources[this.sources.length - 1];
    if (!s) throw new Error('begin() a source first');
    return s;
  }

  /** Adds the reactions of an extracted batch (duplicates counted, not added). */
  addExtracted(batch: ExtractedBatch): void {
    const { tally } = this.current;
    for (const [reason, n] of Object.entries(batch.failures)) {
      tally.reactions += n;
      tally.failures.set(reason, (tally.failures.get(reason) ?? 0) + n);
    }
    for (let i = 0; i < batch.excluded; i++) addExcluded(tally);
    for (const r of batch.reactions)
      this.addReaction(r.product, r.reactants, r.specific, r.general);
  }

  /**
   * A reaction recorded with a reference template (e.g. RDChiral's, from the
   * data set): kept when our canonical form of the template, applied to the
   * product, gives the recorded reactants. Returns why it was not added.
   */
  addWithReferenceTemplate(
    productSmiles: string,
    reactantSmiles: string,
    template: string,
    heldOut: ReadonlySet<string>,
  ): 'added' | 'duplicate' | 'held_out' | 'invalid' | 'not_reproduced' {
    const { tally } = this.current;
    const product = canonicalSmiles(productSmiles);
    const reactants = canonicalSet(reactantSmiles.split('.'));
    if (!product || !reactants) return this.fail('invalid_smiles', 'invalid');
    if (heldOut.has(heldOutKey(product) ?? '')) {
      addExcluded(tally);
      return 'held_out';
    }
    if (this.seen.has(key(product, reactants))) {
      tally.reactions++;
      this.current.duplicates++;
      return 'duplicate';
    }
    let canonical: string;
    try {
      canonical = canonicalizeTemplate(template);
      if (
        !applyTemplate(new RetroTemplate(canonical), new PreparedMolecule(product)).includes(
          reactants,
        )
      )
        return this.fail('not_reproduced', 'not_reproduced');
    } catch {
      return this.fail('invalid_template', 'invalid');
    }
    this.addReaction(product, reactants, canonical, null);
    return 'added';
  }

  /** A template known without its reactions: added with its own count when new to the corpus. */
  addTemplate(template: string, count: number): boolean {
    let canonical: string;
    try {
      canonical = canonicalizeTemplate(template);
      new RetroTemplate(canonical);
    } catch {
      this.fail('invalid_template', 'invalid');
      return false;
    }
    const stats = this.current;
    if (this.sources.some((s) => s.tally.specific.has(canonical))) return false;
    stats.tally.specific.set(canonical, count);
    stats.templatesAdded = (stats.templatesAdded ?? 0) + 1;
    return true;
  }

  private fail<T>(reason: string, answer: T): T {
    const { tally } = this.current;
    tally.reactions++;
    tally.failures.set(reason, (tally.failures.get(reason) ?? 0) + 1);
    return answer;
  }

  private addReaction(
    product: string,
    reactants: string,
    specific: string,
    general: string | null,
  ): void {
    const stats = this.current;
    const k = key(product, reactants);
    stats.tally.reactions++;
    if (this.seen.has(k)) {
      stats.duplicates++;
      return;
    }
    this.seen.add(k);
    const { tally } = stats;
    tally.extracted++;
    bump(tally.specific, specific);
    if (general !== null) {
      bump(tally.general, general);
      let links = tally.generalOf.get(specific);
      if (!links) tally.generalOf.set(specific, (links = new Map()));
      bump(links, general);
    }
    this.labels.push({
      product,
      reactants,
      specific: templateId(specific),
      general: general === null ? null : templateId(general),
      source: this.sources.length - 1,
    });
  }
}

function key(product: string, reactants: string): string {
  return `${product}>>${reactants}`;
}

function bump(map: Map<string, number>, k: string): void {
  map.set(k, (map.get(k) ?? 0) + 1);
}
