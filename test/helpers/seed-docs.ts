/**
 * The seed documents of the three APIs (`shared/spec`, never copied into the
 * repository), read at test time: the batch-scoring document's curl examples
 * as requests and its example answers, the lifecycle document's field lists,
 * the Retro v2 contract and its rendered page's examples. Tests replay what
 * the documents show, so a client written only from them is what is tested.
 */
import { readFileSync } from 'node:fs';
import { sharedPath } from './shared.js';

export function seedText(name: string): string {
  return readFileSync(sharedPath('spec', name), 'utf8');
}

export interface CodeBlock {
  /** The `##` heading the block is under. */
  section: string;
  lang: string;
  text: string;
}

/** Fenced code blocks in document order, with their section heading. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const out: CodeBlock[] = [];
  let section = '';
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heading = /^#{2,3} (.*)$/.exec(lines[i]);
    if (heading) section = heading[1].trim();
    const fence = /^```(\w*)\s*$/.exec(lines[i]);
    if (!fence) continue;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i].startsWith('```'); i++) body.push(lines[i]);
    out.push({ section, lang: fence[1], text: body.join('\n') });
  }
  return out;
}

/** Shell words of one command: quotes and backslash-newline continuations as sh reads them. */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  const text = command.replace(/\\\n/g, ' ');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated quote in: ${command}`);
      word = (word ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

export interface CurlRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body?: string;
}

/** What curl sends for these arguments (-X, -H, -d; POST when there is data). */
export function curlRequest(words: string[]): CurlRequest {
  if (words[0] !== 'curl') throw new Error(`not a curl command: ${words.join(' ')}`);
  const headers: [string, string][] = [];
  let method: string | undefined;
  let url: string | undefined;
  let body: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w === '-X') method = words[++i];
    else if (w === '-H') {
      const h = words[++i];
      const colon = h.indexOf(':');
      headers.push([h.slice(0, colon).trim(), h.slice(colon + 1).trim()]);
    } else if (w === '-d') body = words[++i];
    else if (w.startsWith('-')) throw new Error(`curl option not understood: ${w}`);
    else url = w;
  }
  if (!url) throw new Error(`no URL in: ${words.join(' ')}`);
  return { method: method ?? (body === undefined ? 'GET' : 'POST'), url, headers, body };
}

export interface CurlExample extends CurlRequest {
  section: string;
}

/** Every curl command of the document's shell blocks, as the request it sends. */
export function curlExamples(markdown: string): CurlExample[] {
  return codeBlocks(markdown)
    .filter((b) => b.lang === 'sh' && b.text.trimStart().startsWith('curl'))
    .map((b) => ({ section: b.section, ...curlRequest(shellWords(b.text)) }));
}

/**
 * An example answer as JSON: the documents elide with `...` lines (and a
 * trailing comma before them), which are dropped.
 */
export function exampleJson(block: CodeBlock): unknown {
  const text = block.text
    .split('\n')
    .filter((l) => l.trim() !== '...')
    .join('\n')
    .replace(/,(\s*[\]}])/g, '$1');
  return JSON.parse(text);
}

export interface DocField {
  name: string;
  required: boolean;
  /** As the document writes it: `string format: uuid`, `integer`, `Array<string>`, … */
  type: string;
  /** `Allowed values:` of enumerations. */
  enum?: string[];
}

const TYPE_LINE = /^(string( format: [\w-]+)?|boolean|integer|object|Array(<\w+>)?)$/;
const TITLE_LINE = /^[A-Z][A-Za-z]*( [A-Z][A-Za-z]*)*$/;

/**
 * The fields of the rendered schemas between the lines `from` and `to` (or
 * the end) of the document: a field is its name, `required` when it is, its title and its
 * type (for enumerations, the enumeration's name, text, `string` and
 * `Allowed values: …`).
 */
export function documentedFields(text: string, from: string, to?: string): DocField[] {
  const all = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const start = all.indexOf(from);
  const end = to === undefined ? all.length : all.indexOf(to, start + 1);
  if (start < 0 || end < 0) throw new Error(`section ${from}..${to} not in the document`);
  const lines = all.slice(start + 1, end);
  const fields: DocField[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^[a-z][a-z0-9_]*$/.test(lines[i])) continue;
    const required = lines[i + 1] === 'required';
    const title = lines[i + 1 + Number(required)];
    if (title === undefined || !TITLE_LINE.test(title)) continue;
    let j = i + 2 + Number(required);
    const field: DocField = { name: lines[i], required, type: lines[j] };
    if (!TYPE_LINE.test(field.type)) {
      // An enumeration: its description, `string`, then the allowed values.
      for (; j < lines.length && !lines[j].startsWith('Allowed values:'); j++);
      field.type = 'string';
      field.enum = lines[j]?.replace('Allowed values:', '').trim().split(/\s+/);
    }
    fields.push(field);
    i = j;
  }
  return fields;
}

/** The method and path of the operation a rendered API page describes (`PATCH` then the path). */
export function documentedOperation(text: string): { method: string; path: string } {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const i = lines.findIndex((l) => /^(GET|POST|PUT|PATCH|DELETE)$/.test(l));
  if (i < 0 || !lines[i + 1]?.startsWith('/')) throw new Error('no operation in the document');
  return { method: lines[i], path: lines[i + 1] };
}

/**
 * The first `Example:` given for a field on a rendered page: a field's entry
 * starts with a line of its name and type (ending `Required` or `Optional`);
 * its example, if any, comes before the next such line.
 */
export function renderedExample(text: string, field: string): string {
  const lines = text.split('\n').map((l) => l.trim());
  const entry = /^[a-z_][\w\s·:[\]-]*(Required|Optional)$/;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith(field) || !entry.test(lines[i])) continue;
    for (let j = i + 1; j < lines.length && !entry.test(lines[j]); j++)
      if (lines[j].startsWith('Example: ')) return lines[j].slice('Example: '.length);
  }
  throw new Error(`no example of ${field} in the document`);
}
