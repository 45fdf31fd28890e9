/** Highly compressible uploads made at run time (a few hundred KB of gzip for hundreds of MB). */
import { createGzip } from 'node:zlib';

/** `megabytes` MB of newlines, gzipped: about 1 KB of gzip per MB. */
export async function gzipBomb(megabytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (d: Buffer) => parts.push(d));
  const ended = new Promise((resolve) => gzip.on('end', resolve));
  const chunk = Buffer.alloc(1024 * 1024, '\n');
  for (let i = 0; i < megabytes; i++)
    if (!gzip.write(chunk)) await new Promise((resolve) => gzip.once('drain', resolve));
  gzip.end();
  await ended;
  return Buffer.concat(parts);
}
