import { readFileSync } from 'node:fs';

/** Lines of a text file (trailing newline dropped; CRLF tolerated). */
export function readLines(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
