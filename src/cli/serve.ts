/** `synroute serve` and `synroute tokens ...`. */
import { createToken, isLoopback, parseDuration, TOKEN_NAME } from '../api/auth.js';
import { serviceConfig, ServeFlags } from '../api/config.js';
import { ConfigError } from '../util/env.js';
import { startService } from '../api/server.js';
import { openStore, StoreConfig } from '../store/index.js';
import { DataDirLockedError } from '../util/data-dir-lock.js';
import { UserError } from './errors.js';
import { dataDir } from './libraries.js';

/** The store the tokens commands use: PostgreSQL when DATABASE_URL is set, as the server does. */
function storeConfig(dir?: string): StoreConfig {
  return { dataDir: dataDir(dir), databaseUrl: process.env.DATABASE_URL || undefined, poolSize: 2 };
}

export async function serveCommand(flags: ServeFlags): Promise<void> {
  let config;
  try {
    config = serviceConfig(flags);
  } catch (e) {
    if (e instanceof ConfigError) throw new UserError(e.message);
    throw e;
  }
  if (!config.auth && !isLoopback(config.host))
    throw new UserError(
      `SYNROUTE_AUTH=off (single-user mode) is only allowed on a loopback address, not ${config.host}`,
    );
  try {
    await startService(config);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE')
      throw new UserError(`${config.host}:${config.port} is already in use`);
    if (err.code === 'EACCES')
      throw new UserError(`not allowed to listen on ${config.host}:${config.port}`);
    if (e instanceof DataDirLockedError) throw new UserError(e.message);
    throw e;
  }
}

export async function createTokenCommand(opts: {
  name: string;
  owner?: string;
  admin?: boolean;
  expiresIn?: string;
  dataDir?: string;
}): Promise<void> {
  if (!TOKEN_NAME.test(opts.name))
    throw new UserError('token name: 1-128 letters, digits, _ . @ -');
  if (opts.owner !== undefined && !TOKEN_NAME.test(opts.owner))
    throw new UserError('owner: 1-128 letters, digits, _ . @ -');
  const expiresInMs = opts.expiresIn === undefined ? undefined : parseDuration(opts.expiresIn);
  if (opts.expiresIn !== undefined && expiresInMs === undefined)
    throw new UserError(
      '--expires-in: a number and a unit s, m, h, d or w (30d), at most 10 years',
    );
  const store = await openStore(storeConfig(opts.dataDir));
  try {
    const { token, record } = await createToken(store, {
      name: opts.name,
      owner: opts.owner,
      admin: opts.admin,
      expiresInMs,
    });
    const expires =
      record.expires === null ? '' : `, expires ${new Date(record.expires).toISOString()}`;
    process.stderr.write(
      `${record.admin ? 'admin ' : ''}token ${record.id} for owner ${record.owner}${expires} (shown once; only its hash is stored):\n`,
    );
    process.stdout.write(`${token}\n`);
  } finally {
    await store.close();
  }
}

export async function listTokensCommand(opts: { dataDir?: string; json?: boolean }): Promise<void> {
  const store = await openStore(storeConfig(opts.dataDir));
  try {
    const tokens = await store.listTokens();
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(tokens, null, 2)}\n`);
      return;
    }
    for (const t of tokens)
      process.stdout.write(
        `${t.id}  ${t.name.padEnd(20)} owner=${t.owner.padEnd(16)} ${new Date(t.created).toISOString()}${t.admin ? '  admin' : ''}${t.expires === null ? '' : `  expires ${new Date(t.expires).toISOString()}`}${t.revoked ? '  revoked' : ''}\n`,
      );
  } finally {
    await store.close();
  }
}

export async function revokeTokenCommand(id: string, opts: { dataDir?: string }): Promise<void> {
  const store = await openStore(storeConfig(opts.dataDir));
  try {
    if (!(await store.revokeToken(id))) throw new UserError(`no active token ${id}`);
    process.stdout.write(`token ${id} revoked\n`);
  } finally {
    await store.close();
  }
}
