import type { CompiledCdc } from '../model/compiled-pipeline.js';
import { quoteString } from '../model/relations.js';
import { cdcColumns, type CdcColumns, type ColumnInfo } from './cdc-columns.js';
import { splitRelation } from '../model/relations.js';
import { schemaOf, stateTable, tempTable } from './relation-names.js';
import { columnList, eventContent, paren, q, structOf } from './sql-fragments.js';

/** Everything the SCD generators share: names, column sets and the batch-classification SQL. */
export interface PlanContext {
  readonly spec: CompiledCdc;
  readonly columns: CdcColumns;
  readonly changeColumns: readonly ColumnInfo[];
  readonly target: string;
  /** The change relation, aliased so `FROM ${changes}` works for a table name and a subquery alike. */
  readonly changes: string;
  readonly seq: string;
  readonly runId: string;
  readonly state: {
    readonly keys: string;
    readonly truncate: string;
    readonly events: string;
    readonly violations: string;
  };
  /** Scratch tables in the `temp` catalog, one set per flow. */
  readonly tmp: (suffix: string) => string;
  readonly schemas: readonly string[];
}

export interface ContextInput {
  readonly target: string;
  readonly state: string;
  readonly runId?: string;
  readonly columns: readonly ColumnInfo[];
}

export function planContext(spec: CompiledCdc, rel: ContextInput, changes: string): PlanContext {
  const schemas = [schemaOf(rel.target), schemaOf(rel.state)].filter((s): s is string => s !== undefined);
  return {
    spec,
    columns: cdcColumns(spec, rel.columns),
    changeColumns: rel.columns,
    target: rel.target,
    changes: `${changes} AS "__weir_changes"`,
    seq: paren(spec.sequenceBy.sql),
    // The run id comes from the runner; `weir_run_id` is the variable it sets for compiled SQL otherwise.
    runId: rel.runId !== undefined ? quoteString(rel.runId) : `CAST(getvariable('weir_run_id') AS VARCHAR)`,
    state: {
      keys: stateTable(rel.state, '_keys'),
      truncate: stateTable(rel.state, '_truncate'),
      events: stateTable(rel.state, '_events'),
      violations: stateTable(rel.state, '_violations'),
    },
    tmp: (suffix) => tempTable(rel.state, suffix),
    schemas: [...new Set(schemas)],
  };
}

/** DDL shared by both SCD types: schemas, and the violations table with every change column. */
export function commonEnsure(ctx: PlanContext): string[] {
  const out = ctx.schemas.map((s) => `CREATE SCHEMA IF NOT EXISTS ${s}`);
  out.push(
    `CREATE TABLE IF NOT EXISTS ${ctx.state.violations} AS\n` +
      `SELECT *, CAST(NULL AS VARCHAR) AS "__weir_run_id", CAST(NULL AS VARCHAR) AS "__weir_reason"\n` +
      `FROM ${ctx.changes} LIMIT 0`,
  );
  out.push(...addColumns(ctx.state.violations, ctx.changeColumns));
  return out;
}

/** New columns in new input are added (SEMANTICS §3); a type conflict fails the update in DuckDB. */
export function addColumns(table: string, columns: readonly ColumnInfo[]): string[] {
  return columns.map((c) => `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${q(c.name)} ${c.type}`);
}

/**
 * The batch as an inline relation: every change row with its sequence, delete and truncate flags and the
 * reason it is a violation (SEMANTICS §5: a NULL sequence, or a NULL key on a non-truncate row, is never
 * applied). Inline rather than a temp table: materialising every change column once more measured as a
 * sizeable share of a small batch's time, and the expressions are cheap to evaluate again.
 */
export function batchRelation(ctx: PlanContext): string {
  const { spec, columns } = ctx;
  const { del, trunc } = eventKind(spec);
  const nullKey = columns.keys.map((k) => `${q(k)} IS NULL`).join(' OR ');
  return `(SELECT *, CASE WHEN "__weir_seq" IS NULL THEN 'NULL sequence' ` +
    `WHEN NOT "__weir_trunc" AND (${nullKey}) THEN 'NULL key' END AS "__weir_violation"\n` +
    ` FROM (SELECT *, ${ctx.seq} AS "__weir_seq", ${del} AS "__weir_del", ${trunc} AS "__weir_trunc" FROM ${ctx.changes}))`;
}

/**
 * How a change row is classified (SEMANTICS §5; README "Rules Weir chose"): a truncate when TRUNCATE WHEN holds,
 * else a delete when DELETE WHEN holds, else an upsert. A NULL condition counts as false. Shared by the apply
 * SQL and the target's expectations, which check upserts only (expectations-sql.ts).
 */
export function eventKind(spec: CompiledCdc): { readonly del: string; readonly trunc: string; readonly upsert: string } {
  const del = spec.deleteWhen ? `coalesce(${paren(spec.deleteWhen.sql)}, false)` : 'false';
  const trunc = spec.truncateWhen ? `coalesce(${paren(spec.truncateWhen.sql)}, false)` : 'false';
  const upsert = [spec.deleteWhen ? `NOT ${del}` : '', spec.truncateWhen ? `NOT ${trunc}` : ''].filter(Boolean).join(' AND ') || 'true';
  return { del, trunc, upsert };
}

/** Violations are kept in `<state>_violations` with the run id and the reason (SEMANTICS §5). */
export function violationsSql(ctx: PlanContext): string[] {
  return [
    `INSERT INTO ${ctx.state.violations} BY NAME\n` +
      `SELECT * EXCLUDE ("__weir_seq", "__weir_del", "__weir_trunc", "__weir_violation"),\n` +
      `  ${ctx.runId} AS "__weir_run_id", "__weir_violation" AS "__weir_reason"\n` +
      `FROM ${batchRelation(ctx)} AS b WHERE "__weir_violation" IS NOT NULL`,
  ];
}

/** The valid upsert/delete events of the batch (not truncates), with only the columns the target stores. */
export function validEvents(ctx: PlanContext, extraWhere = ''): string {
  const cols = columnList([...ctx.columns.keys, ...ctx.columns.values]);
  return `SELECT ${cols}, "__weir_seq", "__weir_del" FROM ${batchRelation(ctx)} AS b\n` +
    `WHERE "__weir_violation" IS NULL AND NOT "__weir_trunc"${extraWhere}`;
}

/**
 * The plan's one metrics row (see `CdcSqlPlan.metrics`). `counts` is the SCD type's SELECT giving
 * `num_upserted_rows`, `num_deleted_rows`, `num_output_rows` (target rows) and `num_applied_changes` (change
 * rows that took effect); this adds, from one scan of the batch, `num_violations` (NULL key or sequence) and
 * `num_ignored_changes` (every other valid change row: late, superseded by a later one of its key, or a
 * re-delivery that changed nothing), so rows read = applied + ignored + violations by construction.
 * Same-key-same-sequence conflicts: by default every conflicting group of the batch; SCD 1 passes the cheaper
 * count it computes while picking winners.
 */
export function metricsSql(ctx: PlanContext, counts: string, duplicateCount?: string): string {
  return `SELECT m.num_upserted_rows, m.num_deleted_rows, m.num_output_rows, m.num_applied_changes,\n` +
    `  bc.num_valid - m.num_applied_changes AS num_ignored_changes, bc.num_violations,\n` +
    `  ${duplicateCount ?? `(SELECT count(*) FROM (${duplicateGroups(ctx)}))`} AS num_duplicate_sequence\n` +
    `FROM (${counts}) AS m,\n` +
    `  (SELECT count(*) FILTER (WHERE "__weir_violation" IS NULL) AS num_valid,\n` +
    `     count(*) FILTER (WHERE "__weir_violation" IS NOT NULL) AS num_violations\n` +
    `   FROM ${batchRelation(ctx)} AS b) AS bc`;
}

/**
 * Groups of valid events of this batch sharing a key and a sequence but differing in content (`eventContent`:
 * identical re-deliveries, and two deletes, are harmless and not reported). The rule that resolves them is in
 * `tieBreakDesc`. Each SCD generator adds the conflicts with what the state holds from earlier batches.
 */
export function duplicateGroups(ctx: PlanContext): string {
  const { keys, values } = ctx.columns;
  const content = eventContent(values);
  return `SELECT ${columnList(keys)}, "__weir_seq" FROM ${batchRelation(ctx)} AS b\n` +
    `WHERE "__weir_violation" IS NULL AND NOT "__weir_trunc"\n` +
    `GROUP BY ALL HAVING count(DISTINCT ${content}) > 1`;
}

/**
 * A SELECT listing up to 20 conflicting keys as text, for the runner's warning (see `duplicateWarning`).
 * `groups` is a relation with the key columns and `__weir_seq`; default: every conflicting group.
 */
export function duplicatesQuery(ctx: PlanContext, groups?: string): string {
  const keyText = ctx.columns.keys.length === 1
    ? `CAST(${q(ctx.columns.keys[0])} AS VARCHAR)`
    : `CAST(${structOf(ctx.columns.keys)} AS VARCHAR)`;
  return `SELECT ${keyText} AS "key", CAST("__weir_seq" AS VARCHAR) AS "sequence"\n` +
    `FROM (${groups ?? duplicateGroups(ctx)})\nORDER BY ALL LIMIT 20`;
}

/**
 * Fails the update with a clear message when SEQUENCE BY's type differs from the one `table."__weir_seq"`
 * was created with (dialect reference §3.5: the sequence must be type-stable across runs). Without it a
 * changed type would be cast silently, or fail with a bare conversion error. Integer types of different
 * widths count as the same (a JSON reader may infer INTEGER one run and BIGINT the next; an overflowing
 * value still fails on insert). No change rows: no check.
 */
export function sequenceGuardSql(ctx: PlanContext, table: string): string {
  const parts = splitRelation(table);
  const name = quoteString(parts[parts.length - 1]);
  const schema = parts.length >= 2 ? ` AND table_schema = ${quoteString(parts[parts.length - 2])}` : '';
  const catalog = ` AND table_catalog = ${parts.length >= 3 ? quoteString(parts[0]) : 'current_database()'}`;
  const stored = `(SELECT data_type FROM information_schema.columns WHERE table_name = ${name}${schema}${catalog}` +
    ` AND column_name = '__weir_seq')`;
  const family = (t: string): string =>
    `CASE WHEN regexp_full_match(${t}, 'U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)') THEN 'integer' ELSE ${t} END`;
  return `SELECT error('SEQUENCE BY is now ' || t || ' but this target was built with ' || ${stored} ||\n` +
    `  '; keep the sequence type stable, or rebuild the target with --full-refresh')\n` +
    `FROM (SELECT typeof(${ctx.seq}) AS t FROM ${ctx.changes} LIMIT 1) WHERE ${family('t')} <> ${family(stored)}`;
}
