/**
 * The one RDKit (WASM MinimalLib) instance of this thread, and a scope helper
 * that frees every WASM object on every path: leaked objects grow WASM memory
 * until the process dies, so nothing outside src/chem ever sees an RDKit handle.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import rdkitFactory from '@rdkit/rdkit';
import type { MainModule, Mol as JSMol, Reaction as JSReaction } from '@rdkit/rdkit';
import { structureProblem } from './input-size.js';

export type RDKitModule = MainModule;
export type { JSMol };

interface Deletable {
  delete(): void;
}

// The package is CommonJS: its default import is the factory function itself.
const initRDKitModule = rdkitFactory as unknown as () => Promise<RDKitModule>;

let instance: RDKitModule | undefined;
let loading: Promise<RDKitModule> | undefined;
let errorLog: { get_buffer(): string; clear_buffer(): void } | null = null;

interface WasmMemory {
  buffer: ArrayBuffer;
}
interface WasmApi {
  instantiate(...args: unknown[]): Promise<{ instance?: { exports: Record<string, unknown> } }>;
  Memory: new (...args: never[]) => WasmMemory;
}
let wasmMemory: WasmMemory | undefined;

/**
 * The module does not export its heap, so while it loads we watch
 * WebAssembly.instantiate for the memory it creates (for soak tests and metrics).
 */
async function instantiateWatchingMemory(): Promise<RDKitModule> {
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const original = wasm.instantiate;
  wasm.instantiate = async (...args: unknown[]) => {
    const result = await original.apply(wasm, args);
    for (const value of Object.values(result.instance?.exports ?? {})) {
      if (value instanceof wasm.Memory) wasmMemory = value;
    }
    return result;
  };
  try {
    return await initRDKitModule();
  } finally {
    wasm.instantiate = original;
  }
}

/** Loads RDKit once per thread; later calls return the same instance. */
export function loadRDKit(): Promise<RDKitModule> {
  if (instance) return Promise.resolve(instance);
  loading ??= instantiateWatchingMemory().then((rdkit: RDKitModule) => {
    rdkit.disable_logging();
    errorLog = rdkit.set_log_capture('rdApp.error');
    instance = rdkit;
    return rdkit;
  });
  return loading as Promise<RDKitModule>;
}

/** Thrown while this thread's RDKit is being replaced after an abort: retry shortly. */
export class ChemistryUnavailableError extends Error {
  readonly code = 'chemistry_unavailable';
}

/** Thrown when RDKit aborted (a WASM trap) on the structure being processed. */
export class ChemistryCrashError extends Error {
  readonly code = 'chemistry_crash';
}

export interface RDKitStatus {
  /** `restarting` between an abort and the new instance being ready. */
  state: 'ok' | 'restarting' | 'not_loaded';
  /** Aborts of RDKit on this thread since start. */
  crashes: number;
  lastCrashAt: string | null;
}

const status: RDKitStatus = { state: 'not_loaded', crashes: 0, lastCrashAt: null };

export function rdkitStatus(): RDKitStatus {
  const state = instance ? 'ok' : status.crashes ? 'restarting' : 'not_loaded';
  return { ...status, state };
}

/**
 * An abort (WASM trap) leaves the instance's memory corrupt: every later call
 * would fail. Drop it and load a fresh one; calls in between get
 * ChemistryUnavailableError.
 */
function replaceBrokenInstance(): void {
  status.crashes++;
  status.lastCrashAt = new Date().toISOString();
  instance = undefined;
  errorLog = null;
  wasmMemory = undefined;
  loading = undefined;
  void loadRDKit().catch(() => {
    // The next loadRDKit() call tries again.
    loading = undefined;
  });
}

/** Resolves once a replacement after an abort is ready (at once when nothing is pending). */
export async function rdkitReady(): Promise<void> {
  if (!instance) await loadRDKit();
}

/** The loaded instance; call `await loadRDKit()` once at start-up before using chemistry. */
export function rdkit(): RDKitModule {
  if (instance) return instance;
  if (status.crashes)
    throw new ChemistryUnavailableError('the chemistry engine is restarting after an abort');
  throw new Error('RDKit is not loaded: await loadRDKit() first');
}

let installedRelease: string | undefined;

/**
 * The RDKit release this thread computes with (as RDKit writes it: "2026.09.1").
 * Outcomes depend on it, so it is part of the engine version, which is needed
 * before RDKit has loaded: then it is read from the installed package, whose
 * version is the same release with the month unpadded ("2026.9.1").
 */
export function rdkitVersion(): string {
  if (instance) return instance.version();
  if (!installedRelease) {
    const main = createRequire(import.meta.url).resolve('@rdkit/rdkit');
    const pkg = JSON.parse(readFileSync(join(dirname(main), '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    const [year, month, rest] = pkg.version.split('.');
    installedRelease = `${year}.${month.padStart(2, '0')}.${rest}`;
  }
  return installedRelease;
}

/**
 * RDKit's get_mol for text from outside (SMILES or molblock): null, like a
 * parse failure, when the structure is larger than RDKit survives.
 */
export function readMol(text: string, details?: string): JSMol | null {
  if (structureProblem(text)) return null;
  return details === undefined ? rdkit().get_mol(text) : rdkit().get_mol(text, details);
}

/** RDKit's get_rxn for a reaction SMILES, with the same size check over all its molecules. */
export function readReaction(text: string, details: string): JSReaction | null {
  if (structureProblem(text)) return null;
  return rdkit().get_rxn(text, details);
}

/** Runs `fn` with a tracker; every object passed to `own` is deleted when fn returns or throws. */
export function withScope<T>(fn: (own: <O extends Deletable | null>(obj: O) => O) => T): T {
  const owned: Deletable[] = [];
  const own = <O extends Deletable | null>(obj: O): O => {
    if (obj) owned.push(obj);
    return obj;
  };
  const used = instance;
  try {
    return fn(own);
  } catch (e) {
    if (isWasmTrap(e)) {
      owned.length = 0; // nothing can be freed in a corrupt instance
      if (used && used === instance) replaceBrokenInstance();
      throw new ChemistryCrashError(`RDKit aborted (${e.message}); its instance was replaced`);
    }
    throw e;
  } finally {
    for (let i = owned.length - 1; i >= 0; i--) {
      try {
        owned[i].delete();
      } catch {
        // already deleted: nothing to free
      }
    }
  }
}

/** A WebAssembly trap (RuntimeError), as opposed to a C++ exception RDKit threw and survives. */
function isWasmTrap(e: unknown): e is Error {
  const wasm = (globalThis as unknown as { WebAssembly: { RuntimeError: new () => Error } })
    .WebAssembly;
  return e instanceof wasm.RuntimeError;
}

/** Last RDKit error message (parse or sanitization), cleared after reading. */
export function takeRDKitError(): string {
  if (!errorLog) return '';
  const text = errorLog.get_buffer();
  errorLog.clear_buffer();
  return text
    .split('\n')
    .map((l) => l.replace(/^\[\d\d:\d\d:\d\d\]\s*/, '').trim())
    .filter(Boolean)
    .join('; ');
}

/** Size of RDKit's WASM memory in bytes (it only grows when the heap needs more). */
export function rdkitHeapBytes(): number {
  if (!wasmMemory)
    throw new Error('RDKit WASM memory is not known: was RDKit loaded with loadRDKit()?');
  return wasmMemory.buffer.byteLength;
}
