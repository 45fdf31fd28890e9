/** The engines this installation offers (their data ships in data/). */
import { Engine, ENGINES, engineVersion, loadEngine } from './engine.js';
import { DEFAULTS, EngineInfo } from '../contract/index.js';

const infos = new Map<string, EngineInfo>();

/** Engine descriptions (cheap: no data is loaded except for hashing the version). */
export function listEngines(): EngineInfo[] {
  return ENGINES.map((s) => {
    let info = infos.get(s.id);
    if (!info) {
      info = {
        id: s.id,
        name: s.name,
        description: s.description,
        version: engineVersion(s),
        templates: -1,
        maxDepthDefault: DEFAULTS.maxDepth,
      };
      infos.set(s.id, info);
    }
    return info;
  });
}

export function getEngine(id: string): EngineInfo | undefined {
  return listEngines().find((e) => e.id === id);
}

export const DEFAULT_ENGINE_ID = ENGINES[0].id;

const loaded = new Map<string, Engine>();

/** The engine with its data loaded (once per thread). */
export function engine(id: string): Engine | undefined {
  let e = loaded.get(id);
  if (!e) {
    const settings = ENGINES.find((s) => s.id === id);
    if (!settings) return undefined;
    e = loadEngine(settings);
    loaded.set(id, e);
  }
  return e;
}
