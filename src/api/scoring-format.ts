/**
 * Batch-scoring result items from stored job answers, written as JSON text.
 * Built as text rather than objects because a batch holds up to 100,000
 * targets and `synthesis`/`decomposition` are spliced in as stored, unparsed.
 */
import type { ScoringRow } from '../store/types.js';
import { SCORING_FIELDS, ScoringField } from './openapi-scoring.js';

/** What an unsolved target scores: the top of the complexity scale (no route within the budget). */
export const UNSOLVED_RESULT = 10;
export const ERROR_RESULT = -1;

export interface ScoringFormat {
  /** Fields to include, in the spec's order (default: all that apply). */
  fields: ScoringField[];
  /** Significant digits of result, certainty and price, as strings. */
  precision?: number;
}

type DetailField = 'synthesis' | 'decomposition';
const DETAIL_FIELDS: ScoringField[] = ['synthesis', 'decomposition'];

export function scoringFields(only: string[] | undefined, synthesis: boolean): ScoringField[] {
  const wanted = only?.length ? new Set(only) : undefined;
  return SCORING_FIELDS.filter((f) =>
    wanted ? wanted.has(f) : synthesis || !DETAIL_FIELDS.includes(f),
  );
}

const SCALAR_FIELDS = SCORING_FIELDS.filter((f) => !DETAIL_FIELDS.includes(f));

/**
 * The items as JSON text, comma-separated without brackets (pages are
 * joined). Items are plain objects of one shape serialized in one call (V8's
 * fast path); `only` is a replacer key list.
 */
export function scoringItemsJson(rows: ScoringRow[], format: ScoringFormat): string {
  const keys = format.fields.filter((f) => !DETAIL_FIELDS.includes(f));
  const details = format.fields.filter((f): f is DetailField => DETAIL_FIELDS.includes(f));
  const replacer = keys.length === SCALAR_FIELDS.length ? undefined : keys;
  const items = rows.map((row) => item(row, format.precision));
  if (!details.length) return JSON.stringify(items, replacer).slice(1, -1);
  const texts = items.map((it, i) => {
    let text = JSON.stringify(it, replacer).slice(0, -1);
    for (const f of details) text += `${text.length > 1 ? ',' : ''}"${f}":${rows[i][f] ?? 'null'}`;
    return `${text}}`;
  });
  return texts.join(',');
}

type Score = number | string | null;

interface Item {
  targetSmiles: string;
  status: 'ok' | 'running' | 'error';
  result: Score;
  certainty: Score;
  price: Score;
  reactionCount: number | null;
  timedOut: boolean | null;
}

function item(row: ScoringRow, precision?: number): Item {
  const num = (n: number | null): Score =>
    n === null || precision === undefined ? n : significant(n, precision);
  const s = row.summary;
  let status: Item['status'] = 'ok';
  if (row.status === 'processing') status = 'running';
  else if (row.status !== 'completed' || !s) status = 'error';
  const solved = status === 'ok' && s!.synthesizable;
  let result: number | null = null;
  if (status === 'error') result = ERROR_RESULT;
  else if (status === 'ok') result = solved ? (s!.score ?? UNSOLVED_RESULT) : UNSOLVED_RESULT;
  return {
    targetSmiles: row.query,
    status,
    // -1 is an error code, not a score: `precision` leaves it as it is.
    result: result === ERROR_RESULT ? result : num(result),
    certainty: num(solved ? s!.certainty : null),
    price: num(solved ? s!.price : null),
    reactionCount: solved ? s!.reactionCount : null,
    timedOut: status === 'running' ? null : status === 'ok' && s!.timedOut,
  };
}

/**
 * `value` cut to `digits` significant digits, truncated as the batch-scoring
 * document's example reads (0.58163 to 3 digits is "0.581"), written out in
 * full (5232.5 is "5230", not "5.23e+3"; 0.5 is "0.500"). The digits are the
 * shortest decimal form of the number, so 0.29 stays "0.29" although its
 * binary value is 0.28999….
 */
export function significant(value: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return (0).toFixed(Math.max(0, digits - 1));
  const sign = value < 0 ? '-' : '';
  const [mantissa, exponent] = Math.abs(value).toExponential().split('e');
  const kept = mantissa.replace('.', '').slice(0, digits).padEnd(digits, '0');
  const whole = Number(exponent) + 1; // digits before the decimal point
  if (whole <= 0) return `${sign}0.${'0'.repeat(-whole)}${kept}`;
  if (whole >= digits) return `${sign}${kept}${'0'.repeat(whole - digits)}`;
  return `${sign}${kept.slice(0, whole)}.${kept.slice(whole)}`;
}
