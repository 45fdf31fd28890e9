/**
 * Requests for the API fuzzer, one operation of the served OpenAPI document
 * at a time: path ids from the resources made so far (any owner's) or made up,
 * query parameters and bodies that are schema-valid, mutated or broken, and
 * the identity that sends them (two owners, an admin, or no valid token).
 */
import type { Rng } from './random.js';
import { libraryUpload, UploadKind, UploadLimits } from './uploads.js';
import {
  adversarialKey,
  adversarialNumber,
  adversarialSmiles,
  adversarialString,
  anySmiles,
  GOOD_SMILES,
  Json,
  mangleJsonText,
  mutate,
  resolve,
  SchemaContext,
  valueFor,
} from './values.js';

export interface Operation {
  method: string;
  /** The document's path, `/jobs/{job_id}`. */
  path: string;
  op: Json;
}

/** The operations of a served OpenAPI document. */
export function operationsOf(doc: Json): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries<Json>(doc.paths))
    for (const [method, op] of Object.entries<Json>(ops))
      if (op && typeof op === 'object' && op.responses) out.push({ method, path, op });
  return out;
}

/** A resource the fuzz run made; `owner` is `*` for what every token may use. */
export interface Entry {
  id: string;
  owner: string;
}

export interface Pools {
  batches: Entry[];
  jobs: Entry[];
  libraries: Entry[];
  tokens: Entry[];
}

export interface Identity {
  name: string;
  /** Undefined: no valid token. */
  owner?: string;
  token?: string;
  admin?: boolean;
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** The operation aimed at (undefined: a request outside the document). */
  operation?: Operation;
  identity: Identity;
  /** A resource named in the path that belongs to another owner: never theirs to see. */
  foreign?: Entry;
  /** What was done to the request, for failure reports. */
  label: string[];
  /** Raw text in the path that may reach another route or none. */
  reroutes?: boolean;
  /** An event stream: only its head is read. */
  stream?: boolean;
  upload?: UploadKind;
}

export interface Generator {
  rng: Rng;
  doc: Json;
  operations: Operation[];
  pools: Pools;
  identities: { alice: Identity; bob: Identity; admin: Identity };
  limits: UploadLimits & { bodyLimitBytes: number };
  /** Whether an upload that reaches the import may still be sent (imports are slow). */
  importsLeft(): boolean;
}

/** Operations that delete are drawn less often, so that most requests find something. */
function weight(o: Operation): number {
  if (o.method === 'delete') return 0.4;
  if (o.path.endsWith('/events')) return 0.4;
  if (o.path === '/health' || o.path === '/metrics') return 0.3;
  if (o.method === 'post' && ['/jobs', '/batches', '/api/v1/batch-search'].includes(o.path))
    return 2;
  return 1;
}

export function nextRequest(g: Generator): FuzzRequest {
  const { rng } = g;
  const operation = rng.weighted(g.operations.map((o) => [weight(o), o] as const));
  const identity = pickIdentity(g, operation);
  const req: FuzzRequest = {
    method: operation.method.toUpperCase(),
    url: '',
    headers: authHeaders(rng, identity),
    operation,
    identity,
    label: [`as ${identity.name}`],
  };
  const params: Json[] = (operation.op.parameters ?? []).map((p: Json) => resolve(g.doc, p));
  req.url = pathWith(g, req, params) + queryWith(g, req, params);
  for (const p of params.filter((p) => p.in === 'header')) {
    if (rng.chance(0.5)) req.headers[p.name] = rng.chance(0.6) ? 'gzip' : headerText(rng);
  }
  if (operation.op.requestBody) bodyFor(g, req);
  else if (rng.chance(0.15)) strayBody(g, req);
  if (rng.chance(0.08)) oddHeaders(rng, req);
  if (rng.chance(0.04)) wildMethod(g, req);
  req.stream = operation.path.endsWith('/events') && req.method === 'GET';
  return req;
}

function pickIdentity(g: Generator, operation: Operation): Identity {
  const { alice, bob, admin } = g.identities;
  const anonymous: Identity = { name: 'no valid token' };
  if (operation.path.startsWith('/tokens'))
    return g.rng.weighted([
      [6, admin],
      [2, alice],
      [1, anonymous],
    ] as const);
  return g.rng.weighted([
    [55, alice],
    [25, bob],
    [10, admin],
    [10, anonymous],
  ] as const);
}

/** Authorization as clients write it, or broken. */
function authHeaders(rng: Rng, identity: Identity): Record<string, string> {
  if (identity.token) {
    const scheme = rng.weighted([
      [8, 'Bearer'],
      [1, 'bearer'],
      [1, 'ApiToken-v1'],
    ] as const);
    return {
      authorization: rng.chance(0.95)
        ? `${scheme} ${identity.token}`
        : `${scheme}   ${identity.token}  `,
    };
  }
  const bad = rng.pick([
    undefined,
    'Bearer',
    'Bearer ',
    `Bearer srt_${rng.hex(43)}`,
    `Bearer ${'a'.repeat(rng.pick([300, 10_000]))}`,
    'Basic dXNlcjpwYXNz',
    'ApiToken-v1',
    'Bearer a b',
    'Bearer \t x',
    `Token ${rng.hex(20)}`,
  ]);
  return bad === undefined ? {} : { authorization: bad };
}

// ---- path ----

const POOL_OF: Record<string, keyof Pools> = {
  batch_id: 'batches',
  batch__id: 'batches',
  id: 'batches',
  job_id: 'jobs',
  library_id: 'libraries',
  token_id: 'tokens',
};

function pathWith(g: Generator, req: FuzzRequest, params: Json[]): string {
  const { rng } = g;
  const op = req.operation!;
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const schema = params.find((p) => p.in === 'path' && p.name === name)?.schema ?? {};
    // Now and then an id of another kind (a job's in a batch's place): never a match either.
    const pool = POOL_OF[name] && rng.chance(0.08) ? otherKind(POOL_OF[name]) : POOL_OF[name];
    let entries = pool ? g.pools[pool] : [];
    // An open event stream on one's own batch lasts as long as the batch: some only.
    if (op.path.endsWith('/events') && rng.chance(0.75))
      entries = entries.filter((e) => e.owner !== req.identity.owner);
    if (entries.length && rng.chance(0.7)) {
      const entry = rng.pick(entries);
      if (entry.owner !== '*' && req.identity.owner && entry.owner !== req.identity.owner)
        req.foreign = entry;
      req.label.push(`${name}: ${entry.owner === req.identity.owner ? 'own' : entry.owner}'s`);
      return encodeText(idForm(rng, entry.id));
    }
    if (name === 'engine_id' && rng.chance(0.5)) return 'synroute_default';
    if (name === 'route' && rng.chance(0.6)) return String(rng.int(1, 3));
    if (rng.chance(0.15)) return encodeText(String(valueFor(schemaCtx(g), schema)));
    req.label.push(`${name}: made up`);
    const id = madeUpId(rng, req);
    // The router matches `{route}.svg` with a pattern that stops at line breaks: no route then.
    if (op.path.endsWith('{route}.svg') && /%0A|%0D|%E2%80%A8|%E2%80%A9/i.test(id))
      req.reroutes = true;
    return id;
  });
}

function otherKind(pool: keyof Pools): keyof Pools {
  return pool === 'jobs' ? 'batches' : 'jobs';
}

/** A stored id as clients may write it: 32 hex digits, hyphenated, upper case. */
function idForm(rng: Rng, id: string): string {
  if (!/^[0-9a-f]{32}$/i.test(id.replace(/-/g, ''))) return id;
  const hex = id.replace(/-/g, '');
  return rng.weighted([
    [5, hex],
    [
      3,
      `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    ],
    [1, hex.toUpperCase()],
  ] as const);
}

/** Ids that name nothing, or cannot: UUIDs, hex, legacy forms, garbage, very long, raw. */
function madeUpId(rng: Rng, req: FuzzRequest): string {
  return rng.weighted<() => string>([
    [3, () => rng.uuid()],
    [2, () => rng.hex(32)],
    [1, () => rng.hex(rng.pick([1, 31, 33, 64]))],
    [1, () => rng.uuid().toUpperCase()],
    [
      1,
      () =>
        `${rng.pick(['bat_', 'job_', 'lib_', 'tok_'])}${rng.chars('0123456789abcdefghjkmnpqrstvwxyz', rng.int(1, 30))}`,
    ],
    [
      1,
      () =>
        rng.pick(['0', '-1', 'null', 'undefined', 'NaN', '1e20', 'default', 'synroute_default']),
    ],
    [1, () => 'a'.repeat(rng.pick([100, 101, 255, 256, 1000, 5000]))],
    [3, () => encodeText(adversarialString(rng).slice(0, 3000))],
    [
      1,
      () =>
        rng.pick([
          '%00',
          '%ff',
          '%',
          '%zz',
          '%E0%A4%A',
          'a%2Fb',
          '%20',
          'é',
          '☃',
          'a b',
          '*',
          '{id}',
        ]),
    ],
    [
      1,
      () => {
        // Raw text that changes which route the path reaches (or none).
        req.reroutes = true;
        return rng.pick(['..', '.', '%2e%2e', 'a/b', 'a#b', 'a?b=1', '']);
      },
    ],
  ])();
}

// ---- query ----

function queryWith(g: Generator, req: FuzzRequest, params: Json[]): string {
  const { rng } = g;
  const pairs: [string, string][] = [];
  for (const p of params.filter((p) => p.in === 'query')) {
    const mode = rng.weighted([
      [4, 'omit'],
      [4, 'valid'],
      [2, 'odd'],
    ] as const);
    if (mode === 'omit') continue;
    const schema = resolve(g.doc, p.schema ?? {});
    let value: Json =
      mode === 'valid'
        ? valueFor(schemaCtx(g, req.identity), schema, p.name)
        : oddQueryValue(rng, p.name);
    if (p.name === 'token' && mode === 'valid')
      value = rng.pick([req.identity.token ?? 'x', g.identities.alice.token, `srt_${rng.hex(43)}`]);
    // Pagination cursors: any owner's batch, in either form.
    if (
      p.name.startsWith('created-') &&
      mode === 'valid' &&
      g.pools.batches.length &&
      rng.chance(0.7)
    )
      value = idForm(rng, rng.pick(g.pools.batches).id);
    if (p.name === 'smiles' && mode === 'valid')
      value = req.operation!.path.endsWith('reaction')
        ? `${targetSmiles(rng)}>>${targetSmiles(rng)}`
        : targetSmiles(rng);
    if (mode === 'odd') req.label.push(`odd ${p.name}`);
    for (const v of Array.isArray(value) ? value : [value]) pairs.push([p.name, queryText(v)]);
  }
  if (rng.chance(0.1)) {
    pairs.push([adversarialKey(rng), queryText(adversarialString(rng).slice(0, 500))]);
    req.label.push('extra query parameter');
  }
  if (!pairs.length) return rng.chance(0.05) ? rng.pick(['?', '?&', '?=', '?a', '?%']) : '';
  const raw = rng.chance(0.05);
  const text = pairs
    .map(([k, v]) => (raw ? `${k}=${v}` : `${encodeText(k)}=${encodeText(v)}`))
    .join('&');
  return `?${text}`;
}

/** Percent-encoded; a lone surrogate is sent as the bytes UTF-8 would give it (invalid UTF-8). */
function encodeText(s: string): string {
  return s
    .split(/([\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff])/)
    .map((part, i) =>
      i % 2 === 0
        ? encodeURIComponent(part)
        : Buffer.from([
            0xed,
            0xa0 | ((part.charCodeAt(0) >> 6) & 0x1f),
            0x80 | (part.charCodeAt(0) & 0x3f),
          ])
            .toString('hex')
            .replace(/../g, '%$&'),
    )
    .join('');
}

function queryText(v: Json): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
}

function oddQueryValue(rng: Rng, name: string): Json {
  if (name === 'smiles') return rng.chance(0.7) ? adversarialSmiles(rng) : adversarialString(rng);
  return rng.weighted<() => Json>([
    [3, () => adversarialString(rng).slice(0, 5000)],
    [3, () => String(adversarialNumber(rng))],
    [1, () => ['1', '2', '3']],
    [1, () => Array.from({ length: rng.pick([21, 200]) }, (_, i) => `t${i}`)],
  ])();
}

// ---- bodies ----

function schemaCtx(g: Generator, identity?: Identity): SchemaContext {
  const { rng, pools } = g;
  const libraries = () => {
    const own = pools.libraries.filter(
      (e) => e.owner === '*' || e.owner === identity?.owner || rng.chance(0.1),
    );
    return Array.from({ length: rng.int(1, 2) }, () => (own.length ? rng.pick(own).id : 'default'));
  };
  return {
    doc: g.doc,
    rng,
    hints: {
      retrosynthesis_engine: () => 'synroute_default',
      building_block_libraries: libraries,
      query: () => targetSmiles(rng),
      smiles: () =>
        Array.from({ length: rng.chance(0.9) ? rng.int(1, 6) : rng.int(1, 600) }, () =>
          targetSmiles(rng),
        ),
      targets: () => Array.from({ length: rng.int(1, 6) }, () => targetSmiles(rng)),
      startingMaterials: () => Array.from({ length: rng.int(0, 4) }, () => rng.pick(GOOD_SMILES)),
      webhook: () =>
        rng.pick([
          `https://hooks.fuzz.test/${rng.hex(6)}`,
          `http://receiver.fuzz.test:8080/${rng.hex(6)}`,
          `https://hooks.fuzz.test/${rng.hex(6)}?a=1`,
          'http://127.0.0.1:9/hook',
          'http://[::1]/',
          'http://169.254.169.254/latest',
          'http://2130706433/',
        ]),
      name: () => rng.pick(['fuzz', 'screen é☃', `n${rng.int(0, 99)}`]),
      owner: () => rng.pick(['fuzz_owner', 'alice', 'bob']),
    },
  };
}

/** Mostly SMILES that read, sometimes ones that stress the checks (mutations add worse). */
function targetSmiles(rng: Rng): string {
  return rng.chance(0.85) ? rng.pick(GOOD_SMILES) : anySmiles(rng);
}

function bodyFor(g: Generator, req: FuzzRequest): void {
  const { rng } = g;
  const content = req.operation!.op.requestBody.content ?? {};
  if (content['multipart/form-data']) return uploadBody(g, req);
  const schema = content['application/json']?.schema ?? {};
  const valid = fixUp(g, req.operation!.path, valueFor(schemaCtx(g, req.identity), schema));
  const mode = rng.weighted([
    [45, 'valid'],
    [35, 'mutated'],
    [10, 'mangled'],
    [10, 'odd type'],
  ] as const);
  req.label.push(`${mode} body`);
  const json = mode === 'valid' ? valid : mode === 'mutated' ? mutate(rng, valid) : valid;
  let text = JSON.stringify(json) ?? '';
  if (mode === 'mangled') text = mangleJsonText(rng, text);
  if (rng.chance(0.01)) {
    text = JSON.stringify({ ...valid, pad: 'x'.repeat(g.limits.bodyLimitBytes) });
    req.label.push('over the body limit');
  }
  req.payload = text;
  req.headers['content-type'] =
    mode === 'odd type'
      ? rng.pick([
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
          'application/json; charset=utf-16',
          'application/json; charset=latin1',
          'application/jsonx',
          '*/*',
          '',
        ])
      : rng.weighted([
          [8, 'application/json'],
          [1, 'application/json; charset=utf-8'],
          [1, 'APPLICATION/JSON'],
        ] as const);
  if (mode === 'odd type' && rng.chance(0.3)) delete req.headers['content-type'];
}

/** Bodies the schema alone cannot make consistent: one compound id per SMILES, mostly. */
function fixUp(g: Generator, path: string, body: Json): Json {
  if (body && Array.isArray(body.compound_ids) && Array.isArray(body.smiles) && g.rng.chance(0.8))
    body.compound_ids = body.smiles.map((_: Json, i: number) =>
      g.rng.chance(0.2) ? null : `cpd-${i}`,
    );
  if (path === '/tokens' && body?.owner === undefined && g.rng.chance(0.5))
    body.owner = 'fuzz_owner';
  return body;
}

function uploadBody(g: Generator, req: FuzzRequest): void {
  let upload = libraryUpload(g.rng, g.limits);
  // Imports are slow (a thread with RDKit each): past the run's share, send refused ones.
  for (let i = 0; i < 20 && upload.kind === 'imports' && !g.importsLeft(); i++)
    upload = libraryUpload(g.rng, g.limits);
  req.payload = upload.payload;
  Object.assign(req.headers, upload.headers);
  req.upload = upload.kind;
  req.label.push(`upload: ${upload.label}`);
}

/** A body on an operation that takes none. */
function strayBody(g: Generator, req: FuzzRequest): void {
  const { rng } = g;
  req.payload = rng.pick(['', '{}', '{"a":1}', 'null', '{', 'x'.repeat(1000)]);
  const type = rng.pick(['application/json', 'text/plain', 'application/octet-stream', undefined]);
  if (type) req.headers['content-type'] = type;
  req.label.push(`stray body ${JSON.stringify(req.payload.slice(0, 10))} as ${type ?? 'no type'}`);
}

function headerText(rng: Rng): string {
  // Header values are Latin-1 without control characters.
  return rng.pick([
    'GZIP',
    'gzip, deflate, br',
    'identity',
    '*',
    'br',
    '',
    'x'.repeat(2000),
    'gzip;q=0',
  ]);
}

function oddHeaders(rng: Rng, req: FuzzRequest): void {
  const [name, value] = rng.pick<[string, string]>([
    ['accept', 'text/html'],
    ['accept', 'application/xml'],
    ['content-encoding', 'gzip'],
    ['x-forwarded-for', 'not an address'],
    ['x-forwarded-host', 'evil.test'],
    ['host', 'evil.test'],
    ['origin', 'https://evil.test'],
    ['if-none-match', rng.pick(['*', '"x"', 'W/"abc"', '"' + 'a'.repeat(27) + '"'])],
    ['accept-encoding', 'gzip'],
    ['x-request-id', 'x'.repeat(1000)],
  ]);
  req.headers[name] = value;
  req.label.push(`header ${name}: ${value.slice(0, 20)}`);
}

/** Another method on the same path, often one the document does not offer. */
function wildMethod(g: Generator, req: FuzzRequest): void {
  const method = g.rng.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']);
  const path = req.operation!.path;
  if (method === req.method || (method === 'HEAD' && path.endsWith('/events'))) return;
  req.label.push(`method ${method} instead of ${req.method}`);
  req.method = method;
  req.operation = g.operations.find((o) => o.path === path && o.method === method.toLowerCase());
}
