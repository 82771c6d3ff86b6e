import { DUCKDB_FUNCTION_NAMES } from './duckdb-function-names.js';
import { classifyFunction } from './function-table.js';
import { SPARK_BUILTIN_FUNCTIONS } from './spark-builtin-functions.js';

/**
 * How much of Spark's built-in function list Weir translates: mapped (a rule rewrites it), passthrough
 * (DuckDB's function of that name gives the same result), refused (an error with a hint), and the rest:
 * `unverified` (DuckDB has a function of that name, passed through unchecked) and `missing` (an error:
 * "unknown function").
 */
export interface FunctionCoverage {
  readonly total: number;
  readonly mapped: readonly string[];
  readonly passthrough: readonly string[];
  readonly refused: readonly string[];
  readonly unverified: readonly string[];
  readonly missing: readonly string[];
}

/** Spark keywords that are parsed as syntax, not calls (`CASE`, `IN`, `BETWEEN`, ...): not counted. */
const SYNTAX = new Set(['any', 'some', 'and', 'or', 'not', 'between', 'case', 'when', 'in', 'like', 'ilike', 'rlike', 'regexp', 'div', 'cast', 'extract', 'position']);

export function functionCoverage(): FunctionCoverage {
  const out = { mapped: [] as string[], passthrough: [] as string[], refused: [] as string[], unverified: [] as string[], missing: [] as string[] };
  const names = [...new Set(SPARK_BUILTIN_FUNCTIONS)].filter((n) => !SYNTAX.has(n)).sort();
  for (const n of names) {
    const c = classifyFunction(n);
    if (c === 'mapped') out.mapped.push(n);
    else if (c === 'passthrough') out.passthrough.push(n);
    else if (c === 'refused') out.refused.push(n);
    else if (DUCKDB_FUNCTION_NAMES.has(n)) out.unverified.push(n);
    else out.missing.push(n);
  }
  return { total: names.length, ...out };
}

export function formatCoverage(c: FunctionCoverage): string {
  const pct = (n: number): string => `${((100 * n) / c.total).toFixed(1)}%`;
  return [
    `Spark built-in functions: ${c.total}`,
    `  mapped:      ${c.mapped.length} (${pct(c.mapped.length)})`,
    `  passthrough: ${c.passthrough.length} (${pct(c.passthrough.length)})`,
    `  refused:     ${c.refused.length} (${pct(c.refused.length)})`,
    `  unverified:  ${c.unverified.length} (${pct(c.unverified.length)}) passed through: DuckDB has the name — ${c.unverified.join(', ')}`,
    `  missing:     ${c.missing.length} (${pct(c.missing.length)}) error "unknown function" — ${c.missing.join(', ')}`,
  ].join('\n');
}
