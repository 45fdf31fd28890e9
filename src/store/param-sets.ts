/**
 * Parameter-set identity shared by every backend: which jobs compute the same
 * thing (and so may share a result), and which engine options differ from
 * the defaults.
 */
import { createHash } from 'node:crypto';
import { ByteLruCache, stringBytes } from '../util/byte-lru.js';
import type { ParamSetInput, RunOptions } from './types.js';

/** Memory the queue may spend on parameter sets it read (starting materials can be large). */
export const PARAM_SET_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Parameter sets by row id, as the queue hands them to workers. Bounded by
 * bytes; sets of deleted batches are dropped (on SQLite their ids can come back).
 */
export function paramSetCache(
  maxBytes = PARAM_SET_CACHE_BYTES,
): ByteLruCache<number, ParamSetInput> {
  return new ByteLruCache(maxBytes, (p) => stringBytes(JSON.stringify(p)));
}

/**
 * Identifies a parameter set. Run options join the key only when set, so keys
 * (and cached results) of plain Retro v2 jobs are unchanged; `batch` scopes a
 * set to one batch (one holding ad-hoc starting materials).
 */
export function cacheKey(p: ParamSetInput, batch?: number): string {
  const parts: unknown[] = [
    p.engineVersion,
    Object.entries(p.libraryVersions).sort(([a], [b]) => a.localeCompare(b)),
    Object.entries(p.runParameters).sort(([a], [b]) => a.localeCompare(b)),
  ];
  const options = runOptionsOf(p);
  if (options) parts.push(options);
  if (batch !== undefined) parts.push({ batch });
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** The run options that differ from the defaults, or undefined when none does. */
export function runOptionsOf(p: RunOptions): RunOptions | undefined {
  const out: RunOptions = {};
  if (p.startingMaterials?.length) out.startingMaterials = p.startingMaterials;
  if (p.exploratory) out.exploratory = true;
  if (p.detailLevel === 'synthesis') out.detailLevel = 'synthesis';
  return Object.keys(out).length ? out : undefined;
}
