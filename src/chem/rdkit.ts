/**
 * The one RDKit (WASM MinimalLib) instance of this thread, and a scope helper
 * that frees every WASM object on every path: leaked objects grow WASM memory
 * until the process dies, so nothing outside src/chem ever sees an RDKit handle.
 */
import rdkitFactory from '@rdkit/rdkit';
import type { MainModule, Mol as JSMol } from '@rdkit/rdkit';

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

/** The loaded instance; call `await loadRDKit()` once at start-up before using chemistry. */
export function rdkit(): RDKitModule {
  if (!instance) throw new Error('RDKit is not loaded: await loadRDKit() first');
  return instance;
}

/** Runs `fn` with a tracker; every object passed to `own` is deleted when fn returns or throws. */
export function withScope<T>(fn: (own: <O extends Deletable | null>(obj: O) => O) => T): T {
  const owned: Deletable[] = [];
  const own = <O extends Deletable | null>(obj: O): O => {
    if (obj) owned.push(obj);
    return obj;
  };
  try {
    return fn(own);
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
