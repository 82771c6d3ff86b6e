/**
 * Spark's integer arithmetic where DuckDB's differs, written once for the operator / CAST paths
 * (rewrite-tokens.ts) and the function rules (rules/math-functions.ts). `T` is whatever a caller's operands are
 * (rewritten pieces, rule arguments); strings are the SQL around them.
 */

/**
 * Integer casts Spark truncates toward zero (CAST(2.7 AS INT) = 2, '3.7' -> 3) and DuckDB rounds. Through DOUBLE
 * is exact for every value these types hold; BIGINT is not (digits above 2^53), so it keeps DuckDB's cast.
 */
export const TRUNCATING_CASTS: ReadonlySet<string> = new Set(['INTEGER', 'SMALLINT', 'TINYINT']);

/** `CAST(trunc(CAST(x AS DOUBLE)) AS type)`, with `keyword` CAST or TRY_CAST. */
export function truncatingCast<T>(x: T, type: string, keyword = 'CAST'): (string | T)[] {
  return [`${keyword}(trunc(${keyword}(`, x, ` AS DOUBLE)) AS ${type})`];
}

/**
 * Spark's `x div y`: truncates toward zero and returns BIGINT. DuckDB's `//` does that for integers only (for
 * DECIMAL and DOUBLE it divides exactly: 7.5 // 2 = 3.75), while `%` truncates like Spark's for every numeric type,
 * so x - x % y is a whole multiple of y and the division is exact.
 */
export function truncatingDiv<T>(x: T, y: T): (string | T)[] {
  return ['CAST(((', x, ') - (', x, ') % (', y, ')) // (', y, ') AS BIGINT)'];
}
