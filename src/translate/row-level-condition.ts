import type { SqlFragment } from '../model/ast.js';
import { lex } from '../sql/lexer.js';

/**
 * An expectation's condition is evaluated on each row (dialect reference §2.6: a boolean expression over the
 * row, no aggregates, no subqueries that reference other tables). An aggregate, a window function or a subquery
 * there fails only at run time, with Weir's generated SQL in DuckDB's message; compile says so at its position.
 * Returns the offending token's rendered range and what it is, or undefined for a row-level condition.
 */
export function notRowLevel(condition: SqlFragment): { start: number; end: number; what: string } | undefined {
  const { tokens } = lex(condition.text, condition.renderedStart);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'ident') continue;
    const at = { start: t.start, end: t.end };
    if (t.upper === 'SELECT') return { ...at, what: 'a subquery' };
    if (t.upper === 'OVER') return { ...at, what: 'a window function (OVER)' };
    const next = tokens[i + 1];
    const prev = tokens[i - 1];
    if (next?.kind === 'op' && next.text === '(' && prev?.text !== '.' && AGGREGATES.has(t.upper)) return { ...at, what: `an aggregate (${t.text})` };
  }
  return undefined;
}

/** Spark's aggregate and ranking functions (a call of one needs a group or a window, never one row). */
const AGGREGATES = new Set([
  'SUM', 'AVG', 'MEAN', 'COUNT', 'COUNT_IF', 'MIN', 'MAX', 'MIN_BY', 'MAX_BY', 'FIRST', 'LAST', 'FIRST_VALUE', 'LAST_VALUE',
  'COLLECT_LIST', 'COLLECT_SET', 'ARRAY_AGG', 'STDDEV', 'STDDEV_POP', 'STDDEV_SAMP', 'STD', 'VARIANCE', 'VAR_POP', 'VAR_SAMP',
  'PERCENTILE', 'PERCENTILE_APPROX', 'APPROX_PERCENTILE', 'PERCENTILE_CONT', 'PERCENTILE_DISC', 'APPROX_COUNT_DISTINCT', 'MEDIAN', 'MODE',
  'BOOL_AND', 'BOOL_OR', 'EVERY', 'SOME', 'CORR', 'COVAR_POP', 'COVAR_SAMP', 'SKEWNESS', 'KURTOSIS', 'GROUPING', 'GROUPING_ID',
  'STRING_AGG', 'LISTAGG', 'ROW_NUMBER', 'RANK', 'DENSE_RANK', 'PERCENT_RANK', 'CUME_DIST', 'NTILE', 'LAG', 'LEAD', 'NTH_VALUE',
  'BIT_AND', 'BIT_OR', 'BIT_XOR', 'HISTOGRAM_NUMERIC', 'REGR_COUNT', 'REGR_SLOPE', 'REGR_INTERCEPT', 'REGR_R2', 'TRY_AVG', 'TRY_SUM',
]);
