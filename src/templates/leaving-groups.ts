/**
 * Templates that differ only in the leaving group a precursor loses: a Suzuki
 * coupling of an aryl bromide, iodide, chloride or triflate; an N-alkylation with an
 * alkyl bromide, chloride, mesylate or tosylate. The product does not say which one a
 * chemist used; what is on the shelf does. The policy ranks these siblings by how
 * often each was recorded, so a rarer one (the aryl iodide) can fall outside an
 * expansion's templates while the bromide, which the stock may lack, is proposed. The
 * reaction model tries the siblings of a template it applies (template-model.ts).
 */
import { canonicalizeTemplate } from './canonical.js';

/** A library template of the same reaction with another leaving group. */
export interface LeavingGroupSibling {
  index: number;
  /** Its recorded reactions over the applied template's, at most 1. */
  share: number;
}

/** The atom that stands for any leaving group in a key. */
const PLACEHOLDER = '*';

/**
 * Mesylate, triflate and tosylate as canonical retro templates write them: literally
 * (unmapped), around the precursor whose mapped atom loses them, which is the rest of
 * the fragment (captured).
 */
const SULFONATES = [
  /^C-S\(=O\)\(=O\)-O-(.*)$/,
  /^C\(-F\)\(-F\)\(-F\)-S\(=O\)\(=O\)-O-(.*)$/,
  /^C-c:1:c:c:c\(-S\(=O\)\(=O\)-O-(.*)\):c:c1$/,
];

/** A quick test that passes every precursor side with a leaving group (and some others). */
const MAY_HAVE_LEAVING_GROUP = /Cl|Br|I|S\(=O\)\(=O\)-O-/;

/**
 * The template with the leaving groups it writes literally on the precursor side
 * (unbracketed, unmapped atoms in a retro template's SMARTS: halogens anywhere,
 * sulfonates before the atom they leave) replaced by one placeholder atom, as
 * written, or null when it writes none. The product side and mapped atoms are kept,
 * so two templates share a key only when they make the same product from the same
 * atoms.
 */
function placeholderForm(smarts: string): string | null {
  const split = smarts.indexOf('>>');
  if (split < 0 || !MAY_HAVE_LEAVING_GROUP.test(smarts.slice(split + 2))) return null;
  let found = false;
  const precursors = smarts
    .slice(split + 2)
    .split('.')
    .map((fragment) => {
      const sulfonate = SULFONATES.find((form) => form.test(fragment));
      if (!sulfonate) return fragment;
      found = true;
      return fragment.replace(sulfonate, `${PLACEHOLDER}-$1`);
    })
    .join('.');
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
        key += PLACEHOLDER;
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
 * The canonical template (canonical.ts) with its leaving groups replaced by one
 * placeholder atom, or null when it has none. Canonical, because another leaving
 * group can change the order a template is written in (a triflate is written from
 * the other ring than a bromide) and with it every map number.
 */
export function leavingGroupKey(smarts: string): string | null {
  const form = placeholderForm(smarts);
  return form === null ? null : canonicalizeTemplate(form);
}

/**
 * What two templates with the same key must share whatever order they are written
 * in: their bracket atoms without map numbers and their other characters, per side.
 * Cheap; only templates sharing it need canonical keys.
 */
function orderFreeKey(form: string): string {
  return form
    .split('>>')
    .map((side) => {
      const atoms = (side.match(/\[[^\]]*\]/g) ?? []).map((a) => a.replace(/:\d+\]$/, ']'));
      const rest = side.replace(/\[[^\]]*\]/g, '').replace(/[0-9%()]/g, '');
      return `${atoms.sort().join('')}|${[...rest].sort().join('')}`;
    })
    .join('>>');
}

/** Appends `value` to the list under `key`, starting the list when there is none. */
function addTo<K, V>(lists: Map<K, V[]>, key: K, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

interface Member {
  index: number;
  form: string;
}

/**
 * The leaving-group siblings of a library's templates (their SMARTS and recorded
 * counts, by index), each with the share of its precedents against the template's
 * own. Templates are bucketed by their order-free key up front (cheap); a bucket's
 * canonical keys are computed when one of its templates is first asked about, since
 * a search applies only a few of the templates that have siblings.
 */
export class LeavingGroupSiblings {
  /** Templates whose bucket has not been resolved yet, with their bucket. */
  private readonly unresolved = new Map<number, Member[]>();
  private readonly siblings = new Map<number, LeavingGroupSibling[]>();

  constructor(private readonly templates: readonly { smarts: string; count: number }[]) {
    const buckets = new Map<string, Member[]>();
    templates.forEach((t, index) => {
      const form = placeholderForm(t.smarts);
      if (form !== null) addTo(buckets, orderFreeKey(form), { index, form });
    });
    for (const bucket of buckets.values()) {
      if (bucket.length < 2) continue;
      for (const { index } of bucket) this.unresolved.set(index, bucket);
    }
  }

  /** The siblings of template `index` (none when it has no leaving group or no sibling). */
  of(index: number): readonly LeavingGroupSibling[] {
    const bucket = this.unresolved.get(index);
    if (bucket) this.resolve(bucket);
    return this.siblings.get(index) ?? [];
  }

  private resolve(bucket: Member[]): void {
    // Same written form, same key: canonicalize each form once.
    const canonical = new Map<string, string>();
    const groups = new Map<string, number[]>();
    for (const { index, form } of bucket) {
      this.unresolved.delete(index);
      let key = canonical.get(form);
      if (key === undefined) canonical.set(form, (key = canonicalizeTemplate(form)));
      addTo(groups, key, index);
    }
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      for (const i of group) {
        const own = Math.max(this.templates[i].count, 1);
        this.siblings.set(
          i,
          group
            .filter((j) => j !== i)
            .map((j) => ({ index: j, share: Math.min(1, this.templates[j].count / own) })),
        );
      }
    }
  }
}
