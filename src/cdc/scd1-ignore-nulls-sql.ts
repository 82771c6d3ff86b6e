import type { CdcSqlPlanParts } from './plan-parts.js';
import {
  addColumns, commonEnsure, duplicateGroups, duplicatesQuery, metricsSql, sequenceGuardSql, validEvents, violationsSql, type PlanContext,
} from './plan-context.js';
import { afterTruncate, purgedCount, scd1TruncateSql, truncateApplied } from './scd1-truncate-sql.js';
import { columnList, columnSeq, keysEqual, q, structOf } from './sql-fragments.js';

/**
 * SCD type 1 with IGNORE NULL UPDATES (SEMANTICS §5). Applying events one by one in sequence order, a column
 * ends up holding the last non-NULL value written to it since the key's last delete (or truncate), or NULL.
 * A late event can therefore still set a column that every later event left NULL, so exactness across
 * batches needs, per key and column, the sequence that set the stored value: `<state>_keys` keeps it in
 * `__weir_cs_<column>` next to the key's latest sequence and tombstone flag.
 *
 * Per batch, for the keys in the batch only: the key's state row becomes one more candidate event (its
 * column values with their own sequences), the reset point is the latest delete among all candidates, and
 * each column takes the non-NULL candidate value with the greatest (sequence, value) after the reset. Ties
 * at one sequence thus merge column by column, each column keeping its greatest value — order-independent,
 * so the result never depends on how events were split into batches (documented in the README).
 */
export function scd1IgnoreNullsSql(ctx: PlanContext, sequenceType: string | undefined): CdcSqlPlanParts {
  const { keys, stored, values } = ctx.columns;
  const s = ctx.state.keys;
  const cand = ctx.tmp('candidates');
  const r = ctx.tmp('result');
  const typeOf = new Map(ctx.changeColumns.map((c) => [c.name, c.type]));
  const cs = (c: string): string => q(columnSeq(c));

  const ensure = [
    ...commonEnsure(ctx),
    `CREATE TABLE IF NOT EXISTS ${ctx.target} AS\nSELECT ${columnList(stored)} FROM ${ctx.changes} LIMIT 0`,
    ...addColumns(ctx.target, stored.map((c) => ({ name: c, type: typeOf.get(c) ?? 'VARCHAR' }))),
    `CREATE TABLE IF NOT EXISTS ${s} AS\n` +
      `SELECT ${columnList(keys)}, ${ctx.seq} AS "__weir_seq", false AS "__weir_deleted", ${ctx.seq} AS "__weir_reset"` +
      `${values.map((c) => `, ${ctx.seq} AS ${cs(c)}`).join('')} FROM ${ctx.changes} LIMIT 0`,
    // A column added to the source later needs its sequence column too; its type is the sequence's.
    ...(sequenceType ? addColumns(s, values.map((c) => ({ name: columnSeq(c), type: sequenceType }))) : []),
  ];
  if (ctx.spec.truncateWhen) {
    ensure.push(`CREATE TABLE IF NOT EXISTS ${ctx.state.truncate} AS\nSELECT ${ctx.seq} AS "__weir_seq" FROM ${ctx.changes} LIMIT 0`);
  }

  const after = `(c."__weir_reset" IS NULL OR c.%s > c."__weir_reset")`;
  const live = `NOT c."__weir_del" AND ${after.replace('%s', '"__weir_seq"')}`;
  const colFilter = (c: string): string => `NOT c."__weir_del" AND c.${q(c)} IS NOT NULL AND ${after.replace('%s', cs(c))}`;
  const apply = [
    sequenceGuardSql(ctx, ctx.state.keys),
    ...violationsSql(ctx),
    ...scd1TruncateSql(ctx, true),
    `CREATE OR REPLACE TEMP TABLE ${cand} AS\n` +
      `WITH e AS (\n${validEvents(ctx, afterTruncate(ctx))}\n),\n` +
      `tk AS (SELECT DISTINCT ${columnList(keys)} FROM e)\n` +
      `SELECT e.*, false AS "__weir_state"${values.map((c) => `, e."__weir_seq" AS ${cs(c)}`).join('')} FROM e\n` +
      `UNION ALL BY NAME\n` +
      `SELECT ${columnList(keys, 's')}${values.map((c) => `, t.${q(c)}`).join('')}, s."__weir_seq", ` +
      `s."__weir_deleted" AS "__weir_del", true AS "__weir_state"${values.map((c) => `, s.${cs(c)}`).join('')}\n` +
      `FROM ${s} s JOIN tk ON ${keysEqual(keys, 's', 'tk')} LEFT JOIN ${ctx.target} t ON ${keysEqual(keys, 's', 't')}\n` +
      // The key's last delete stays a candidate: a late upsert older than it must not set a column.
      `UNION ALL BY NAME\n` +
      `SELECT ${columnList(keys, 's')}, s."__weir_reset" AS "__weir_seq", true AS "__weir_del", true AS "__weir_state"\n` +
      `FROM ${s} s JOIN tk ON ${keysEqual(keys, 's', 'tk')} WHERE s."__weir_reset" IS NOT NULL`,
    `CREATE OR REPLACE TEMP TABLE ${r} AS\n` +
      `WITH c AS (SELECT *, max("__weir_seq") FILTER (WHERE "__weir_del") OVER (PARTITION BY ${columnList(keys)}) AS "__weir_reset" FROM ${cand})\n` +
      `SELECT ${columnList(keys, 'c')},\n` +
      `  max(c."__weir_seq") AS "__weir_seq",\n` +
      `  max(c."__weir_reset") AS "__weir_reset",\n` +
      `  count(*) FILTER (WHERE ${live}) > 0 AS "__weir_live",\n` +
      `  count(*) FILTER (WHERE ${live} AND NOT c."__weir_state") > 0 AS "__weir_upserted",\n` +
      `  coalesce(bool_or(NOT c."__weir_del") FILTER (WHERE c."__weir_state"), false) AS "__weir_prev_live"` +
      values.map((c) =>
        `,\n  arg_max(c.${q(c)}, struct_pack(s := c.${cs(c)}, v := c.${q(c)})) FILTER (WHERE ${colFilter(c)}) AS ${q(c)}` +
        `,\n  max(c.${cs(c)}) FILTER (WHERE ${colFilter(c)}) AS ${cs(c)}`).join('') +
      `\nFROM c GROUP BY ${columnList(keys, 'c')}`,
    `MERGE INTO ${ctx.target} AS t USING ${r} AS r ON ${keysEqual(keys, 't', 'r')}\n` +
      `WHEN MATCHED AND NOT r."__weir_live" THEN DELETE\n` +
      (values.length > 0 ? `WHEN MATCHED THEN UPDATE SET ${values.map((c) => `${q(c)} = r.${q(c)}`).join(', ')}\n` : '') +
      `WHEN NOT MATCHED AND r."__weir_live" THEN INSERT (${columnList(stored)}) VALUES (${columnList(stored, 'r')})`,
    `MERGE INTO ${s} AS s USING ${r} AS r ON ${keysEqual(keys, 's', 'r')}\n` +
      `WHEN MATCHED THEN UPDATE SET "__weir_seq" = r."__weir_seq", "__weir_deleted" = NOT r."__weir_live", "__weir_reset" = r."__weir_reset"` +
      `${values.map((c) => `, ${cs(c)} = r.${cs(c)}`).join('')}\n` +
      `WHEN NOT MATCHED THEN INSERT (${columnList(keys)}, "__weir_seq", "__weir_deleted", "__weir_reset"${values.map((c) => `, ${cs(c)}`).join('')}) ` +
      `VALUES (${columnList(keys, 'r')}, r."__weir_seq", NOT r."__weir_live", r."__weir_reset"${values.map((c) => `, r.${cs(c)}`).join('')})`,
  ];

  // Metrics. `p`: what the key held before this batch (its state rows: the latest sequence, the last delete,
  // the stored values and the sequences that set them). A change row of the batch took effect when it is an
  // upsert after the key's last delete that advanced the key's sequence or now supplies a column's value
  // (a late event can fill a column later events left NULL), or the delete that became the key's new reset
  // point (one per key); anything else (older than the last delete, or every value it carried superseded)
  // changed nothing. A live key is upserted when such an upsert applied or its stored values changed.
  const K = columnList(keys);
  const supplies = values.map((c) => `(c.${q(c)} IS NOT NULL AND c."__weir_seq" = r.${cs(c)} AND c.${q(c)} = r.${q(c)}` +
    ` AND (r.${cs(c)} IS DISTINCT FROM p.${cs(c)} OR r.${q(c)} IS DISTINCT FROM p.${q(c)}))`);
  const upApplied = `NOT c."__weir_del" AND (r."__weir_reset" IS NULL OR c."__weir_seq" > r."__weir_reset")\n` +
    `      AND ((c."__weir_seq" = r."__weir_seq" AND (p."__weir_seq" IS NULL OR c."__weir_seq" > p."__weir_seq"))` +
    supplies.map((x) => `\n        OR ${x}`).join('') + ')';
  const delApplied = `c."__weir_del" AND c."__weir_seq" = r."__weir_reset" AND (p."__weir_del_seq" IS NULL OR c."__weir_seq" > p."__weir_del_seq")`;
  const rv = structOf(values, 'r');
  const changed = rv ? ` OR (r."__weir_prev_live" AND ${rv} IS DISTINCT FROM ${structOf(values, 'p')})` : '';
  const p = `SELECT ${K}, max("__weir_seq") AS "__weir_seq", max("__weir_seq") FILTER (WHERE "__weir_del") AS "__weir_del_seq"` +
    values.map((c) => `, any_value(${q(c)}) FILTER (WHERE NOT "__weir_del") AS ${q(c)}, max(${cs(c)}) AS ${cs(c)}`).join('') +
    `\n  FROM ${cand} WHERE "__weir_state" GROUP BY ALL`;
  const xd = crossBatchConflict(values);
  const groups = duplicateGroups(ctx);
  const counts =
    `WITH p AS (${p}),\n` +
    `e AS (SELECT ${columnList(keys, 'c')}, ${upApplied} AS up,\n    ${delApplied} AS dl,\n    ${xd} AS xd\n` +
    `  FROM ${cand} c JOIN ${r} r ON ${keysEqual(keys, 'c', 'r')} LEFT JOIN p ON ${keysEqual(keys, 'c', 'p')}\n` +
    `  WHERE NOT c."__weir_state"),\n` +
    `k AS (SELECT ${K}, count(*) FILTER (WHERE up) AS ups, bool_or(dl) AS dl, bool_or(xd) AS xd FROM e GROUP BY ALL)\n` +
    `SELECT count(*) FILTER (WHERE r."__weir_live" AND (k.ups > 0${changed})) AS num_upserted_rows,\n` +
    `  count(*) FILTER (WHERE r."__weir_prev_live" AND NOT r."__weir_live")${purgedCount(ctx)} AS num_deleted_rows,\n` +
    `  count(*) FILTER (WHERE r."__weir_live" AND NOT r."__weir_prev_live") AS num_output_rows,\n` +
    `  coalesce(sum(k.ups), 0) + count(*) FILTER (WHERE k.dl)${truncateApplied(ctx)} AS num_applied_changes,\n` +
    // Conflicts within the batch and with the key's stored sequence, each (key, sequence) once.
    `  (SELECT count(*) FROM (SELECT ${K}, "__weir_seq" FROM (${groups})\n` +
    `    UNION SELECT ${columnList(keys, 'k')}, p."__weir_seq" FROM k JOIN p ON ${keysEqual(keys, 'k', 'p')} WHERE k.xd)) AS dup\n` +
    `FROM ${r} r LEFT JOIN k ON ${keysEqual(keys, 'r', 'k')} LEFT JOIN p ON ${keysEqual(keys, 'r', 'p')}`;
  const metrics = metricsSql(ctx, counts, 'm.dup');
  // Listed only when there are conflicts (the warning): the state is read again from the candidates then.
  const duplicates = duplicatesQuery(ctx, `SELECT ${K}, "__weir_seq" FROM (${groups})\n` +
    `UNION SELECT ${columnList(keys, 'c')}, c."__weir_seq" FROM ${cand} c JOIN (${p}) p ON ${keysEqual(keys, 'c', 'p')}\n` +
    `WHERE NOT c."__weir_state" AND ${xd}`);
  return { ensure, apply, metrics, duplicates, scratch: ['truncate', 'purged', 'candidates', 'result'] };
}

/**
 * A batch event `c` that differs from what its key stored from earlier batches at the same sequence (`p`: the
 * key's latest sequence, whether it was a delete, the stored values and the sequence that set each): a delete
 * against an upsert, or an upsert whose non-NULL value is not the one stored at that sequence or that lacks one
 * stored at it. An event at an older sequence is not compared (SCD 1 keeps only the latest), as within a batch.
 */
function crossBatchConflict(values: readonly string[]): string {
  const cs = (c: string): string => q(columnSeq(c));
  const differs = values.map((c) => `(c.${q(c)} IS NOT NULL AND (p.${cs(c)} IS DISTINCT FROM c."__weir_seq" OR p.${q(c)} IS DISTINCT FROM c.${q(c)}))` +
    ` OR (c.${q(c)} IS NULL AND p.${cs(c)} = c."__weir_seq")`);
  return `coalesce(c."__weir_seq" = p."__weir_seq" AND CASE WHEN p."__weir_del_seq" IS NOT DISTINCT FROM p."__weir_seq" ` +
    `THEN NOT c."__weir_del" ELSE c."__weir_del"${differs.map((d) => ` OR ${d}`).join('')} END, false)`;
}
