import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';

/** Lines of a text file (trailing newline dropped; CRLF tolerated). */
export function readLines(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Creates a directory (and missing parents) readable by this user only: the
 * data directory holds the database, uploads and keys.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Makes existing files readable and writable by this user only (older installs made them 0644). */
export function restrictFiles(paths: string[]): void {
  for (const path of paths) if (existsSync(path)) chmodSync(path, 0o600);
}
