/**
 * Reaction-centre (site) statistics: how often each template was the recorded
 * disconnection at an atom of a given circular environment. The network sees
 * the whole product as one fingerprint; this sees the atoms a template would
 * actually change, so among templates that fit a product it prefers the one
 * whose reaction centre chemists used at atoms like these (the idea behind
 * LocalRetro's local templates, here as smoothed counts). A template's site
 * probability at an atom is read at the largest radius with enough
 * precedents and smoothed toward the network's prior, so unseen sites keep
 * the network's judgement.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import { atomEnvironments, Mol } from '../chem/index.js';

/** Counts at one radius: per environment (sorted), its templates and their counts. */
interface RadiusCounts {
  envs: Uint32Array;
  totals: Uint32Array;
  starts: Uint32Array;
  templates: Int32Array;
  counts: Uint32Array;
}

export interface SiteOptions {
  /** Precedents an environment needs before its counts are read. */
  minSupport: number;
  /** Pseudo-counts of the reference probability mixed into an environment's counts. */
  smoothing: number;
  /**
   * What a site is compared with: the step's prior (the site probability replaces
   * it) or the template's frequency over all recorded centres (the site says how
   * much likelier the template is at these atoms than anywhere).
   */
  reference: 'prior' | 'frequency';
}

export const DEFAULT_SITE_OPTIONS: SiteOptions = {
  minSupport: 3,
  smoothing: 2,
  reference: 'prior',
};

export class SiteModel {
  /** Per template, its centre atoms over all records (radius 0 holds every one once). */
  private readonly templateTotals = new Map<number, number>();
  private readonly grandTotal: number;

  constructor(
    private readonly radii: RadiusCounts[],
    readonly options: SiteOptions = DEFAULT_SITE_OPTIONS,
  ) {
    const first = radii[0];
    let total = 0;
    for (let i = 0; i < first.templates.length; i++) {
      const t = first.templates[i];
      this.templateTotals.set(t, (this.templateTotals.get(t) ?? 0) + first.counts[i]);
      total += first.counts[i];
    }
    this.grandTotal = total;
  }

  get radius(): number {
    return this.radii.length - 1;
  }

  environments(mol: Mol): Uint32Array[] {
    return atomEnvironments(mol, this.radius);
  }

  /**
   * Probability that `template` is the disconnection made at these molecule
   * atoms (geometric mean over the centre), smoothed toward `prior`.
   */
  probability(envs: Uint32Array[], atoms: number[], template: number, prior: number): number {
    let logSum = 0;
    for (const atom of atoms) logSum += Math.log(this.atAtom(envs, atom, template, prior));
    return Math.exp(logSum / atoms.length);
  }

  /**
   * How much likelier the site makes the template than `prior` says: the site
   * probability over the prior, or (reference 'frequency') over the template's
   * overall frequency, smoothed toward that frequency.
   */
  factor(envs: Uint32Array[], atoms: number[], template: number, prior: number): number {
    if (this.options.reference === 'prior') {
      return this.probability(envs, atoms, template, prior) / prior;
    }
    const frequency = ((this.templateTotals.get(template) ?? 0) + 1) / (this.grandTotal + 1);
    return this.probability(envs, atoms, template, frequency) / frequency;
  }

  private atAtom(envs: Uint32Array[], atom: number, template: number, prior: number): number {
    const { minSupport, smoothing } = this.options;
    for (let r = this.radius; r >= 0; r--) {
      const table = this.radii[r];
      const e = search(table.envs, envs[r][atom]);
      if (e < 0 || table.totals[e] < minSupport) continue;
      let count = 0;
      for (let i = table.starts[e]; i < table.starts[e + 1]; i++) {
        if (table.templates[i] === template) {
          count = table.counts[i];
          break;
        }
      }
      return (count + smoothing * prior) / (table.totals[e] + smoothing);
    }
    return prior;
  }

  save(path: string): void {
    const parts: Buffer[] = [
      Buffer.from(
        JSON.stringify({ format: 'synroute-sites', version: 1, radius: this.radius }) + '\n',
      ),
    ];
    for (const t of this.radii) {
      const header = Buffer.alloc(8);
      header.writeUInt32LE(t.envs.length, 0);
      header.writeUInt32LE(t.templates.length, 4);
      parts.push(header);
      for (const a of [t.envs, t.totals, t.starts, t.templates, t.counts]) {
        parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
      }
    }
    writeFileSync(path, gzipSync(Buffer.concat(parts)));
  }

  static load(path: string, options: SiteOptions = DEFAULT_SITE_OPTIONS): SiteModel {
    const data = gunzipSync(readFileSync(path));
    const newline = data.indexOf(10);
    const header = JSON.parse(data.subarray(0, newline).toString()) as {
      format: string;
      radius: number;
    };
    if (header.format !== 'synroute-sites') throw new Error(`${path} is not a site model`);
    let offset = newline + 1;
    const take = (n: number) => {
      const copy = new Uint8Array(n * 4);
      copy.set(data.subarray(offset, offset + n * 4));
      offset += n * 4;
      return copy.buffer;
    };
    const radii: RadiusCounts[] = [];
    for (let r = 0; r <= header.radius; r++) {
      const envCount = data.readUInt32LE(offset);
      const entryCount = data.readUInt32LE(offset + 4);
      offset += 8;
      radii.push({
        envs: new Uint32Array(take(envCount)),
        totals: new Uint32Array(take(envCount)),
        starts: new Uint32Array(take(envCount + 1)),
        templates: new Int32Array(take(entryCount)),
        counts: new Uint32Array(take(entryCount)),
      });
    }
    return new SiteModel(radii, options);
  }
}

function search(sorted: Uint32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid];
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Accumulates (environment, template) counts per radius, then freezes them into a SiteModel. */
export class SiteCounter {
  private readonly maps: Map<number, Map<number, number>>[];

  constructor(readonly radius: number) {
    this.maps = Array.from({ length: radius + 1 }, () => new Map());
  }

  /** One recorded disconnection: the template and the environments of its centre atoms. */
  add(envs: Uint32Array[], atoms: number[], template: number): void {
    for (let r = 0; r <= this.radius; r++) {
      for (const atom of atoms) {
        const env = envs[r][atom];
        let byTemplate = this.maps[r].get(env);
        if (!byTemplate) this.maps[r].set(env, (byTemplate = new Map()));
        byTemplate.set(template, (byTemplate.get(template) ?? 0) + 1);
      }
    }
  }

  model(options: SiteOptions = DEFAULT_SITE_OPTIONS): SiteModel {
    return new SiteModel(this.maps.map(freeze), options);
  }
}

function freeze(map: Map<number, Map<number, number>>): RadiusCounts {
  const envs = Uint32Array.from(map.keys()).sort();
  let entries = 0;
  for (const m of map.values()) entries += m.size;
  const totals = new Uint32Array(envs.length);
  const starts = new Uint32Array(envs.length + 1);
  const templates = new Int32Array(entries);
  const counts = new Uint32Array(entries);
  let i = 0;
  envs.forEach((env, e) => {
    starts[e] = i;
    for (const [template, count] of map.get(env) as Map<number, number>) {
      templates[i] = template;
      counts[i++] = count;
      totals[e] += count;
    }
  });
  starts[envs.length] = i;
  return { envs, totals, starts, templates, counts };
}
