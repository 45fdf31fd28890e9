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

type Scalar = string | number | boolean | null;

export interface ScoringFormat {
  /** Fields to include, in the spec's order (default: all that apply). */
  fields: ScoringField[];
  /** Significant digits of result, certainty and price, as strings. */
  precision?: number;
}

const DETAIL_FIELDS: ScoringField[] = ['synthesis', 'decomposition'];

export function scoringFields(only: string[] | undefined, synthesis: boolean): ScoringField[] {
  const wanted = only?.length ? new Set(only) : undefined;
  return SCORING_FIELDS.filter((f) =>
    wanted ? wanted.has(f) : synthesis || !DETAIL_FIELDS.includes(f),
  );
}

/** The JSON array text of the items. */
export function scoringResultJson(rows: ScoringRow[], format: ScoringFormat): string {
  const scalars = format.fields.filter((f) => !DETAIL_FIELDS.includes(f));
  const details = format.fields.filter((f) => DETAIL_FIELDS.includes(f));
  const items = rows.map((row) => {
    const values = scalarValues(row, format.precision);
    const object: Record<string, Scalar> = {};
    for (const f of scalars) object[f] = values[f];
    let text = JSON.stringify(object);
    for (const f of details) {
      const raw = (f === 'synthesis' ? row.synthesis : row.decomposition) ?? 'null';
      text = `${text.slice(0, -1)}${text.length > 2 ? ',' : ''}"${f}":${raw}}`;
    }
    return text;
  });
  return `[${items.join(',')}]`;
}

function scalarValues(row: ScoringRow, precision?: number): Record<string, Scalar> {
  const num = (v: number | null) =>
    v === null || precision === undefined ? v : significant(v, precision);
  const base = { targetSmiles: row.query };
  if (row.status === 'processing')
    return {
      ...base,
      status: 'running',
      result: null,
      certainty: null,
      price: null,
      reactionCount: null,
      timedOut: null,
    };
  const s = row.summary;
  if (row.status !== 'completed' || !s)
    return {
      ...base,
      status: 'error',
      result: num(ERROR_RESULT),
      certainty: null,
      price: null,
      reactionCount: null,
      timedOut: false,
    };
  const solved = s.synthesizable;
  return {
    ...base,
    status: 'ok',
    result: num(solved ? (s.score ?? UNSOLVED_RESULT) : UNSOLVED_RESULT),
    certainty: num(solved ? s.certainty : null),
    price: num(solved ? s.price : null),
    reactionCount: solved ? s.reactionCount : null,
    timedOut: s.timedOut,
  };
}

/**
 * `value` rounded to `digits` significant digits, written out in full (5232.5
 * to 3 digits is "5230", not "5.23e+3"; 0.5 is "0.500").
 */
export function significant(value: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return (0).toFixed(Math.max(0, digits - 1));
  const rounded = Number(value.toPrecision(digits));
  const exponent = Math.floor(Math.log10(Math.abs(rounded)));
  if (exponent >= digits - 1) return rounded.toFixed(0);
  return rounded.toFixed(Math.min(100, digits - 1 - exponent));
}
