/**
 * Templates that differ only in the leaving group a precursor loses: a Suzuki
 * coupling of an aryl bromide, iodide, chloride or triflate; an N-alkylation with an
 * alkyl bromide, chloride or mesylate. The product does not say which one a chemist
 * used; what is on the shelf does. The policy ranks these siblings by how often each
 * was recorded, so a rarer one (the aryl iodide) can fall outside an expansion's
 * templates while the bromide, which the stock may lack, is proposed. The reaction
 * model tries the siblings of a template it applies (template-model.ts).
 */

/** A library template of the same reaction with another leaving group. */
export interface LeavingGroupSibling {
  index: number;
  /** Its recorded reactions over the applied template's, at most 1. */
  share: number;
}

/**
 * Mesylate and triflate as retro templates write them: literally (unmapped), at the
 * start of a precursor, bonded to the mapped atom that loses them.
 */
const SULFONATE_PREFIX = /(^|\.)(?:C-S\(=O\)\(=O\)-O|C\(-F\)\(-F\)\(-F\)-S\(=O\)\(=O\)-O)-\[/g;

/**
 * The template with the leaving groups it writes literally on the precursor side
 * (unbracketed, unmapped atoms in a retro template's SMARTS: halogens anywhere,
 * mesylate and triflate before the atom they leave) replaced by one symbol, or null
 * when it writes none. The product side and mapped atoms are kept, so two templates
 * share a key only when they make the same product from the same atoms.
 */
export function leavingGroupKey(smarts: string): string | null {
  const split = smarts.indexOf('>>');
  if (split < 0) return null;
  const written = smarts.slice(split + 2);
  const precursors = written.replace(SULFONATE_PREFIX, '$1X-[');
  let found = precursors !== written;
  let key = '';
  let depth = 0;
  for (let i = 0; i < precursors.length; i++) {
    const ch = precursors[i];
    if (ch === '[') depth++;
    else if (ch === ']') depth--;
    else if (depth === 0) {
      const two = precursors.slice(i, i + 2);
      const halogen = two === 'Cl' || two === 'Br' ? two : ch === 'I' ? 'I' : null;
      if (halogen) {
        key += 'X';
        i += halogen.length - 1;
        found = true;
        continue;
      }
    }
    key += ch;
  }
  return found ? `${smarts.slice(0, split)}>>${key}` : null;
}

/**
 * Each template's siblings among `templates` (their SMARTS and recorded counts, by
 * index), with the share of a sibling's precedents against the template's own.
 */
export function leavingGroupSiblings(
  templates: readonly { smarts: string; count: number }[],
): Map<number, LeavingGroupSibling[]> {
  const groups = new Map<string, number[]>();
  templates.forEach((t, i) => {
    const key = leavingGroupKey(t.smarts);
    if (key === null) return;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  const siblings = new Map<number, LeavingGroupSibling[]>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    for (const i of group) {
      const own = Math.max(templates[i].count, 1);
      siblings.set(
        i,
        group
          .filter((j) => j !== i)
          .map((j) => ({ index: j, share: Math.min(1, templates[j].count / own) })),
      );
    }
  }
  return siblings;
}
