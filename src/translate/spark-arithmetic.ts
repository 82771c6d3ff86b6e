import type { Token } from '../model/token.js';
import { skipParens } from '../sql/table-refs.js';

/**
 * Spark's integer arithmetic where DuckDB's differs, written once for the operator / CAST paths
 * (rewrite-tokens.ts, postfix-cast.ts) and the function rules (rules/math-functions.ts). `T` is whatever a
 * caller's operands are (rewritten pieces, rule arguments); strings are the SQL around them.
 */

/** Integer casts Spark truncates toward zero (CAST(2.7 AS INT) = 2, '3.7' -> 3) and DuckDB rounds. */
export const TRUNCATING_CASTS: ReadonlySet<string> = new Set(['INTEGER', 'SMALLINT', 'TINYINT', 'BIGINT']);

/**
 * What the operand of a cast visibly is (its type is unknown at translation):
 * - `numeric`: a number literal, arithmetic, or a cast / cast function to a numeric type: trunc() accepts it;
 * - `simple`: one literal or (dotted) column name: cheap to write more than once;
 * - `other`: anything else (a call, CASE, ...): bound once by a lambda.
 */
export type CastOperand = 'numeric' | 'simple' | 'other';

const NUMERIC_TYPES = new Set(['DOUBLE', 'FLOAT', 'REAL', 'INT', 'INTEGER', 'BIGINT', 'LONG', 'SMALLINT', 'SHORT', 'TINYINT', 'BYTE', 'DECIMAL', 'DEC', 'NUMERIC']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);

export function castOperandKind(toks: readonly Token[]): CastOperand {
  if (toks.length === 0) return 'other';
  const first = toks[0];
  const last = toks.length - 1;
  // (x): what x is.
  if (first.text === '(' && first.kind === 'op' && skipParens(toks, 0) === last) return castOperandKind(toks.slice(1, last));
  // CAST(x AS DOUBLE), double(x), ...: the last AS of a cast is its own (a nested cast's comes before it).
  if (first.kind === 'ident' && toks[1]?.text === '(' && skipParens(toks, 1) === last) {
    if (NUMERIC_TYPES.has(first.upper)) return 'numeric';
    const as = toks.findLastIndex((x) => x.kind === 'ident' && x.upper === 'AS');
    if ((first.upper === 'CAST' || first.upper === 'TRY_CAST') && as > 1 && NUMERIC_TYPES.has(toks[as + 1]?.upper ?? '')) return 'numeric';
  }
  if (toks.length === 1) return first.kind === 'number' ? 'numeric' : first.kind === 'op' ? 'other' : 'simple';
  if (toks.length === 2 && (first.text === '-' || first.text === '+') && toks[1].kind === 'number') return 'numeric';
  if (toks.every((x, k) => (k % 2 === 0 ? x.kind === 'ident' || x.kind === 'quoted-ident' : x.text === '.'))) return 'simple';
  // Arithmetic over names, numbers, calls and groups (no CASE, strings or other operators at the top level).
  let arithmetic = false;
  for (let k = 0; k < toks.length; k++) {
    const x = toks[k];
    if (x.kind === 'op' && (x.text === '(' || x.text === '[')) { k = x.text === '(' ? skipParens(toks, k) : closeBracket(toks, k); continue; }
    if (x.kind === 'op' && ARITHMETIC.has(x.text)) { arithmetic = true; continue; }
    if (x.kind === 'number' || x.kind === 'quoted-ident' || (x.kind === 'op' && x.text === '.')) continue;
    if (x.kind === 'ident' && !['CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'AND', 'OR', 'NOT', 'IS', 'NULL', 'INTERVAL'].includes(x.upper)) continue;
    return 'other';
  }
  return arithmetic ? 'numeric' : 'other';
}

function closeBracket(toks: readonly Token[], k: number): number {
  let d = 0;
  for (let j = k; j < toks.length; j++) {
    if (toks[j].text === '[') d++;
    else if (toks[j].text === ']' && --d === 0) return j;
  }
  return toks.length - 1;
}

/**
 * `keyword(x AS type)` truncated toward zero as Spark does, `keyword` CAST or TRY_CAST.
 * INT / SMALLINT / TINYINT: `CAST(trunc(CAST(x AS DOUBLE)) AS type)`, exact for every value they hold.
 * BIGINT: through DOUBLE would lose digits above 2^53 and through DECIMAL(38, 10) is ~250× slower on strings, so
 * a numeric operand uses trunc() (exact for every numeric type) and any other (a string column, unknown type)
 * Weir's macro `_weir.spark_long` (src/util/duckdb-settings.ts: DuckDB's cast stepped back toward zero), which
 * keeps the compiled SQL short and nested casts linear in its size.
 */
export function truncatingCast<T>(x: T, type: string, keyword = 'CAST', operand: CastOperand = 'other'): (string | T)[] {
  if (type !== 'BIGINT') return [`${keyword}(trunc(${keyword}(`, x, ` AS DOUBLE)) AS ${type})`];
  if (operand === 'numeric') return [`${keyword}(trunc(`, x, ') AS BIGINT)'];
  return [keyword.toUpperCase() === 'TRY_CAST' ? '_weir.spark_try_long(' : '_weir.spark_long(', x, ')'];
}

/**
 * Spark's `x div y`: truncates toward zero and returns BIGINT. DuckDB's `//` does that for integers only (for
 * DECIMAL and DOUBLE it divides exactly: 7.5 // 2 = 3.75), while `%` truncates for every numeric type,
 * so x - x % y is a whole multiple of y and the division is exact.
 */
export function truncatingDiv<T>(x: T, y: T): (string | T)[] {
  return ['CAST(((', x, ') - (', x, ') % (', y, ')) // (', y, ') AS BIGINT)'];
}
