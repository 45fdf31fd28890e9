/**
 * Multipart bodies for `POST /libraries` from the fuzzer: building-block files
 * that import, random bytes, truncated gzip, small gzip bombs, odd and long
 * file names, many fields or files, and broken multipart framing.
 */
import { gzipSync } from 'node:zlib';
import type { Rng } from './random.js';
import { adversarialSmiles, adversarialString, GOOD_SMILES } from './values.js';

export interface RawBody {
  payload: Buffer;
  headers: Record<string, string>;
  /** What the body is, for failure reports. */
  label: string;
}

/** Sizes the fuzz app is configured with, so that bodies can aim just over them. */
export interface UploadLimits {
  uploadLimitBytes: number;
  maxInflatedBytes: number;
}

interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  content: Buffer;
}

/** Whether an upload would reach the (slow: a thread with RDKit) import, so runs can ration them. */
export type UploadKind = 'imports' | 'refused';

export function libraryUpload(rng: Rng, limits: UploadLimits): RawBody & { kind: UploadKind } {
  const boundary = `----fuzz${rng.hex(rng.int(1, 40))}`;
  const kind: UploadKind = rng.chance(0.25) ? 'imports' : 'refused';
  const parts: Part[] = [];
  let label: string;
  if (kind === 'imports') {
    const file = fileContent(rng, limits);
    label = file.label;
    parts.push({ name: 'file', filename: file.filename, content: file.content });
    if (rng.chance(0.5)) parts.push(field('name', rng.chance(0.7) ? 'fuzz lib' : 'é☃'.repeat(50)));
    if (rng.chance(0.3)) parts.push(field('provider', 'fuzz_provider'));
    if (rng.chance(0.3)) parts.push(field('format', rng.pick(['smi', 'csv', 'sdf', 'inchikey'])));
  } else {
    label = refusedUpload(rng, limits, parts);
  }
  const framing = kind === 'refused' && rng.chance(0.25) ? brokenFraming(rng) : undefined;
  const payload = framing?.payload(boundary, parts) ?? encode(boundary, parts);
  return {
    payload,
    headers: {
      'content-type': framing?.contentType(boundary) ?? `multipart/form-data; boundary=${boundary}`,
    },
    label: framing ? `${label}, ${framing.label}` : label,
    kind,
  };
}

function field(name: string, value: string): Part {
  return { name, content: Buffer.from(value) };
}

/** A file that goes to the importer: good, bad, compressed, truncated, or too large once inflated. */
function fileContent(rng: Rng, limits: UploadLimits) {
  const lines = Array.from({ length: rng.int(1, 30) }, () =>
    rng.chance(0.8) ? rng.pick(GOOD_SMILES) : adversarialSmiles(rng).slice(0, 3000),
  );
  const smi = Buffer.from(`${lines.join('\n')}\n`);
  return rng.pick([
    () => ({ label: 'SMILES file', filename: 'fuzz.smi', content: smi }),
    () => ({ label: 'gzipped SMILES', filename: 'fuzz.smi.gz', content: gzipSync(smi) }),
    () => {
      const gz = gzipSync(smi);
      return {
        label: 'truncated gzip',
        filename: 'fuzz.smi.gz',
        content: gz.subarray(0, rng.int(1, gz.length - 1)),
      };
    },
    () => ({
      label: 'gzip bomb',
      filename: rng.pick(['bomb.smi.gz', 'bomb.gz', 'bomb.csv.gz']),
      content: gzipSync(Buffer.alloc(limits.maxInflatedBytes + rng.int(1, 4096), 'C\n')),
    }),
    () => ({
      label: 'random bytes',
      filename: rng.pick(['x.smi', 'x.gz', 'x.sdf', 'x']),
      content: rng.bytes(rng.int(0, 4000)),
    }),
    () => ({
      label: 'CSV',
      filename: 'fuzz.csv',
      content: Buffer.from(
        `smiles,id,price\n${lines.map((l, i) => `${l},${i},${rng.pick(['1', 'x', '-1', '1e400'])}`).join('\n')}`,
      ),
    }),
    () => ({
      label: 'SDF',
      filename: 'fuzz.sdf',
      content: Buffer.from(
        `\n  fuzz\n\n${rng.chars('0123456789 .V2000M  END$\n', rng.int(0, 400))}\n$$$$\n`,
      ),
    }),
    () => ({ label: 'empty file', filename: 'empty.smi', content: Buffer.alloc(0) }),
    () => ({
      label: 'odd file name',
      filename: rng.pick([
        'x'.repeat(rng.pick([255, 300, 5000])) + '.smi',
        '../../../etc/passwd.smi',
        'é☃🧪.smi',
        'a"b.smi',
        'nul\u0000.smi',
        '.smi',
        ' ',
      ]),
      content: smi,
    }),
  ])();
}

/** Uploads refused before any import: bad fields, no file, too many parts, over the size limit. */
function refusedUpload(rng: Rng, limits: UploadLimits, parts: Part[]): string {
  const smi = Buffer.from('CCO\nc1ccccc1N\n');
  return rng.pick<() => string>([
    () => {
      parts.push({ name: 'file', filename: 'x.smi', content: smi });
      parts.push(field(rng.pick(['name', 'provider', 'format']), adversarialString(rng)));
      return 'bad field';
    },
    () => {
      parts.push(field('name', 'no file'));
      return 'no file';
    },
    () => {
      parts.push({ name: 'notfile', filename: 'x.smi', content: smi });
      return 'file under another name';
    },
    () => {
      for (let i = 0; i < rng.int(11, 40); i++) parts.push(field(`f${i}`, 'v'));
      parts.push({ name: 'file', filename: 'x.smi', content: smi });
      return 'many fields';
    },
    () => {
      for (let i = 0; i < rng.int(2, 6); i++)
        parts.push({ name: i ? `file${i}` : 'file', filename: `x${i}.smi`, content: smi });
      return 'many files';
    },
    () => {
      parts.push({
        name: 'file',
        filename: 'big.smi',
        content: Buffer.alloc(limits.uploadLimitBytes + rng.int(1, 10_000), 'C\n'),
      });
      return 'over the upload limit';
    },
    () => {
      parts.push({ name: 'file', filename: 'x.smi', content: smi });
      parts.push(field('provider', 'p'.repeat(65)));
      return 'provider too long';
    },
    () => {
      parts.push({ name: 'file', filename: 'x.smi', content: smi });
      parts.push(field('name', 'n'.repeat(257)));
      return 'name too long';
    },
    () => {
      parts.push({ name: 'file', filename: 'x.smi', content: smi });
      parts.push(field('format', rng.pick(['SMI', 'xml', '', 'smi\u0000'])));
      return 'unknown format';
    },
  ])();
}

function encode(boundary: string, parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    const type =
      p.filename !== undefined
        ? `content-type: ${p.contentType ?? 'application/octet-stream'}\r\n`
        : '';
    chunks.push(Buffer.from(`--${boundary}\r\ncontent-disposition: ${disposition}\r\n${type}\r\n`));
    chunks.push(p.content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** Multipart that does not frame right: a wrong or missing boundary, cut short, or not multipart. */
function brokenFraming(rng: Rng) {
  return rng.pick([
    {
      label: 'wrong boundary',
      payload: (b: string, parts: Part[]) => encode(`${b}x`, parts),
      contentType: (b: string) => `multipart/form-data; boundary=${b}`,
    },
    {
      label: 'no boundary',
      payload: (b: string, parts: Part[]) => encode(b, parts),
      contentType: () => 'multipart/form-data',
    },
    {
      label: 'cut short',
      payload: (b: string, parts: Part[]) => {
        const full = encode(b, parts);
        return full.subarray(0, rng.int(0, full.length - 1));
      },
      contentType: (b: string) => `multipart/form-data; boundary=${b}`,
    },
    {
      label: 'no closing boundary',
      payload: (b: string, parts: Part[]) => {
        const full = encode(b, parts);
        return full.subarray(0, full.length - (b.length + 6));
      },
      contentType: (b: string) => `multipart/form-data; boundary=${b}`,
    },
    {
      label: 'very long boundary',
      payload: (_b: string, parts: Part[]) => encode('b'.repeat(200), parts),
      contentType: () => `multipart/form-data; boundary=${'b'.repeat(200)}`,
    },
    {
      label: 'sent as JSON',
      payload: (b: string, parts: Part[]) => encode(b, parts),
      contentType: () => 'application/json',
    },
    {
      label: 'sent as text',
      payload: (b: string, parts: Part[]) => encode(b, parts),
      contentType: () => 'text/plain',
    },
  ]);
}
