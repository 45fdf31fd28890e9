/** `synroute serve`: the whole service in one process, until SIGINT/SIGTERM. */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { isLoopback } from './auth.js';
import type { ServiceConfig } from './config.js';
import { lockDataDir } from '../util/data-dir-lock.js';

export async function startService(config: ServiceConfig): Promise<FastifyInstance> {
  // Before anything is recovered or claimed: the embedded store belongs to one server.
  const unlock = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir);
  process.once('exit', unlock);
  let app: FastifyInstance;
  try {
    app = await buildApp({ ...config, logger: { level: config.logLevel } });
    app.addHook('onClose', async () => unlock());
    await app.listen({ host: config.host, port: config.port });
  } catch (e) {
    unlock();
    throw e;
  }
  process.stderr.write(startBanner(config.host, (app.server.address() as AddressInfo).port));
  const tokens = await app.synroute.store.listTokens();
  if (config.auth && !tokens.some((t) => !t.revoked))
    app.log.warn(
      `no API token yet: create one with \`npx synroute tokens create --name NAME --data-dir ${config.dataDir}\``,
    );
  if (!config.auth) app.log.warn('single-user mode: no token needed (SYNROUTE_AUTH=off)');
  const plain = plainHttpWarning(config.host, config.trustProxy);
  if (plain) app.log.warn(plain);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: stopping (running jobs go back to the queue)`);
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  return app;
}

/**
 * The warning for a server reachable from other machines over plain HTTP:
 * tokens and results would cross the network readable by anyone on the path.
 * A TLS reverse proxy in front is declared with SYNROUTE_TRUST_PROXY.
 */
export function plainHttpWarning(host: string, trustProxy: unknown): string | undefined {
  if (isLoopback(host) || trustProxy) return undefined;
  return `serving plain HTTP on ${host}: API tokens and results cross the network unencrypted. Put a TLS reverse proxy in front (see SECURITY.md) and set SYNROUTE_TRUST_PROXY to its address.`;
}

/** Where to point a browser, printed once the server listens (the log lines are JSON). */
export function startBanner(host: string, port: number): string {
  const wildcard = host === '0.0.0.0' || host === '::';
  const shown = wildcard ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const base = `http://${shown}:${port}`;
  return [
    `SynRoute is listening on ${base}${wildcard ? ` (all interfaces)` : ''}`,
    `  web console:  ${base}/`,
    `  API docs:     ${base}/docs  (OpenAPI document: ${base}/openapi.json)`,
    '',
  ].join('\n');
}
