import type { CompiledCdc, CompiledExpectation } from '../model/compiled-pipeline.js';
import { quoteString } from '../model/relations.js';
import { eventKind } from './plan-context.js';
import { paren } from './sql-fragments.js';
import { expectationPassesSql } from '../util/duckdb-settings.js';

/**
 * SQL for the expectations declared on a CDC target (issue 5 "expectations on the target", SEMANTICS §4),
 * evaluated on the batch's change events before they are applied. Only UPSERT events are checked: a delete or
 * a truncate usually carries NULL in every column but its key, so checking it would count (and with DROP ROW,
 * drop) nearly every delete. `changes` is the batch's materialised change rows (a table: DROP ROW deletes from
 * it, so the apply never sees a dropped event).
 */
export interface CdcExpectationSql {
  /**
   * ONE scan for all rules: `rows_read` (every change row), `checked` (the upserts), `failed_<i>` per rule (an
   * upsert fails unless the condition is TRUE: FALSE and NULL fail) and `dropped` (upserts failing any DROP ROW
   * rule, counted once).
   */
  readonly metrics: string;
  /** Up to 5 upserts violating rule `i` (the FAIL UPDATE report). */
  readonly violating: (i: number) => string;
  /** Removes the dropped upserts from `changes`; undefined without a DROP ROW rule. */
  readonly drop?: string;
  /**
   * The dropped upserts as the quarantine keeps them (issue 7): the change row, the names of every rule it
   * failed, the run id and the time.
   */
  readonly quarantined: (runId: string, at: Date) => string;
  /** `SELECT (<condition i>) FROM changes LIMIT 0`: binds one rule alone, to place an error at its clause. */
  readonly bind: (i: number) => string;
}

export function cdcExpectationSql(spec: CompiledCdc, rules: readonly CompiledExpectation[], changes: string): CdcExpectationSql {
  const { upsert } = eventKind(spec);
  // A row passes only when the condition is TRUE (README, "Expectations"); a condition that is not BOOLEAN fails.
  const pass = rules.map((r) => expectationPassesSql(r.condition.sql));
  const drops = pass.filter((_, i) => rules[i].action === 'drop');
  const dropped = drops.length > 0 ? `(${upsert}) AND NOT (${drops.join(' AND ')})` : undefined;
  const parts = ['count(*) AS "rows_read"', `count_if(${upsert}) AS "checked"`,
    ...pass.map((p, i) => `count_if((${upsert}) AND NOT ${p}) AS "failed_${i}"`),
    dropped ? `count_if(${dropped}) AS "dropped"` : '0 AS "dropped"'];
  const failedNames = `list_filter([${pass.map((p, i) => `CASE WHEN NOT ${p} THEN ${quoteString(rules[i].name)} END`).join(', ')}], x -> x IS NOT NULL)`;
  return {
    metrics: `SELECT ${parts.join(',\n  ')}\nFROM ${changes}`,
    violating: (i) => `SELECT * FROM ${changes} WHERE (${upsert}) AND NOT ${pass[i]} LIMIT 5`,
    ...(dropped ? { drop: `DELETE FROM ${changes} WHERE ${dropped}` } : {}),
    quarantined: (runId, at) => `SELECT *, ${failedNames} AS "_weir_failed_expectations", ${quoteString(runId)} AS "_weir_run_id", ` +
      `TIMESTAMP ${quoteString(at.toISOString().replace('T', ' ').replace('Z', ''))} AS "_weir_quarantined_at"\n` +
      `FROM ${changes} WHERE ${dropped ?? 'false'}`,
    bind: (i) => `SELECT ${paren(rules[i].condition.sql)} FROM ${changes} LIMIT 0`,
  };
}
