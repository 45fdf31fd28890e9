/**
 * What this process can compute: the engine versions it ships and the
 * building-block library versions in its data directory. Read again every
 * few seconds, so a library uploaded or synchronized meanwhile is announced.
 */
import type { WorkerCapabilities } from '../store/types.js';

interface Catalogs {
  engines: { list(): { version: string }[] };
  libraries: { list(): { id: string; version: string }[] };
}

export function capabilitiesOf(catalogs: Catalogs, ttlMs = 2_000): () => WorkerCapabilities {
  let cached: { at: number; value: WorkerCapabilities } | undefined;
  return () => {
    const now = Date.now();
    if (!cached || now - cached.at > ttlMs) {
      const libraries: Record<string, string> = {};
      for (const l of catalogs.libraries.list()) libraries[l.id] = l.version;
      cached = {
        at: now,
        value: { engines: catalogs.engines.list().map((e) => e.version), libraries },
      };
    }
    return cached.value;
  };
}

/** A worker id unique across machines and restarts: host, process and a random part. */
export function workerId(host: string, pid: number, random: string): string {
  return `${host}:${pid}:${random}`;
}
