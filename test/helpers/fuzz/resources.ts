/**
 * The resources a fuzz run made, for later requests to name, and the check
 * that no answer shows one owner's batch, job or library to another.
 */
import type { Answer } from './contract.js';
import type { Entry, FuzzRequest, Pools } from './requests.js';
import type { Json } from './values.js';

export class Resources {
  readonly pools: Pools = {
    batches: [],
    jobs: [],
    libraries: [{ id: 'default', owner: '*' }],
    tokens: [],
  };
  /** Owner of each batch, job and library id (32 hex digits, lower case, for UUIDs). */
  private readonly owners = new Map<string, string>();

  /** Remembers what a successful request made. */
  harvest(req: FuzzRequest, res: Answer): void {
    const owner = req.identity.owner;
    if (res.statusCode >= 300 || !req.operation || !owner) return;
    let body: Json;
    try {
      body = JSON.parse(res.body);
    } catch {
      return;
    }
    const add = (pool: Entry[], id: unknown, entryOwner = owner) => {
      if (typeof id !== 'string' || pool.some((e) => e.id === id)) return;
      pool.push({ id, owner: entryOwner });
      if (entryOwner !== '*') this.owners.set(normalId(id), entryOwner);
    };
    switch (`${req.operation.method} ${req.operation.path}`) {
      case 'post /batches':
      case 'post /api/v1/batch-search':
        return add(this.pools.batches, body.id);
      case 'post /jobs':
        return add(this.pools.jobs, body.id);
      case 'get /jobs':
        for (const job of body.data ?? []) add(this.pools.jobs, job.id);
        return;
      case 'post /libraries':
        return add(this.pools.libraries, body.id);
      case 'post /tokens':
        // Tokens are the operator's: an admin sees them all.
        return add(this.pools.tokens, body.id, '*');
    }
  }

  /** A successful answer that shows an id of another owner's batch, job or library. */
  leak(req: FuzzRequest, res: Answer): string | undefined {
    const owner = req.identity.owner;
    if (!owner || res.statusCode >= 300) return undefined;
    const ids = res.body.match(
      /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}|lib_[0-9a-z]+/gi,
    );
    for (const id of ids ?? []) {
      const of = this.owners.get(normalId(id));
      if (of && of !== owner) return `shows ${of}'s ${id} to ${owner}`;
    }
    return undefined;
  }
}

const normalId = (id: string) => id.replace(/-/g, '').toLowerCase();
