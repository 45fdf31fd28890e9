/**
 * Job parameters beyond what the schema checks: the engine and libraries must
 * exist (and be visible to the owner), and the operator's processing-time cap
 * applies. The result is the parameter set a job is computed and cached with.
 */
import type { EngineInfo, ErrorDetail, Parameters } from '../contract/index.js';
import type { ImportOptions, ImportReport } from '../stock/import.js';
import type { LibraryInfo } from '../stock/library.js';
import type { ParamSetInput, Store } from '../store/types.js';
import { specDocument } from './openapi.js';

export interface EngineCatalog {
  list(): EngineInfo[];
  get(id: string): EngineInfo | undefined;
  readonly defaultId?: string;
}

/** What the API needs of the building-block registry (LibraryRegistry provides it). */
export interface LibraryCatalog {
  list(): LibraryInfo[];
  get(id: string): LibraryInfo | undefined;
  import(path: string, options: ImportOptions): Promise<ImportReport>;
  remove(id: string): boolean;
}

export interface ParamContext {
  store: Store;
  engines: EngineCatalog;
  libraries: LibraryCatalog;
  /** Operator cap on processing_time, seconds. */
  maxProcessingTime?: number;
}

export type Resolved =
  { ok: true; paramSet: ParamSetInput } | { ok: false; details: ErrorDetail[] };

/**
 * Whose a library is: its uploader's, everyone's (`null`: bundled and
 * operator-installed libraries have no owner row), or undefined once it is
 * gone. An upload's row is written before its file and removed after it, so
 * a row found missing while the file is still there afterwards means a public
 * library, never one deleted while this looked (which would have shown it to
 * every owner as public for a moment).
 */
export async function libraryOwnerOf(
  ctx: Pick<ParamContext, 'store' | 'libraries'>,
  id: string,
): Promise<string | null | undefined> {
  const owner = await ctx.store.libraryOwner(id);
  if (owner !== undefined) return owner;
  return ctx.libraries.get(id) ? null : undefined;
}

/**
 * A library `owner` may use (and see), with whose it is (`null`: public):
 * public ones, and their own uploads.
 */
export async function visibleLibrary(
  ctx: Pick<ParamContext, 'store' | 'libraries'>,
  owner: string,
  id: string,
): Promise<{ info: LibraryInfo; owner: string | null } | undefined> {
  const info = ctx.libraries.get(id);
  if (!info) return undefined;
  const libOwner = await libraryOwnerOf(ctx, id);
  return libOwner === null || libOwner === owner ? { info, owner: libOwner } : undefined;
}

/** The members of the document's `Parameters`. */
const PARAMETER_NAMES = new Set(
  Object.keys(
    (specDocument.components.schemas.Parameters as { properties: Record<string, unknown> })
      .properties,
  ),
);

/**
 * Drops the members `Parameters` does not define, as the reference service
 * (pydantic) ignores them: they were stored with the job, shown back, and
 * hashed into its result's key (one nested 5,000 levels deep overflowed the
 * stack there: 500).
 */
function dropUnknownMembers(params: Parameters): void {
  for (const key of Object.keys(params))
    if (!PARAMETER_NAMES.has(key)) delete (params as unknown as Record<string, unknown>)[key];
}

export async function resolveParameters(
  ctx: ParamContext,
  owner: string,
  params: Parameters,
  at: (string | number)[],
): Promise<Resolved> {
  dropUnknownMembers(params);
  const details: ErrorDetail[] = [];
  const engine = ctx.engines.get(params.retrosynthesis_engine);
  if (!engine)
    details.push({
      location: [...at, 'retrosynthesis_engine'],
      error_type: 'unknown_engine',
      message: `Unknown retrosynthesis engine id '${params.retrosynthesis_engine}'.`,
      input: params.retrosynthesis_engine,
    });
  // Named twice is named once (the list is stored and shown collapsed).
  params.building_block_libraries = [...new Set(params.building_block_libraries)];
  const libraryVersions: Record<string, string> = {};
  for (const [i, id] of params.building_block_libraries.entries()) {
    const visible = await visibleLibrary(ctx, owner, id);
    if (visible) libraryVersions[id] = visible.info.version;
    else
      details.push({
        location: [...at, 'building_block_libraries', i],
        error_type: 'unknown_library',
        message: `Unknown building block library id '${id}'.`,
        input: id,
      });
  }
  if (details.length || !engine) return { ok: false, details };
  const cap = ctx.maxProcessingTime ?? Number.POSITIVE_INFINITY;
  return {
    ok: true,
    paramSet: {
      runParameters: { ...params, processing_time: Math.min(params.processing_time, cap) },
      engineVersion: engine.version,
      libraryVersions,
    },
  };
}

/** A message naming the unknown ids (the first few), for the error body. */
export function unknownIdsMessage(details: ErrorDetail[]): string {
  const shown = details.slice(0, 3).map((d) => d.message);
  if (details.length > shown.length) shown.push(`(${details.length - shown.length} more)`);
  return shown.join(' ');
}
