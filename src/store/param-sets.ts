/**
 * Parameter-set identity shared by every backend: which jobs compute the same
 * thing (and so may share a result), and which engine options differ from
 * the defaults.
 */
import { createHash } from 'node:crypto';
import type { ParamSetInput, RunOptions } from './types.js';

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
