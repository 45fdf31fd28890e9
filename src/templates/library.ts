/**
 * Template libraries: versioned files of canonical retro templates with
 * counts, loaded fast (templates are parsed only when first used).
 *
 * File: JSON, gzip-compressed when the name ends in .gz:
 *   { format: "synroute-templates", version: 1, name, createdAt,
 *     sources: [...], settings: {...},
 *     templates: [{ smarts, count, specificity, general?, generalCount? }, ...] }
 * with `general` the position of the linked general template.
 *
 * A template's id is the first 16 hex digits of the SHA-256 of its canonical
 * SMARTS (canonical.ts): stable across rebuilds, libraries and machines, so
 * the same template has the same id in every library. Ids are derived when
 * a library is loaded rather than stored (they would double the file).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { RetroTemplate } from '../chem/index.js';

export const LIBRARY_FORMAT = 'synroute-templates';
export const LIBRARY_VERSION = 1;

export type TemplateSpecificity = 'specific' | 'general';

/** A template as stored in the file (ids are derived, links are positions). */
export interface StoredTemplate {
  /** Canonical retro template `product>>reactants`. */
  smarts: string;
  /**
   * Reactions whose template at this entry's specificity is this one
   * (for "specific": their RDChiral-default template; for "general": their
   * reaction-centre template).
   */
  count: number;
  /** "specific" when it is some reaction's RDChiral-default template, else "general". */
  specificity: TemplateSpecificity;
  /** Specific entries: position in `templates` of their reactions' (most frequent) general form. */
  general?: number;
  /** Specific entries that are also the general form of some reactions: how many. */
  generalCount?: number;
}

/** A template of a loaded library. */
export interface TemplateEntry {
  /** Stable id: see templateId(). */
  id: string;
  smarts: string;
  count: number;
  specificity: TemplateSpecificity;
  /** Specific entries: id of the general form of their reactions, when in the library. */
  general?: string;
  generalCount?: number;
}

export interface LibrarySource {
  /** File name (no directory, so libraries do not depend on where data lived). */
  file: string;
  /** Records read (reactions). */
  reactions: number;
  /** Reactions that gave templates. */
  extracted: number;
  /** Reactions left out because their product is a held-out product. */
  excluded: number;
  /** What the file holds: atom-mapped reactions (default), reactions with reference templates, or templates only. */
  kind?: 'mapped' | 'reference-templates' | 'template-set';
  /** Reactions already counted from an earlier record or file (counted once). */
  duplicates?: number;
  /** Template sets: templates that were new to the library. */
  templatesAdded?: number;
  /** Reactions that gave no template, by reason. */
  failures: Record<string, number>;
}

export interface LibraryFile {
  format: typeof LIBRARY_FORMAT;
  version: typeof LIBRARY_VERSION;
  name: string;
  createdAt: string;
  sources: LibrarySource[];
  /** How the templates were made (extraction settings, min count, held-out products). */
  settings: Record<string, unknown>;
  templates: StoredTemplate[];
}

export class LibraryError extends Error {}

/** The stable id of a canonical template string. */
export function templateId(smarts: string): string {
  return createHash('sha256').update(smarts).digest('hex').slice(0, 16);
}

export class TemplateLibrary implements Iterable<TemplateEntry> {
  private readonly all: TemplateEntry[];
  private readonly byId = new Map<string, number>();
  private readonly parsed = new Map<number, RetroTemplate>();

  constructor(readonly file: LibraryFile) {
    const ids = file.templates.map((t) => templateId(t.smarts));
    this.all = file.templates.map((t, i) => {
      const entry: TemplateEntry = {
        id: ids[i],
        smarts: t.smarts,
        count: t.count,
        specificity: t.specificity,
      };
      if (t.general !== undefined) entry.general = ids[t.general];
      if (t.generalCount !== undefined) entry.generalCount = t.generalCount;
      return entry;
    });
    ids.forEach((id, i) => {
      if (this.byId.has(id))
        throw new LibraryError(`template ${i} repeats template ${this.byId.get(id)}`);
      this.byId.set(id, i);
    });
  }

  /** Reads a library file (gzip or plain JSON); rejects other formats and versions. */
  static load(path: string): TemplateLibrary {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      throw new LibraryError(
        `cannot read template library ${path}: ${(e as NodeJS.ErrnoException).code ?? e}`,
      );
    }
    let data: unknown;
    try {
      const text =
        bytes[0] === 0x1f && bytes[1] === 0x8b
          ? gunzipSync(bytes).toString('utf8')
          : bytes.toString('utf8');
      data = JSON.parse(text);
    } catch {
      throw new LibraryError(`${path} is not a SynRoute template library (not JSON or gzip JSON)`);
    }
    return TemplateLibrary.fromJSON(data, path);
  }

  /** Checks format, version and entries of parsed JSON. */
  static fromJSON(data: unknown, origin = 'input'): TemplateLibrary {
    const file = data as Partial<LibraryFile> | null;
    if (!file || typeof file !== 'object' || file.format !== LIBRARY_FORMAT) {
      throw new LibraryError(
        `${origin} is not a SynRoute template library (format is not "${LIBRARY_FORMAT}")`,
      );
    }
    if (file.version !== LIBRARY_VERSION) {
      throw new LibraryError(
        `${origin}: template library version ${String(file.version)} is not supported (this SynRoute reads version ${LIBRARY_VERSION})`,
      );
    }
    if (!Array.isArray(file.templates)) throw new LibraryError(`${origin}: templates missing`);
    const n = file.templates.length;
    file.templates.forEach((t, i) => {
      if (typeof t?.smarts !== 'string' || typeof t.count !== 'number') {
        throw new LibraryError(`${origin}: template ${i} lacks smarts or count`);
      }
      if (
        t.general !== undefined &&
        !(Number.isInteger(t.general) && t.general >= 0 && t.general < n)
      ) {
        throw new LibraryError(
          `${origin}: template ${i} links to a general template that is not there`,
        );
      }
      if (t.specificity !== 'specific' && t.specificity !== 'general') {
        throw new LibraryError(
          `${origin}: template ${i} has unknown specificity ${String(t.specificity)}`,
        );
      }
    });
    return new TemplateLibrary(file as LibraryFile);
  }

  /** Writes the library: gzip JSON when the path ends in .gz, plain JSON otherwise. */
  save(path: string): void {
    const json = JSON.stringify(this.file);
    writeFileSync(path, path.endsWith('.gz') ? gzipSync(json, { level: 9 }) : json);
  }

  get name(): string {
    return this.file.name;
  }

  get size(): number {
    return this.file.templates.length;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  entry(id: string): TemplateEntry | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.all[i];
  }

  /** The parsed template (parsed on first use, then cached); undefined for unknown ids. */
  template(id: string): RetroTemplate | undefined {
    const i = this.byId.get(id);
    if (i === undefined) return undefined;
    let tpl = this.parsed.get(i);
    if (!tpl) {
      tpl = new RetroTemplate(this.all[i].smarts);
      this.parsed.set(i, tpl);
    }
    return tpl;
  }

  [Symbol.iterator](): Iterator<TemplateEntry> {
    return this.all[Symbol.iterator]();
  }

  /** Entries of one specificity, in file order (most frequent first). */
  entries(specificity?: TemplateSpecificity): TemplateEntry[] {
    return specificity ? this.all.filter((t) => t.specificity === specificity) : [...this.all];
  }
}
