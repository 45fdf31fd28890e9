/**
 * Values for the API fuzzer: schema-valid values generated from the served
 * OpenAPI document's schemas, adversarial strings, numbers and SMILES, and
 * mutations of valid values (wrong types, missing and extra fields, huge and
 * negative numbers, NaN-like text, very long or odd text, deep nesting).
 */
import type { Rng } from './random.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** SMILES that read as molecules (written here, not taken from the shared data). */
export const GOOD_SMILES = [
  'CCO',
  'CCN',
  'c1ccccc1N',
  'CC(=O)Nc1ccc(O)cc1',
  'O=C(O)c1ccccc1',
  'CCN(CC)CC',
  'C1CCNCC1',
  'N[C@@H](C)C(=O)O',
  'CC(C)Cc1ccc(cc1)C(C)C(=O)O',
  'COc1ccc2[nH]ccc2c1',
  'Clc1ccc(Br)cc1N',
  'C#N',
  '[Na+].[Cl-]',
  'CC(=O)OC1=CC=CC=C1C(=O)O',
  'Xx', // the fake planner fails it like an unreadable molecule
];

/** Text that is not a usable SMILES, or that stresses the readers and RDKit. */
export function adversarialSmiles(rng: Rng): string {
  const n = () => rng.pick([2, 50, 99, 100, 101, 499, 900, 999, 1000, 1001, 2000, 3000]);
  return rng.pick<() => string>([
    () => 'C'.repeat(n()),
    () => `C${'C'.repeat(n())}N`,
    () => Array.from({ length: n() }, () => rng.pick(['C', 'N', 'O', 'c1ccccc1'])).join('.'),
    () => '.'.repeat(rng.int(1, 20)),
    () => rng.pick(['[', ']', '[]', '[[C]]', ']C[', '[CH5+9]', '[999U]', '[C@@@@H]', '[Zz]']),
    () => rng.pick(['((((C))))', '(((', ')))', 'C(', 'C)', 'C1CC', 'C1CC1C1', 'C%99CC%99', 'C%']),
    () => rng.pick(['c1cccc1', 'c1ccccc', 'n1ccccc1', 'C=1=C=1', 'C##C', 'C==C', 'C/C=C\\C']),
    () => Array.from({ length: rng.int(1, 99) }, (_, i) => `C${(i % 9) + 1}`).join(''),
    () => `${'C1'.repeat(rng.int(10, 60))}`,
    () =>
      `[${rng.int(0, 999)}${rng.pick(['C', 'U', 'Og', 'H'])}${rng.pick(['+', '-', '+99', ''])}]`,
    () => rng.chars('CNOSPFIBrcl()[]=#@+-/\\123456789%.*', rng.int(1, 60)),
    () => `${rng.pick(GOOD_SMILES)}>>${rng.pick(GOOD_SMILES)}`,
    () => `${rng.pick(GOOD_SMILES)}>${rng.pick(GOOD_SMILES)}>${rng.pick(GOOD_SMILES)}`,
    () => '>>'.repeat(rng.int(1, 5)),
    () => `C[${'C'.repeat(rng.int(1, 300))}]`,
    () => `${rng.pick(GOOD_SMILES)} ${rng.pick(GOOD_SMILES)}`,
    () => `*${'*'.repeat(rng.int(0, 50))}`,
    () => `[C@H]${'([C@H](F)Cl)'.repeat(rng.int(1, 80))}`,
    () => `[2H]${'[13C]'.repeat(rng.int(1, 200))}`,
  ])();
}

export function anySmiles(rng: Rng): string {
  return rng.chance(0.6) ? rng.pick(GOOD_SMILES) : adversarialSmiles(rng);
}

/** Strings meant to break things: long, unicode, NUL, control characters, injections. */
export function adversarialString(rng: Rng): string {
  return rng.pick<() => string>([
    () => '',
    () => ' ',
    () => '\u0000',
    () => `a\u0000b`,
    () => `${rng.pick(GOOD_SMILES)}\u0000`,
    () => '\t\n\r\u000b\u001f\u007f',
    () => 'A'.repeat(rng.pick([256, 1025, 2049, 10_000, 100_000])),
    () => 'é'.repeat(rng.int(1, 3000)),
    () => '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ☃ 🧪 ‮reversed‬ ﷺ',
    () => '\ud800',
    () => '\udfff\ud800',
    () => 'e\u0301\u0301\u0301',
    () => 'NaN',
    () => 'Infinity',
    () => '-Infinity',
    () => '1e20',
    () => '1e400',
    () => '-1',
    () => '0x10',
    () => ' 5 ',
    () => '5abc',
    () => 'null',
    () => 'true',
    () => '[]',
    () => '{}',
    () => "' OR '1'='1' --",
    () => '"; DROP TABLE jobs; --',
    () => '%00%ff%',
    () => '../../../../etc/passwd',
    () => '<script>alert(1)</script>',
    () => '${jndi:ldap://x}',
    () => '%s%n%x',
    () => '__proto__',
    () => 'constructor',
    () => rng.uuid(),
    () => rng.hex(32),
    () => rng.chars('\u0000\u0001\u00ff\u0100\u2028\u2029\ufeff\ufffe', rng.int(1, 20)),
    () => rng.pick(GOOD_SMILES),
  ])();
}

export function adversarialNumber(rng: Rng): number {
  return rng.pick([
    0,
    -0,
    -1,
    1,
    1.5,
    -1.5,
    0.1,
    1e20,
    -1e20,
    1e308,
    -1e308,
    2 ** 31,
    2 ** 31 - 1,
    2 ** 32,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 63),
    Number.MAX_SAFE_INTEGER,
    Number.MIN_VALUE,
    rng.int(-1000, 1000),
  ]);
}

/** Any JSON value of any type (wrong-type replacements). */
export function adversarialValue(rng: Rng, depth = 0): Json {
  return rng.weighted<() => Json>([
    [4, () => adversarialString(rng)],
    [4, () => adversarialNumber(rng)],
    [1, () => rng.chance(0.5)],
    [2, () => null],
    [1, () => []],
    [1, () => ({})],
    [1, () => (depth < 3 ? [adversarialValue(rng, depth + 1)] : [])],
    [1, () => (depth < 3 ? member({}, adversarialKey(rng), adversarialValue(rng, depth + 1)) : {})],
    [1, () => nested(rng.int(2, 60))],
    [1, () => Array.from({ length: rng.pick([100, 5000]) }, () => rng.pick(GOOD_SMILES))],
  ])();
}

/** Sets an own member, also `__proto__` (which plain assignment would take as the prototype). */
function member(target: Record<string, Json>, key: string, value: Json): Record<string, Json> {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return target;
}

export function adversarialKey(rng: Rng): string {
  return rng.pick([
    '',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'a'.repeat(1000),
    '\u0000',
    'é',
    '$where',
    'smiles',
    'parameters',
    'id',
    'owner',
    'status',
    `extra_${rng.int(0, 99)}`,
  ]);
}

/** Arrays and objects inside each other, `depth` levels. */
function nested(depth: number): Json {
  let v: Json = 1;
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v };
  return v;
}

// ---- schema-valid values ----

export interface SchemaContext {
  doc: Json;
  rng: Rng;
  /** Values for properties by name, used most of the time (valid engine and library ids...). */
  hints: Record<string, (() => Json) | undefined>;
}

export function resolve(doc: Json, schema: Json): Json {
  let s = schema;
  for (let i = 0; s && typeof s.$ref === 'string' && i < 20; i++) {
    const path = (s.$ref as string).replace(/^#\//, '').split('/');
    s = path.reduce((node: Json, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return s ?? {};
}

const SMILES_PATTERN_HINT = 'a-zA-Z0-9\\(\\)';

/** A value the schema accepts (best effort: patterns are met by trying a few shapes). */
export function valueFor(ctx: SchemaContext, schema: Json, name?: string, depth = 0): Json {
  const { rng } = ctx;
  const s = resolve(ctx.doc, schema);
  const hint = name ? ctx.hints[name] : undefined;
  if (hint && rng.chance(0.95)) return hint();
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return rng.pick(s.enum);
  const union = s.anyOf ?? s.oneOf;
  if (Array.isArray(union)) {
    const branches = union.filter((b: Json) => resolve(ctx.doc, b).type !== 'null');
    if (branches.length && rng.chance(0.85)) return valueFor(ctx, rng.pick(branches), name, depth);
    return valueFor(ctx, rng.pick(union), name, depth);
  }
  if (Array.isArray(s.allOf) && s.allOf.length) return valueFor(ctx, s.allOf[0], name, depth);
  const type = Array.isArray(s.type) ? rng.pick(s.type) : (s.type ?? guessType(s));
  switch (type) {
    case 'object':
      return objectFor(ctx, s, depth);
    case 'array': {
      const min = s.minItems ?? 0;
      const max = Math.min(s.maxItems ?? 8, min + 8);
      const n = rng.int(min, Math.max(min, max));
      return Array.from({ length: n }, () => valueFor(ctx, s.items ?? {}, undefined, depth + 1));
    }
    case 'string':
      return stringFor(ctx, s);
    case 'integer':
    case 'number':
      return numberFor(ctx, s, type === 'integer');
    case 'boolean':
      return rng.chance(0.5);
    case 'null':
      return null;
    default:
      return rng.pick([1, 'x', true, null]);
  }
}

function guessType(s: Json): string | undefined {
  if (s.properties) return 'object';
  if (s.items) return 'array';
  return undefined;
}

function objectFor(ctx: SchemaContext, s: Json, depth: number): Json {
  const out: Record<string, Json> = {};
  const required = new Set<string>(s.required ?? []);
  for (const [key, prop] of Object.entries<Json>(s.properties ?? {})) {
    if (!required.has(key) && !ctx.rng.chance(0.5)) continue;
    if (depth > 6) continue;
    out[key] = valueFor(ctx, prop, key, depth + 1);
  }
  return out;
}

function numberFor(ctx: SchemaContext, s: Json, integer: boolean): number {
  const { rng } = ctx;
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1000);
  if (rng.chance(0.2)) return rng.pick([min, max]);
  const v = min + rng.next() * (max - min);
  return integer ? Math.round(v) : v;
}

function stringFor(ctx: SchemaContext, s: Json): string {
  const { rng } = ctx;
  if (s.format === 'uuid') return rng.uuid();
  if (s.format === 'date-time') return new Date(Date.UTC(2026, 0, rng.int(1, 28))).toISOString();
  const pattern = typeof s.pattern === 'string' ? s.pattern : undefined;
  if (pattern?.includes(SMILES_PATTERN_HINT)) return rng.pick(GOOD_SMILES);
  const re = pattern ? new RegExp(pattern) : undefined;
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 64;
  for (let attempt = 0; attempt < 30; attempt++) {
    const candidate = rng.pick<() => string>([
      () =>
        rng.chars(
          'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_',
          rng.int(1, 16),
        ),
      () => `${rng.int(1, 999)}${rng.pick(['s', 'm', 'h', 'd', 'w'])}`,
      () => `${rng.chars('abcdefgh', rng.int(1, 6))}-${rng.int(0, 99)}.${rng.chars('xyz', 2)}`,
      () => `https://hooks.fuzz.test/${rng.chars('abc123', rng.int(1, 8))}`,
      () => `${rng.chars('abcdef', 4)}@${rng.chars('lab', 3)}.test`,
      () => rng.chars('abc xyz 123 é ☃', rng.int(1, 40)),
    ])();
    if (candidate.length < min || candidate.length > max) continue;
    if (!re || re.test(candidate)) return candidate;
  }
  return 'x'.repeat(Math.max(1, min));
}

// ---- mutations ----

type Path = (string | number)[];

/** A random place in the value (the root itself, an object member or an array element). */
function randomPath(rng: Rng, value: Json): Path {
  const path: Path = [];
  let node = value;
  while (node !== null && typeof node === 'object' && rng.chance(0.7)) {
    const keys: (string | number)[] = Array.isArray(node)
      ? node.map((_: Json, i: number) => i)
      : Object.keys(node);
    if (!keys.length) break;
    const key = rng.pick(keys);
    path.push(key);
    node = node[key];
  }
  return path;
}

function getAt(value: Json, path: Path): Json {
  return path.reduce((node, key) => node?.[key], value);
}

function setAt(value: Json, path: Path, replacement: Json): Json {
  if (!path.length) return replacement;
  const parent = getAt(value, path.slice(0, -1));
  parent[path[path.length - 1]] = replacement;
  return value;
}

function deleteAt(value: Json, path: Path): Json {
  if (!path.length) return undefined;
  const parent = getAt(value, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
  return value;
}

/** One to three random changes to a (copied) value. */
export function mutate(rng: Rng, original: Json): Json {
  let value = original === undefined ? undefined : structuredClone(original);
  const times = rng.int(1, 3);
  for (let i = 0; i < times; i++) {
    const path = randomPath(rng, value);
    const node = getAt(value, path);
    value = rng.weighted<() => Json>([
      [4, () => setAt(value, path, adversarialValue(rng))],
      [2, () => deleteAt(value, path)],
      [
        2,
        () =>
          node !== null && typeof node === 'object' && !Array.isArray(node)
            ? (member(node, adversarialKey(rng), adversarialValue(rng)), value)
            : setAt(value, path, adversarialValue(rng)),
      ],
      [2, () => setAt(value, path, sameTypeOdd(rng, node))],
      [1, () => setAt(value, path, [node, node])],
      [1, () => setAt(value, path, JSON.stringify(node) ?? 'undefined')],
    ])();
  }
  return value;
}

/** A value of the same type that is out of range or odd. */
function sameTypeOdd(rng: Rng, node: Json): Json {
  if (typeof node === 'number') return adversarialNumber(rng);
  if (typeof node === 'string')
    return rng.chance(0.4) ? adversarialSmiles(rng) : adversarialString(rng);
  if (Array.isArray(node))
    return rng.pick<() => Json>([
      () => [],
      () => Array.from({ length: rng.pick([21, 1000, 20_001]) }, () => node[0] ?? 'C'),
      () => [...node, ...node],
      () => node.map(() => adversarialValue(rng)),
    ])();
  return adversarialValue(rng);
}

/** Text changes that make the JSON invalid or odd while keeping most of it. */
export function mangleJsonText(rng: Rng, text: string): string {
  return rng.pick<() => string>([
    () => text.slice(0, rng.int(0, Math.max(0, text.length - 1))),
    () => `\ufeff${text}`,
    () => `${text},`,
    () => `${text}${text}`,
    () => text.replace(/\d+/, rng.pick(['1e400', '-0', '1E+20', '9007199254740993', '01', '.5'])),
    () => text.replace(/"/, "'"),
    () => text.replace(/:/, ': /* comment */'),
    () => text.replace(/"([^"]*)"/, '"$1\u0001\n"'),
    () => text.replace(/\{/, '{"smiles": 1, "smiles": '),
    () => text.replace(/true|false|null/, 'True'),
    () => `${'['.repeat(rng.pick([1000, 20_000, 100_000]))}${']'.repeat(rng.pick([0, 1000]))}`,
    () => `{"a":${'{"a":'.repeat(rng.pick([1000, 30_000]))}1${'}'.repeat(30_000)}}`,
    () => rng.pick(['', ' ', 'null', 'true', '0', '"x"', '[]', '{}', '{', '}', 'nul', '\u0000']),
    () => deepInside(rng, text),
  ])();
}

/** Valid JSON with a member nested tens of thousands of levels deep inside one of its objects. */
function deepInside(rng: Rng, text: string): string {
  const opens = [...text.matchAll(/\{/g)].map((m) => m.index);
  if (!opens.length) return text;
  const at = rng.pick(opens) + 1;
  const depth = rng.pick([100, 5_000, 50_000]);
  const deep = `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;
  const member = text[at] === '}' ? `"deep":${deep}` : `"deep":${deep},`;
  return `${text.slice(0, at)}${member}${text.slice(at)}`;
}
