import type { CompiledCdc } from '../model/compiled-pipeline.js';
import type { ColumnInfo } from './cdc-columns.js';
import { duplicatesQuery, planContext } from './plan-context.js';
import type { CdcSqlPlanParts } from './plan-parts.js';
import { scd1IgnoreNullsSql } from './scd1-ignore-nulls-sql.js';
import { scd1Sql } from './scd1-sql.js';
import { scd2Sql } from './scd2-sql.js';
import { sequenceType } from './sequence-type.js';

export interface CdcRelations {
  /** Quoted relation of the user-visible target table, e.g. `"main"."customers"`. */
  readonly target: string;
  /**
   * Quoted relation-name PREFIX for internal state tables, e.g. `"_weir_private"."customers__cdc"`: Weir
   * creates `..._keys` (SCD 1 sequences and tombstones), `..._truncate`, `..._events` (SCD 2 event
   * history) and `..._violations` (rows with a NULL key or sequence, with the run id).
   */
  readonly state: string;
  /**
   * The change relation's columns, in order, as `DESCRIBE` gives them. Required: the generated SQL names
   * columns (per-column tie-breaks, IGNORE NULL UPDATES, new-column DDL). Optional in the type only so the
   * original interface stays source-compatible; `cdcApplySql` throws (a caller bug) when it is missing.
   */
  readonly columns?: readonly ColumnInfo[];
  /** The run id stored with violation rows; default `getvariable('weir_run_id')`. */
  readonly runId?: string;
  /**
   * DuckDB type of the SEQUENCE BY expression. Inferred when the sequence is a plain column; needed only to
   * add per-column state for a column that appears in a later run (SCD 1 with IGNORE NULL UPDATES).
   */
  readonly sequenceType?: string;
}

export interface CdcSqlPlan {
  /** Idempotent DDL: schemas, target and state tables if missing (typed from the change rows), new columns. */
  readonly ensure: string[];
  /** The batch apply, in order, inside the dataset's transaction. */
  readonly apply: string[];
  /**
   * One row. Target rows: `num_output_rows` (inserted: a new key, SCD 2 a new version), `num_upserted_rows`
   * (inserted or updated), `num_deleted_rows` (removed). Change rows, which balance as read = applied + ignored
   * + violations: `num_applied_changes` (took effect), `num_ignored_changes` (late, superseded by a later one of
   * its key, or a re-delivery that changed nothing), `num_violations` (NULL key or sequence, not applied). And
   * `num_duplicate_sequence` (groups of different events sharing key and sequence).
   */
  readonly metrics: string;
  /** Rows `key`, `sequence` (text, at most 20) of the conflicting groups, for `duplicateSequenceWarning`. */
  readonly duplicates: string;
  /** Drops the per-flow temp tables; run after `metrics` and `duplicates` (optional: they are overwritten). */
  readonly cleanup: string[];
}

/**
 * SQL that applies one batch of change rows to a CDC target (SEMANTICS §5). `changes` is a relation (a table
 * name or a parenthesised SELECT) holding only this batch's new rows; the runner runs `ensure`, then `apply`,
 * then `metrics` in the target dataset's transaction. Output is deterministic text (golden-tested).
 */
export function cdcApplySql(spec: CompiledCdc, relations: CdcRelations, changes: string): CdcSqlPlan {
  if (!relations.columns) {
    throw new Error('cdcApplySql: relations.columns (the change rows\' DESCRIBE) is required');
  }
  const ctx = planContext(spec, { ...relations, columns: relations.columns }, changes);
  let parts: CdcSqlPlanParts;
  if (spec.storedAs === 2) parts = scd2Sql(ctx);
  else if (spec.ignoreNullUpdates) parts = scd1IgnoreNullsSql(ctx, relations.sequenceType ?? sequenceType(spec, relations.columns));
  else parts = scd1Sql(ctx);
  return {
    ensure: parts.ensure,
    apply: parts.apply,
    metrics: parts.metrics,
    duplicates: parts.duplicates ?? duplicatesQuery(ctx),
    cleanup: parts.scratch.map((s) => `DROP TABLE IF EXISTS ${ctx.tmp(s)}`),
  };
}
