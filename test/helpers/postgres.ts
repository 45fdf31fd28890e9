/**
 * A throwaway PostgreSQL cluster for tests: initdb into a temporary folder,
 * started with pg_ctl on a free loopback port (durability settings off: the
 * tests' data is disposable). Runs as the `postgres` system user when the
 * tests run as root, since PostgreSQL refuses to run as root.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server.js';

export interface Cluster {
  /** Superuser URL of the `postgres` database. */
  url: string;
  port: number;
  dataDir: string;
  stop(): void;
  /** Fast restart (every connection is dropped), as an operator would do. */
  restart(): void;
}

/** The PostgreSQL server programs: SYNROUTE_PG_BIN, Debian's newest, or initdb on the PATH. */
export function postgresBin(): string | undefined {
  const candidates: string[] = [];
  if (process.env.SYNROUTE_PG_BIN) candidates.push(process.env.SYNROUTE_PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian))
    candidates.push(
      ...readdirSync(debian)
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join(debian, v, 'bin')),
    );
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) candidates.push(join(onPath, '..'));
  return candidates.find(
    (dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')),
  );
}

export const MISSING_POSTGRES = `PostgreSQL server programs (initdb, pg_ctl) not found: the PostgreSQL suites need them.
Install them (Debian: apt-get install -y postgresql), point SYNROUTE_PG_BIN at their folder,
or set SYNROUTE_TEST_DATABASE_URL to a superuser URL of a running server.`;

/** uid/gid to run the server as: ourselves, or `postgres` (else `nobody`) when we are root. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const user of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', user], { encoding: 'utf8' });
    if (id.status !== 0) continue;
    const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
    return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('running as root and no postgres or nobody user to run PostgreSQL as');
}

export interface ClusterOptions {
  /**
   * Keep PostgreSQL's default durability (fsync, synchronous commit, full-page
   * writes), as a deployment runs: benchmarks want it, tests do not.
   */
  durable?: boolean;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const bin = postgresBin();
  if (!bin) throw new Error(MISSING_POSTGRES);
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'synroute-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const dataDir = join(dir, 'data');
  const run = (program: string, args: string[]) =>
    execFileSync(join(bin, program), args, {
      ...user,
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    });
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    ...(options.durable
      ? []
      : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    '-c max_connections=500',
    '-c shared_buffers=128MB',
  ].join(' ');
  const logFile = join(dir, 'server.log');
  const start = () => run('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', settings, '-w', 'start']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop() {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    restart() {
      run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      start();
    },
  };
}
