/**
 * Counting extracted templates over many reactions (mergeable, so worker
 * threads can each count a share) and turning the counts into a library.
 */
import { ExtractResult } from './extract.js';
import {
  LIBRARY_FORMAT,
  LIBRARY_VERSION,
  LibraryFile,
  LibrarySource,
  StoredTemplate,
} from './library.js';

/** Counts for one input file (Maps survive the trip back from worker threads). */
export interface Tally {
  reactions: number;
  extracted: number;
  excluded: number;
  failures: Map<string, number>;
  specific: Map<string, number>;
  general: Map<string, number>;
  /** specific template -> its reactions' general templates -> count */
  generalOf: Map<string, Map<string, number>>;
}

export function emptyTally(): Tally {
  return {
    reactions: 0,
    extracted: 0,
    excluded: 0,
    failures: new Map(),
    specific: new Map(),
    general: new Map(),
    generalOf: new Map(),
  };
}

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Records one reaction's extraction result. */
export function addResult(tally: Tally, result: ExtractResult): void {
  tally.reactions++;
  if (!result.ok) {
    bump(tally.failures, result.reason);
    return;
  }
  tally.extracted++;
  bump(tally.specific, result.specific);
  bump(tally.general, result.general);
  let links = tally.generalOf.get(result.specific);
  if (!links) tally.generalOf.set(result.specific, (links = new Map()));
  bump(links, result.general);
}

/** Records a reaction left out because its product is held out. */
export function addExcluded(tally: Tally): void {
  tally.reactions++;
  tally.excluded++;
}

/** Adds `from` into `into`. */
export function mergeTally(into: Tally, from: Tally): void {
  into.reactions += from.reactions;
  into.extracted += from.extracted;
  into.excluded += from.excluded;
  for (const [k, v] of from.failures) bump(into.failures, k, v);
  for (const [k, v] of from.specific) bump(into.specific, k, v);
  for (const [k, v] of from.general) bump(into.general, k, v);
  for (const [s, links] of from.generalOf) {
    let target = into.generalOf.get(s);
    if (!target) into.generalOf.set(s, (target = new Map()));
    for (const [g, v] of links) bump(target, g, v);
  }
}

export interface BuildOptions {
  name: string;
  minCount: number;
  settings: Record<string, unknown>;
  createdAt?: string;
}

/**
 * Library entries from per-file tallies: one entry per distinct template, in
 * a deterministic order (specific first, then by count, then by text).
 */
export function buildLibrary(sources: SourceTally[], options: BuildOptions): LibraryFile {
  const total = emptyTally();
  for (const s of sources) mergeTally(total, s.tally);
  const entries = new Map<string, StoredTemplate>();
  for (const [smarts, count] of total.specific) {
    if (count >= options.minCount) entries.set(smarts, { smarts, count, specificity: 'specific' });
  }
  for (const [smarts, count] of total.general) {
    if (count < options.minCount) continue;
    const existing = entries.get(smarts);
    if (existing) existing.generalCount = count;
    else entries.set(smarts, { smarts, count, specificity: 'general' });
  }
  const templates = [...entries.values()].sort(
    (a, b) =>
      (a.specificity === b.specificity ? 0 : a.specificity === 'specific' ? -1 : 1) ||
      b.count - a.count ||
      (a.smarts < b.smarts ? -1 : a.smarts > b.smarts ? 1 : 0),
  );
  const position = new Map(templates.map((t, i) => [t.smarts, i]));
  for (const [smarts, links] of total.generalOf) {
    const general = mostFrequent(links);
    const at = position.get(smarts);
    const target = general === undefined ? undefined : position.get(general);
    if (at !== undefined && target !== undefined && target !== at) templates[at].general = target;
  }
  return {
    format: LIBRARY_FORMAT,
    version: LIBRARY_VERSION,
    name: options.name,
    createdAt: options.createdAt ?? new Date().toISOString(),
    sources: sources.map(sourceSummary),
    settings: { ...options.settings, minCount: options.minCount },
    templates,
  };
}

function mostFrequent(counts: Map<string, number>): string | undefined {
  let best: string | undefined;
  let bestCount = -1;
  for (const [k, v] of counts) {
    if (v > bestCount || (v === bestCount && best !== undefined && k < best)) {
      best = k;
      bestCount = v;
    }
  }
  return best;
}

/** One input's counts, as the library records them. */
export interface SourceTally {
  file: string;
  tally: Tally;
  kind?: LibrarySource['kind'];
  duplicates?: number;
  templatesAdded?: number;
}

function sourceSummary(source: SourceTally): LibrarySource {
  const { file, tally, kind, duplicates, templatesAdded } = source;
  return {
    file,
    ...(kind ? { kind } : {}),
    reactions: tally.reactions,
    extracted: tally.extracted,
    excluded: tally.excluded,
    ...(duplicates ? { duplicates } : {}),
    ...(templatesAdded !== undefined ? { templatesAdded } : {}),
    failures: Object.fromEntries([...tally.failures].sort((a, b) => b[1] - a[1])),
  };
}
