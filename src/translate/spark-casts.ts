import type { Token } from '../model/token.js';
import { skipParens } from '../sql/table-refs.js';

/**
 * Spark casts whose DuckDB namesake gives another value, for the CAST / TRY_CAST / `::` / `string(x)` paths
 * (rewrite-tokens.ts, postfix-cast.ts, rules/math-functions.ts). The operand's type is unknown at translation,
 * so most go through Weir's macros (src/util/duckdb-settings.ts), which pick Spark's conversion by `typeof` when
 * DuckDB binds and are DuckDB's plain cast for every other type:
 * - STRING: BINARY decoded as UTF-8; a visibly floating operand written as Java writes it (`1.0E10`, `NaN`);
 * - BINARY: a STRING's UTF-8 bytes; BOOLEAN: a STRING trimmed; DATE: also `yyyy` and `yyyy-[m]m`.
 * Visible operands are converted directly: a number to TIMESTAMP is seconds since the epoch, a timestamp to
 * BIGINT / INT is epoch seconds (DuckDB has neither cast).
 */
/** NULL where a conversion fails: Spark's CAST without ANSI mode, and its try_cast. */
const MACROS: Readonly<Record<string, string>> = {
  VARCHAR: '_weir.spark_to_string', BLOB: '_weir.spark_binary', BOOLEAN: '_weir.spark_try_boolean', DATE: '_weir.spark_try_date',
  TIMESTAMP: '_weir.spark_try_timestamp',
};


/**
 * Spark's `CAST(x AS type)` (also try_cast, `::`, `int(x)`): NULL where the conversion fails (Spark without ANSI
 * mode), or undefined when DuckDB's own TRY_CAST is Spark's.
 */
export function sparkCast<T>(x: T, type: string, toks: readonly Token[]): (string | T)[] | undefined {
  if (type === 'TIMESTAMP' && isNumberLiteral(toks)) {
    return ['make_timestamp(CAST(CAST(', x, ' AS DECIMAL(38, 6)) * 1000000 AS BIGINT))'];
  }
  if ((type === 'BIGINT' || type === 'INTEGER') && isVisiblyTimestamp(toks)) return ['TRY_CAST(floor(epoch(', x, `)) AS ${type})`];
  const macro = MACROS[type];
  if (!macro) return undefined;
  // A string literal is already a STRING: DuckDB's cast is the same (to TIMESTAMP too: no number to convert).
  if ((type === 'VARCHAR' || type === 'TIMESTAMP') && toks.length === 1 && toks[0].kind === 'string') return undefined;
  // Java's way of writing a DOUBLE (`1.0E10`, `NaN`) only where the operand is visibly floating: the macro's
  // size is paid at every bind (duckdb-settings.ts).
  if (type === 'VARCHAR' && isVisiblyFloating(toks)) return ['_weir.spark_double_string(CAST(', x, ' AS DOUBLE))'];
  return [`${macro}(`, x, ')'];
}

const FLOAT_TYPES = new Set(['DOUBLE', 'FLOAT', 'REAL']);

/** A floating literal (`1.5`, `1e10`, `2D`), `double(x)` / `float(x)`, or a cast to DOUBLE / FLOAT. */
function isVisiblyFloating(toks: readonly Token[]): boolean {
  const k = toks.length === 2 && (toks[0].text === '-' || toks[0].text === '+') ? 1 : 0;
  if (toks.length === k + 1 && toks[k].kind === 'number') return /[.eEdDfF]/.test(toks[k].text) && !/[lLsSyY]$|BD$/i.test(toks[k].text);
  const first = toks[0];
  if (!first || first.kind !== 'ident' || toks[1]?.text !== '(' || skipParens(toks, 1) !== toks.length - 1) return false;
  if (FLOAT_TYPES.has(first.upper)) return true;
  const as = toks.findLastIndex((x) => x.kind === 'ident' && x.upper === 'AS');
  return (first.upper === 'CAST' || first.upper === 'TRY_CAST') && as > 1 && FLOAT_TYPES.has(toks[as + 1]?.upper ?? '') && as + 3 === toks.length;
}

function isNumberLiteral(toks: readonly Token[]): boolean {
  const k = toks.length === 2 && (toks[0].text === '-' || toks[0].text === '+') ? 1 : 0;
  return toks.length === k + 1 && toks[k].kind === 'number';
}

const TIMESTAMP_CALLS = new Set(['CURRENT_TIMESTAMP', 'NOW', 'LOCALTIMESTAMP', 'TO_TIMESTAMP', 'TIMESTAMP', 'TIMESTAMP_SECONDS', 'TIMESTAMP_MILLIS', 'TIMESTAMP_MICROS', 'MAKE_TIMESTAMP']);

/** `TIMESTAMP '...'`, `current_timestamp`, a timestamp function, or `CAST(... AS TIMESTAMP)`. */
function isVisiblyTimestamp(toks: readonly Token[]): boolean {
  const first = toks[0];
  if (!first || first.kind !== 'ident') return false;
  if (toks.length === 1) return first.upper === 'CURRENT_TIMESTAMP' || first.upper === 'LOCALTIMESTAMP';
  if (toks.length === 2) return first.upper === 'TIMESTAMP' && toks[1].kind === 'string';
  if (toks[1].text !== '(' || skipParens(toks, 1) !== toks.length - 1) return false;
  if (TIMESTAMP_CALLS.has(first.upper)) return true;
  const as = toks.findLastIndex((x) => x.kind === 'ident' && x.upper === 'AS');
  return (first.upper === 'CAST' || first.upper === 'TRY_CAST') && as > 1 && toks[as + 1]?.upper === 'TIMESTAMP' && as + 3 === toks.length;
}

/** The SQL around `x` that writes it as Spark's CAST(x AS STRING) does (x's tokens say whether it is floating). */
export function sparkStringCall(toks: readonly Token[]): [string, string] {
  return isVisiblyFloating(toks) ? ['_weir.spark_double_string(CAST(', ' AS DOUBLE))'] : ['_weir.spark_to_string(', ')'];
}

