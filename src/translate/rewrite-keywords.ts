import type { Token } from '../model/token.js';

/** Keyword sets of the token rewriter (rewrite-tokens.ts). */
/** Keywords that may be followed by `(` without being a function call. */
export const NOT_CALLS = new Set([
  'IN', 'EXISTS', 'AS', 'VALUES', 'OVER', 'FILTER', 'WITHIN', 'USING', 'ON', 'AND', 'OR', 'NOT', 'WHEN', 'THEN', 'ELSE',
  'SELECT', 'FROM', 'JOIN', 'WHERE', 'BY', 'EXCEPT', 'UNION', 'INTERSECT', 'ALL', 'ANY', 'SOME', 'DISTINCT', 'CASE',
  'LATERAL', 'TABLE', 'WINDOW', 'WITH', 'INTO', 'IS', 'LIKE', 'ILIKE', 'BETWEEN', 'HAVING', 'GROUP', 'ORDER', 'LIMIT',
  'QUALIFY', 'PARTITION', 'ROWS', 'RANGE', 'SETS', 'EXCLUDE', 'RLIKE', 'REGEXP', 'DIV', 'END', 'MINUS', 'INTERVAL',
  'TABLESAMPLE', 'PIVOT', 'UNPIVOT', 'RECURSIVE', 'MATERIALIZED',
]);
/** Ends an ORDER BY list at the same nesting level. */
export const ORDER_END = new Set(['LIMIT', 'OFFSET', 'ROWS', 'RANGE', 'GROUPS', 'FETCH', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS', 'WINDOW', 'QUALIFY', 'SORT', 'DISTRIBUTE', 'CLUSTER']);
/** Ends a dropped DISTRIBUTE BY / SORT BY / CLUSTER BY clause. */
export const CLAUSE_END = new Set(['LIMIT', 'OFFSET', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS', 'ORDER', 'SORT', 'DISTRIBUTE', 'CLUSTER', 'WINDOW']);

const OPERAND_STARTERS = new Set(['SELECT', 'WHERE', 'AND', 'OR', 'NOT', 'WHEN', 'THEN', 'ELSE', 'ON', 'HAVING', 'BY', 'RETURN', 'QUALIFY']);

/** True when a token cannot end an operand, so a following `name(` is a call, not an infix operator. */
export function startsOperand(prev: Token | undefined): boolean {
  if (!prev) return true;
  if (prev.kind === 'op') return prev.text !== ')' && prev.text !== ']';
  return prev.kind === 'ident' && OPERAND_STARTERS.has(prev.upper);
}

/** `exists(arr, x -> ...)`, Spark's higher-order function, as opposed to `EXISTS (SELECT ...)`. */
export function isExistsCall(tokens: readonly Token[], i: number): boolean {
  const first = tokens[i + 2];
  return tokens[i].upper === 'EXISTS' && first !== undefined && first.text !== '(' && first.text !== ')' &&
    !(first.kind === 'ident' && ['SELECT', 'WITH', 'VALUES', 'FROM', 'TABLE'].includes(first.upper));
}

/**
 * `any(x)` / `some(x)`: Spark's boolean-or aggregates (bool_or), as opposed to the quantifier in `x = ANY (...)`
 * and `LIKE ANY (...)`: the call starts an operand (after `(`, `,` or a keyword such as SELECT or HAVING).
 */
export function isAnyAggregate(tokens: readonly Token[], i: number): boolean {
  const u = tokens[i].upper;
  if ((u !== 'ANY' && u !== 'SOME') || tokens[i].kind !== 'ident') return false;
  const prev = tokens[i - 1];
  if (!prev) return true;
  if (prev.kind === 'op') return prev.text === '(' || prev.text === ',';
  return prev.kind === 'ident' && (OPERAND_STARTERS.has(prev.upper) || prev.upper === 'DISTINCT');
}
