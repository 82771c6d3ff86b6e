import type { Token } from '../model/token.js';
import { quoteString } from '../model/relations.js';
import { sparkStringValue } from './spark-string.js';

/**
 * Spark literals DuckDB reads differently or not at all (the walker, rewrite-tokens.ts, emits the results).
 */

/** Index of the last string literal of the run starting at i: Spark joins `'a' 'b'` (any whitespace between). */
export function stringRunEnd(tokens: readonly Token[], i: number, hi: number): number {
  let j = i;
  while (j + 1 < hi && tokens[j + 1].kind === 'string') j++;
  return j;
}

/** The value of the string literals i..last joined. */
export function stringRunValue(tokens: readonly Token[], i: number, last: number): string {
  let v = '';
  for (let j = i; j <= last; j++) v += sparkStringValue(tokens[j].text);
  return v;
}

/**
 * `X'4142'` (Spark BINARY) → a DuckDB BLOB (DuckDB reads X'..' as a bit-string-like text). An odd digit count gets
 * a leading 0, as Spark's unhex does. Undefined when the text is not hexadecimal (Spark rejects it too).
 */
export function binaryLiteral(hex: string): string | undefined {
  if (!/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const even = hex.length % 2 ? `0${hex}` : hex;
  return `CAST('${even.replace(/(..)/g, '\\x$1')}' AS BLOB)`;
}

/**
 * A timestamp string with an explicit zone (`...T10:00:00+02:00`, `... Europe/Paris`): Spark converts it to the
 * session zone (UTC), DuckDB's TIMESTAMP cast drops the offset. Only literals are rewritten (through TIMESTAMPTZ,
 * folded once); a column of such strings keeps DuckDB's cast (see README, Known differences).
 */
export function zonedTimestamp(value: string): boolean {
  return /^\s*[+-]?\d{4,}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([+-]\d{1,2}(:?\d{2}){0,2}|(UTC|GMT|UT)[+-]\S+|[A-Za-z]+\/[A-Za-z_/+-]+)\s*$/.test(value);
}

export function utcTimestampOf(literal: string): string {
  return `CAST(CAST(${literal} AS TIMESTAMPTZ) AS TIMESTAMP)`;
}

const UNITS: Readonly<Record<string, string>> = {
  YEAR: 'years', MONTH: 'months', WEEK: 'weeks', DAY: 'days', HOUR: 'hours', MINUTE: 'minutes', SECOND: 'seconds',
  MILLISECOND: 'milliseconds', MICROSECOND: 'microseconds',
};
const unitOf = (t: Token | undefined): string | undefined => (t?.kind === 'ident' ? UNITS[t.upper.replace(/S$/, '')] : undefined);

/** Spark's `'...' FROM TO TO` interval strings: the fields each form writes, in order. */
const RANGES: Readonly<Record<string, { re: RegExp; fields: string[] }>> = {
  'YEAR TO MONTH': { re: /^(\d+)-(\d+)$/, fields: ['years', 'months'] },
  'DAY TO HOUR': { re: /^(\d+) (\d+)$/, fields: ['days', 'hours'] },
  'DAY TO MINUTE': { re: /^(\d+) (\d+):(\d+)$/, fields: ['days', 'hours', 'minutes'] },
  'DAY TO SECOND': { re: /^(\d+) (\d+):(\d+):(\d+(?:\.\d+)?)$/, fields: ['days', 'hours', 'minutes', 'seconds'] },
  'HOUR TO MINUTE': { re: /^(\d+):(\d+)$/, fields: ['hours', 'minutes'] },
  'HOUR TO SECOND': { re: /^(\d+):(\d+):(\d+(?:\.\d+)?)$/, fields: ['hours', 'minutes', 'seconds'] },
  'MINUTE TO SECOND': { re: /^(\d+):(\d+(?:\.\d+)?)$/, fields: ['minutes', 'seconds'] },
};

export type IntervalRewrite = { text: string; last: number } | { error: string; last: number } | undefined;

/**
 * `INTERVAL 1 DAY 2 HOURS`, `INTERVAL 1.5 SECONDS`, `INTERVAL '1 2:03:04' DAY TO SECOND`, `INTERVAL '2-3' YEAR TO
 * MONTH` (DuckDB parses one integer unit, or a string) → `INTERVAL '1 days 2 hours'`. Undefined for the forms
 * DuckDB reads as Spark does (`INTERVAL 1 DAY`, `INTERVAL '1 day'`).
 */
export function intervalLiteral(tokens: readonly Token[], i: number, hi: number): IntervalRewrite {
  const v = tokens[i + 1];
  if (!v || i + 2 >= hi) return undefined;
  const from = unitOf(tokens[i + 2]);
  if (v.kind === 'string' && from && tokens[i + 3]?.kind === 'ident' && tokens[i + 3].upper === 'TO' && unitOf(tokens[i + 4])) {
    const key = `${tokens[i + 2].upper.replace(/S$/, '')} TO ${tokens[i + 4].upper.replace(/S$/, '')}`;
    const range = RANGES[key];
    const m = /^\s*([+-]?)(.*?)\s*$/.exec(v.value)!;
    const parts = range?.re.exec(m[2]);
    if (!range || !parts) return { error: `INTERVAL '${v.value}' ${key}: not a value Weir can read (expected the form of Spark's ${key} strings)`, last: i + 4 };
    const sign = m[1] === '-' ? '-' : '';
    return { text: `INTERVAL ${quoteString(range.fields.map((f, k) => `${sign}${parts[k + 1]} ${f}`).join(' '))}`, last: i + 4 };
  }
  // value unit [value unit]...: numbers (optionally signed) or number strings.
  const pairs: string[] = [];
  let j = i + 1;
  let plain = true;
  while (j < hi) {
    let sign = '';
    let k = j;
    if (tokens[k].kind === 'op' && (tokens[k].text === '-' || tokens[k].text === '+')) { sign = tokens[k].text; k++; }
    const num = tokens[k];
    const value = num?.kind === 'number' ? num.text : num?.kind === 'string' ? num.value.trim() : undefined;
    const unit = unitOf(tokens[k + 1]);
    if (value === undefined || !unit || !/^[+-]?\d+(\.\d+)?$/.test(value) || k + 1 >= hi) break;
    if (sign || !/^\d+$/.test(value) || !/^(YEAR|MONTH|DAY|HOUR|MINUTE|SECOND)S?$/.test(tokens[k + 1].upper)) plain = false;
    pairs.push(`${sign === '-' ? (value.startsWith('-') ? value.slice(1) : `-${value}`) : value} ${unit}`);
    j = k + 2;
  }
  if (pairs.length === 0 || (pairs.length === 1 && plain)) return undefined;
  return { text: `INTERVAL ${quoteString(pairs.join(' '))}`, last: j - 1 };
}

/** The argument tokens as a zoned timestamp literal's DuckDB text (to_timestamp('...+02:00'), timestamp(...)). */
export function zonedLiteralArg(toks: readonly Token[]): string | undefined {
  return toks.length === 1 && toks[0].kind === 'string' && zonedTimestamp(toks[0].value) ? utcTimestampOf(quoteString(toks[0].value)) : undefined;
}
