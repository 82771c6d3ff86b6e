import type { CompiledExpectation, ExpectationAction } from '../model/index.js';
import { quoteIdent } from '../model/index.js';
import { expectationPassesSql } from '../util/duckdb-settings.js';

/**
 * SQL for evaluating expectations in ONE pass over a flow's result (SEMANTICS §4): the batch is materialised
 * once with one boolean column per expectation, `expectationPassesSql` — a row passes only when the condition is TRUE;
 * FALSE and NULL are violations, like a WHERE filter. Counting and writing then read that
 * materialised batch, never the query again.
 */
export interface ExpectationColumn {
  readonly name: string;
  readonly action: ExpectationAction;
  /** Boolean column holding "row passes" for this expectation. */
  readonly column: string;
}

export function expectationColumns(expectations: readonly CompiledExpectation[]): ExpectationColumn[] {
  return expectations.map((e, i) => ({ name: e.name, action: e.action, column: `__weir_exp_${i}` }));
}

/** The query with one pass/fail column per expectation. The newline before `)` survives a trailing `--` comment. */
export function batchSelectSql(query: string, expectations: readonly CompiledExpectation[]): string {
  const cols = expectationColumns(expectations);
  if (cols.length === 0) return `SELECT * FROM (\n${stripSemicolon(query)}\n) AS "__weir_q"`;
  const checks = expectations.map((e, i) => `${expectationPassesSql(e.condition.sql)} AS ${quoteIdent(cols[i].column)}`);
  return `SELECT *,\n  ${checks.join(',\n  ')}\nFROM (\n${stripSemicolon(query)}\n) AS "__weir_q"`;
}

/** Rows that pass every DROP ROW expectation (warn rows are kept; FAIL UPDATE is checked before writing). */
export function dropPredicate(cols: readonly ExpectationColumn[]): string {
  const drops = cols.filter((c) => c.action === 'drop').map((c) => quoteIdent(c.column));
  return drops.length === 0 ? 'true' : drops.join(' AND ');
}

/** The batch's rows as written: expectation columns removed, dropped rows filtered out. */
export function keptRowsSql(batch: string, cols: readonly ExpectationColumn[]): string {
  if (cols.length === 0) return `SELECT * FROM ${batch}`;
  const pred = dropPredicate(cols);
  return `SELECT * EXCLUDE (${cols.map((c) => quoteIdent(c.column)).join(', ')}) FROM ${batch}${pred === 'true' ? '' : ` WHERE ${pred}`}`;
}

/**
 * One scan: rows read, passed count per expectation, rows dropped (a row dropped by several rules counts once),
 * and `extra` aggregates (the runner's key probes).
 */
export function metricsSql(batch: string, cols: readonly ExpectationColumn[], extra: readonly string[] = []): string {
  const parts = ['count(*) AS "rows_read"'];
  cols.forEach((c, i) => parts.push(`count_if(${quoteIdent(c.column)}) AS "passed_${i}"`));
  const pred = dropPredicate(cols);
  parts.push(pred === 'true' ? '0 AS "dropped"' : `count_if(NOT (${pred})) AS "dropped"`, ...extra);
  return `SELECT ${parts.join(', ')} FROM ${batch}`;
}

/** Up to `limit` rows violating `col`, for the FAIL UPDATE report (SEMANTICS §4: up to 5 example rows). */
export function violatingRowsSql(batch: string, col: ExpectationColumn, cols: readonly ExpectationColumn[], limit = 5): string {
  return `SELECT * EXCLUDE (${cols.map((c) => quoteIdent(c.column)).join(', ')}) FROM ${batch} WHERE NOT ${quoteIdent(col.column)} LIMIT ${limit}`;
}

export function stripSemicolon(sql: string): string {
  return sql.replace(/;\s*$/, '');
}

/**
 * The same counts as `metricsSql`, evaluated over rows already written to `relation` (a table holding the batch):
 * used when no expectation drops rows, so the written rows are exactly the batch and the conditions can be
 * counted in one scan of them instead of materialising the batch first. Same rule as the batch columns:
 * a row passes only when the condition is TRUE.
 */
export function writtenMetricsSql(relation: string, expectations: readonly CompiledExpectation[], extra: readonly string[] = []): string {
  const parts = ['count(*) AS "rows_read"'];
  expectations.forEach((e, i) => parts.push(`count_if(${expectationPassesSql(e.condition.sql)}) AS "passed_${i}"`));
  parts.push('0 AS "dropped"', ...extra);
  return `SELECT ${parts.join(',\n  ')}\nFROM ${relation}`;
}

/** Up to `limit` written rows violating `expectation` (FAIL UPDATE report), for the `writtenMetricsSql` path. */
export function writtenViolatingRowsSql(relation: string, expectation: CompiledExpectation, limit = 5): string {
  return `SELECT * FROM ${relation} WHERE NOT ${expectationPassesSql(expectation.condition.sql)} LIMIT ${limit}`;
}
