/**
 * One planning job, as the queue runs it in a worker thread: validate the
 * target, check engine and library versions, assemble the stock, plan, and
 * report routes and summary. Bad input becomes a failed job, never a throw.
 */
import { createHash } from 'node:crypto';
import { ChemistryCrashError, loadRDKit, Molecule } from '../chem/index.js';
import { DEFAULTS, NO_ROUTE, PlanJobInput, PlanJobOutput } from '../contract/index.js';
import { LruCache } from '../util/lru.js';
import { LibraryRegistry } from '../stock/registry.js';
import { AdHocStock, CombinedStock, LibraryStock, Stock } from '../stock/stock.js';
import { engine } from './index.js';
import { Engine, searchContext } from './engine.js';
import { planOptionsFrom, planTarget } from './plan-target.js';
import { mapRoute } from './route-mapping.js';

const registries = new Map<string, LibraryRegistry>();

function registry(dataDir: string): LibraryRegistry {
  let r = registries.get(dataDir);
  if (!r) {
    r = new LibraryRegistry(dataDir);
    registries.set(dataDir, r);
  }
  return r;
}

function failed(code: string, message: string, engineVersion = ''): PlanJobOutput {
  return {
    status: 'failed',
    routes: [],
    summary: NO_ROUTE,
    error: { code, message },
    stats: { stopReason: 'error', iterations: 0, elapsedMs: 0, firstRouteMs: null, engineVersion },
  };
}

export async function runPlanJob(
  input: PlanJobInput,
  ctx: { dataDir: string },
): Promise<PlanJobOutput> {
  // After an abort on an earlier job this waits for the replacement instance.
  await loadRDKit();
  try {
    return planJob(input, ctx);
  } catch (e) {
    // RDKit aborted on this job's chemistry; its instance is already being replaced.
    // Retrying would abort again, so the job fails with the reason.
    if (e instanceof ChemistryCrashError)
      return failed('chemistry_crash', `the chemistry engine aborted on this target: ${e.message}`);
    throw e;
  }
}

function planJob(input: PlanJobInput, ctx: { dataDir: string }): PlanJobOutput {
  const id = input.parameters.retrosynthesis_engine;
  let eng: Engine | undefined;
  try {
    eng = engine(id);
  } catch (e) {
    // Missing or unreadable engine data: a clear failure, not a worker crash to retry.
    return failed('engine_unavailable', `engine ${id} cannot load: ${(e as Error).message}`);
  }
  if (!eng) return failed('unknown_engine', `unknown retrosynthesis engine ${id}`);
  const version = eng.info.version;
  if (input.engineVersion && input.engineVersion !== version) {
    return failed(
      'engine_version',
      `job wants engine version ${input.engineVersion}; this worker has ${version}`,
      version,
    );
  }
  const parsed = Molecule.parse(input.smiles);
  if (!parsed.ok)
    return failed(`invalid_smiles`, `${parsed.error.code}: ${parsed.error.message}`, version);

  let stock: Stock;
  try {
    stock = buildStock(input, ctx.dataDir);
  } catch (e) {
    return failed('library', (e as Error).message, version);
  }
  const options = planOptionsFrom(input.parameters, {
    maxDepth: Math.min(DEFAULTS.maxDepthLimit, Math.max(1, input.maxDepth ?? DEFAULTS.maxDepth)),
    maxIterations: input.iterationLimit ?? DEFAULTS.iterationLimit,
    seed: input.seed ?? DEFAULTS.seed,
  });
  const model = input.exploratory ? eng.exploratoryModel : eng.model;
  const templateOf = (source: string) => model.template(source);
  const result = planTarget(parsed.molecule.smiles, options, {
    ...searchContext(eng, model),
    stock,
    templateOf,
  });
  const mapped =
    input.detailLevel === 'synthesis' && result.bestTree
      ? mapRoute(result.bestTree, templateOf)
      : null;
  return {
    status: 'completed',
    canonicalSmiles: parsed.molecule.smiles,
    routes: result.routes,
    summary: result.summary,
    ...(mapped ? { synthesis: mapped.synthesis, decomposition: mapped.decomposition } : {}),
    ...(result.diagnosis ? { diagnosis: result.diagnosis } : {}),
    stats: {
      stopReason: result.stopReason,
      iterations: result.iterations,
      elapsedMs: result.elapsedMs,
      firstRouteMs: result.firstRouteMs,
      engineVersion: version,
    },
  };
}

const adHocStocks = new LruCache<string, AdHocStock>(16);

/** A batch sends the same starting materials with every target: parse them once per thread. */
function adHocStock(materials: string[]): AdHocStock {
  const key = createHash('sha256').update(materials.join('\n')).digest('hex');
  let stock = adHocStocks.get(key);
  if (!stock) {
    stock = new AdHocStock(materials);
    adHocStocks.set(key, stock);
  }
  return stock;
}

function buildStock(input: PlanJobInput, dataDir: string): Stock {
  const ids = input.parameters.building_block_libraries;
  const reg = ids.length ? registry(dataDir) : null;
  const parts: Stock[] = [];
  const libraries = ids.map((id) => {
    if (!reg) throw new Error('no library registry');
    const info = reg.get(id);
    if (!info) throw new Error(`unknown building-block library ${id}`);
    const wanted = input.libraryVersions?.[id];
    if (wanted && wanted !== info.version) {
      throw new Error(`library ${id} is version ${info.version}; the job wants ${wanted}`);
    }
    return reg.open(id);
  });
  if (libraries.length) parts.push(new LibraryStock(libraries));
  if (input.startingMaterials?.length) parts.push(adHocStock(input.startingMaterials));
  return parts.length === 1 ? parts[0] : new CombinedStock(parts);
}
