import { RetroTemplate } from '../../src/chem/index.js';
import type { TemplateSet } from '../../src/reaction-models/template-model.js';

/** Templates given as SMARTS, ids `t0`, `t1`, ... (no general forms). */
export function templateSet(smarts: string[]): TemplateSet {
  return {
    size: smarts.length,
    get: (i) => (smarts[i] ? new RetroTemplate(smarts[i]) : null),
    id: (i) => `t${i}`,
    indexOf: (id) => Number(id.slice(1)),
    generalOf: () => -1,
  };
}
