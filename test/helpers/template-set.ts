import { RetroTemplate } from '../../src/chem/index.js';
import type { TemplateSet } from '../../src/reaction-models/template-model.js';
import { LeavingGroupSiblings } from '../../src/templates/leaving-groups.js';

/**
 * A template set over a few SMARTS for model tests: template i has id `t<i>`, its
 * general form is `families[i]` (none when unset), all specific unless said otherwise;
 * each was recorded `counts[i]` times (1 when unset).
 */
export function templateSet(
  smarts: readonly string[],
  {
    families = [],
    specific = true,
    counts = [],
  }: { families?: readonly number[]; specific?: boolean; counts?: readonly number[] } = {},
): TemplateSet {
  const siblings = new LeavingGroupSiblings(
    smarts.map((s, i) => ({ smarts: s, count: counts[i] ?? 1 })),
  );
  return {
    size: smarts.length,
    get: (i) => (smarts[i] ? new RetroTemplate(smarts[i]) : null),
    id: (i) => `t${i}`,
    indexOf: (id) => Number(id.slice(1)),
    generalOf: (i) => families[i] ?? -1,
    isSpecific: () => specific,
    leavingGroupSiblings: (i) => siblings.of(i),
  };
}
