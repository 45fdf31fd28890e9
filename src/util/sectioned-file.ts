/**
 * A binary file of named typed-array sections behind a JSON header:
 *   4-byte magic | u32 format version | u32 header length | header JSON | 8-byte aligned sections
 * Loading is one read plus zero-copy typed-array views.
 */
import { closeSync, openSync, readFileSync, readSync, renameSync, writeSync } from 'node:fs';

export type SectionArray =
  Int8Array | Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
type SectionType = 'i8' | 'u8' | 'u16' | 'u32' | 'i32' | 'f32' | 'f64';
export type SectionLayout = Record<string, { offset: number; length: number; type: SectionType }>;

const CTORS = {
  i8: Int8Array,
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  i32: Int32Array,
  f32: Float32Array,
  f64: Float64Array,
} as const;

function typeOf(a: SectionArray): SectionType {
  if (a instanceof Int8Array) return 'i8';
  if (a instanceof Uint8Array) return 'u8';
  if (a instanceof Uint16Array) return 'u16';
  if (a instanceof Uint32Array) return 'u32';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Float32Array) return 'f32';
  return 'f64';
}

export class SectionedFileError extends Error {}

export function writeSectionedFile(
  path: string,
  magic: string,
  version: number,
  header: Record<string, unknown>,
  sections: Record<string, SectionArray>,
): void {
  const layout: SectionLayout = {};
  let offset = 0;
  for (const [name, arr] of Object.entries(sections)) {
    layout[name] = { offset, length: arr.length, type: typeOf(arr) };
    offset += align8(arr.byteLength);
  }
  const json = Buffer.from(JSON.stringify({ ...header, sections: layout }), 'utf8');
  const preamble = Buffer.alloc(12);
  preamble.write(magic, 0, 'ascii');
  preamble.writeUInt32LE(version, 4);
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

export interface SectionedFile<H> {
  header: H & { sections: SectionLayout };
  section<T extends SectionArray>(name: string): T | undefined;
}

function checkPreamble(
  pre: Buffer,
  path: string,
  magic: string,
  version: number,
  what: string,
): number {
  if (pre.length < 12 || pre.toString('ascii', 0, 4) !== magic) {
    throw new SectionedFileError(`${path} is not a SynRoute ${what}`);
  }
  const found = pre.readUInt32LE(4);
  if (found !== version) {
    throw new SectionedFileError(
      `${path} has ${what} format version ${found}; this SynRoute reads ${version}`,
    );
  }
  return pre.readUInt32LE(8);
}

export function readSectionedHeader<H>(
  path: string,
  magic: string,
  version: number,
  what: string,
): H {
  const fd = openSync(path, 'r');
  try {
    const pre = Buffer.alloc(12);
    readSync(fd, pre, 0, 12, 0);
    const length = checkPreamble(pre, path, magic, version, what);
    const json = Buffer.alloc(length);
    readSync(fd, json, 0, length, 12);
    return JSON.parse(json.toString('utf8')) as H;
  } finally {
    closeSync(fd);
  }
}

export function readSectionedFile<H>(
  path: string,
  magic: string,
  version: number,
  what: string,
): SectionedFile<H> {
  const buf = readFileSync(path);
  const length = checkPreamble(buf, path, magic, version, what);
  const header = JSON.parse(buf.toString('utf8', 12, 12 + length)) as H & {
    sections: SectionLayout;
  };
  const base = align8(12 + length);
  // One aligned copy so every section can be a typed-array view.
  const body = new Uint8Array(new ArrayBuffer(buf.length - base));
  body.set(buf.subarray(base));
  return {
    header,
    section<T extends SectionArray>(name: string): T | undefined {
      const s = header.sections[name];
      if (!s) return undefined;
      return new CTORS[s.type](body.buffer, s.offset, s.length) as T;
    },
  };
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
