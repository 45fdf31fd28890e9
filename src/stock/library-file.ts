/**
 * On-disk format of a building-block library: a small JSON header followed
 * by flat typed-array sections, so a library of a million molecules loads as
 * a handful of zero-copy views and a lookup is one hash-table probe.
 *
 *   "SRBB" | u32 format version | u32 header length | header JSON | sections (8-byte aligned)
 */
import { closeSync, openSync, readFileSync, readSync, renameSync, writeSync } from 'node:fs';

export const LIBRARY_FORMAT_VERSION = 1;
const MAGIC = 'SRBB';

export interface LibraryHeader {
  format: 'synroute-building-blocks';
  version: number;
  id: string;
  name: string;
  provider: string;
  description?: string;
  size: number;
  createdAt: string;
  /** How keys were made ("rdkit-canonical" or "rdkit-canonical-trusted"). */
  keys: string;
  /** Provider and availability dictionaries indexed by the per-entry columns. */
  providers: string[];
  availabilities: string[];
  import: { rows: number; invalid: number; duplicates: number; invalidExamples: string[] };
  sections: Record<string, { offset: number; length: number; type: SectionType }>;
}

type SectionType = 'u8' | 'u16' | 'u32' | 'f64';

export type SectionArray = Uint8Array | Uint16Array | Uint32Array | Float64Array;

function typeOf(a: SectionArray): SectionType {
  if (a instanceof Uint8Array) return 'u8';
  if (a instanceof Uint16Array) return 'u16';
  if (a instanceof Uint32Array) return 'u32';
  return 'f64';
}

export function writeLibraryFile(
  path: string,
  header: Omit<LibraryHeader, 'sections' | 'format' | 'version'>,
  sections: Record<string, SectionArray>,
): void {
  const layout: LibraryHeader['sections'] = {};
  let offset = 0;
  for (const [name, arr] of Object.entries(sections)) {
    layout[name] = { offset, length: arr.length, type: typeOf(arr) };
    offset += align8(arr.byteLength);
  }
  const full: LibraryHeader = {
    format: 'synroute-building-blocks',
    version: LIBRARY_FORMAT_VERSION,
    ...header,
    sections: layout,
  };
  const json = Buffer.from(JSON.stringify(full), 'utf8');
  const preamble = Buffer.alloc(12);
  preamble.write(MAGIC, 0, 'ascii');
  preamble.writeUInt32LE(LIBRARY_FORMAT_VERSION, 4);
  preamble.writeUInt32LE(json.length, 8);
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, preamble);
    writeSync(fd, json);
    writeSync(fd, Buffer.alloc(align8(12 + json.length) - 12 - json.length));
    for (const arr of Object.values(sections)) {
      const bytes = Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength);
      writeSync(fd, bytes);
      writeSync(fd, Buffer.alloc(align8(bytes.length) - bytes.length));
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export class LibraryFileError extends Error {}

export interface LoadedLibraryFile {
  header: LibraryHeader;
  section<T extends SectionArray>(name: string): T | undefined;
}

/** Reads only the header (listing libraries without loading them). */
export function readLibraryHeader(path: string): LibraryHeader {
  const fd = openSync(path, 'r');
  try {
    const pre = Buffer.alloc(12);
    readSync(fd, pre, 0, 12, 0);
    if (pre.toString('ascii', 0, 4) !== MAGIC)
      throw new LibraryFileError(`${path} is not a SynRoute building-block library`);
    const length = pre.readUInt32LE(8);
    const json = Buffer.alloc(length);
    readSync(fd, json, 0, length, 12);
    return JSON.parse(json.toString('utf8')) as LibraryHeader;
  } finally {
    closeSync(fd);
  }
}

export function readLibraryFile(path: string): LoadedLibraryFile {
  const buf = readFileSync(path);
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== MAGIC) {
    throw new LibraryFileError(`${path} is not a SynRoute building-block library`);
  }
  const version = buf.readUInt32LE(4);
  if (version !== LIBRARY_FORMAT_VERSION) {
    throw new LibraryFileError(
      `${path} has library format version ${version}; this SynRoute reads ${LIBRARY_FORMAT_VERSION}`,
    );
  }
  const headerLength = buf.readUInt32LE(8);
  const header = JSON.parse(buf.toString('utf8', 12, 12 + headerLength)) as LibraryHeader;
  const base = align8(12 + headerLength);
  // Copy into an 8-byte aligned ArrayBuffer once so sections can be typed views.
  const body = new Uint8Array(new ArrayBuffer(buf.length - base));
  body.set(buf.subarray(base));
  return {
    header,
    section<T extends SectionArray>(name: string): T | undefined {
      const s = header.sections[name];
      if (!s) return undefined;
      const ctor = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, f64: Float64Array }[
        s.type
      ];
      return new ctor(body.buffer, s.offset, s.length) as T;
    },
  };
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
