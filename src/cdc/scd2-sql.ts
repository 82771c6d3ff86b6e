import type { CdcSqlPlanParts } from './plan-parts.js';
import {
  addColumns, commonEnsure, duplicatesQuery, metricsSql, sequenceGuardSql, validEvents, violationsSql, type PlanContext,
} from './plan-context.js';
import { columnList, eventContent, keysEqual, q, structOf, tieBreakDesc } from './sql-fragments.js';

const W = (keys: string): string => `PARTITION BY ${keys} ORDER BY "__weir_seq"`;
const RUNNING = 'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW';

/**
 * SCD type 2 (SEMANTICS §5). A late event may split any interval of a key's history and turn a no-op
 * update that came after it into a real change, so history cannot be patched from the target alone (the
 * absorbed no-op events are gone). Weir keeps every applied event in `<state>_events` (one row per key and
 * sequence, after the tie-break) and, per batch, re-derives the whole history of the keys present in the
 * batch — only those — from their complete event list:
 * - with IGNORE NULL UPDATES, each column carries the last non-NULL value since the key's last delete;
 * - an upsert opens a version when it follows a delete (or nothing), or when a tracked column changed
 *   (`TRACK HISTORY ON`, default all stored non-key columns); otherwise it updates the untracked columns
 *   of the current version in place (the version keeps the values of its last event);
 * - `__START_AT` is the opening event's sequence, `__END_AT` the sequence of the next event that opened a
 *   version or deleted the key (NULL = current).
 * The derivation is a pure function of the event set, so any split into batches gives the same table.
 */
export function scd2Sql(ctx: PlanContext): CdcSqlPlanParts {
  const { keys, stored, values, tracked } = ctx.columns;
  const ignoreNulls = ctx.spec.ignoreNullUpdates;
  const K = columnList(keys);
  const ev = ctx.tmp('events');
  const nw = ctx.tmp('new');
  const ver = ctx.tmp('versions');
  const chg = ctx.tmp('changed');
  const diff = ctx.tmp('diff');
  const typeOf = new Map(ctx.changeColumns.map((c) => [c.name, c.type]));

  const ensure = [
    ...commonEnsure(ctx),
    `CREATE TABLE IF NOT EXISTS ${ctx.target} AS\n` +
      `SELECT ${columnList(stored)}, ${ctx.seq} AS "__START_AT", ${ctx.seq} AS "__END_AT" FROM ${ctx.changes} LIMIT 0`,
    ...addColumns(ctx.target, stored.map((c) => ({ name: c, type: typeOf.get(c) ?? 'VARCHAR' }))),
    `CREATE TABLE IF NOT EXISTS ${ctx.state.events} AS\n` +
      `SELECT ${columnList([...keys, ...values])}, ${ctx.seq} AS "__weir_seq", false AS "__weir_del" FROM ${ctx.changes} LIMIT 0`,
    ...addColumns(ctx.state.events, values.map((c) => ({ name: c, type: typeOf.get(c) ?? 'VARCHAR' }))),
  ];

  // One event per key and sequence. Without IGNORE NULL UPDATES the SCD 1 tie-break picks a whole row; with
  // it, upserts merge column by column (greatest value), as SCD 1 does. A delete always wins. The same pass
  // flags a (key, sequence) whose events differ (`__weir_dup`, WEIR6102): the batch's own, or a batch event
  // against the one stored from an earlier batch, which is among the rows being merged.
  const content = eventContent(values);
  const dedup = ignoreNulls
    ? `SELECT ${K}, "__weir_seq", bool_or("__weir_del") AS "__weir_del"` +
      values.map((c) => `, CASE WHEN bool_or("__weir_del") THEN NULL ELSE max(${q(c)}) END AS ${q(c)}`).join('') +
      `, count(DISTINCT ${content}) > 1 AS "__weir_dup"\nFROM a GROUP BY ${K}, "__weir_seq"`
    // Sorted by the tie-break, which orders by every part of the content: the first and the last event of the
    // group differ exactly when any two do.
    : `SELECT *, ${content} IS DISTINCT FROM last_value(${content}) OVER (o ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)` +
      ` AS "__weir_dup"\nFROM a\nWINDOW o AS (PARTITION BY ${K}, "__weir_seq" ORDER BY ${tieBreakDesc(values)})\nQUALIFY row_number() OVER o = 1`;

  const effective = ignoreNulls
    ? `e1 AS (SELECT *, sum(CAST("__weir_del" AS INTEGER)) OVER (${W(K)} ${RUNNING}) AS "__weir_chain" FROM ${ev}),\n` +
      `e2 AS (SELECT ${K}, "__weir_seq", "__weir_del"` +
      values.map((c) => `, last_value(${q(c)} IGNORE NULLS) OVER (PARTITION BY ${K}, "__weir_chain" ORDER BY "__weir_seq" ${RUNNING}) AS ${q(c)}`).join('') +
      ` FROM e1),\n`
    : `e2 AS (SELECT * FROM ${ev}),\n`;
  const tr = structOf(tracked);
  const versionOf = (alias: string): string => structOf([...values, '__END_AT'], alias)!;
  const changed = tr ? ` OR lag(${tr}) OVER w IS DISTINCT FROM ${tr}` : '';

  const apply = [
    sequenceGuardSql(ctx, ctx.state.events),
    ...violationsSql(ctx),
    `CREATE OR REPLACE TEMP TABLE ${nw} AS\n${validEvents(ctx)}`,
    `CREATE OR REPLACE TEMP TABLE ${ev} AS\n` +
      `WITH tk AS (SELECT DISTINCT ${K} FROM ${nw}),\n` +
      `a AS (SELECT e.* FROM ${ctx.state.events} e JOIN tk ON ${keysEqual(keys, 'e', 'tk')}\n` +
      `      UNION ALL BY NAME SELECT * FROM ${nw})\n` +
      dedup,
    // The event store changes only at the (key, sequence) pairs of the batch whose event differs from the
    // stored one (new, or the tie-break's result changed): those are the change rows that took effect; the
    // rest of each key's history is read, never rewritten.
    `CREATE OR REPLACE TEMP TABLE ${chg} AS\n` +
      `SELECT v.* EXCLUDE ("__weir_dup") FROM ${ev} v SEMI JOIN (SELECT DISTINCT ${K}, "__weir_seq" FROM ${nw}) x\n` +
      `  ON ${keysEqual(keys, 'v', 'x')} AND v."__weir_seq" = x."__weir_seq"\n` +
      `WHERE NOT EXISTS (SELECT 1 FROM ${ctx.state.events} e WHERE ${keysEqual(keys, 'e', 'v')} AND e."__weir_seq" = v."__weir_seq"\n` +
      `  AND ${structOf(['__weir_del', ...values], 'e')} IS NOT DISTINCT FROM ${structOf(['__weir_del', ...values], 'v')})`,
    `DELETE FROM ${ctx.state.events} AS e USING ${chg} x\n` +
      `WHERE ${keysEqual(keys, 'e', 'x')} AND e."__weir_seq" = x."__weir_seq"`,
    `INSERT INTO ${ctx.state.events} BY NAME SELECT * FROM ${chg}`,
    `CREATE OR REPLACE TEMP TABLE ${ver} AS\n` +
      `WITH ${effective}` +
      `e3 AS (SELECT *, NOT "__weir_del" AND (lag("__weir_del") OVER w IS NULL OR lag("__weir_del") OVER w${changed}) AS "__weir_open"\n` +
      `       FROM e2 WINDOW w AS (${W(K)})),\n` +
      `e4 AS (SELECT *, sum(CAST("__weir_open" AS INTEGER)) OVER (${W(K)} ${RUNNING}) AS "__weir_vid" FROM e3),\n` +
      `b AS (SELECT ${K}, "__weir_seq", lead("__weir_seq") OVER (${W(K)}) AS "__weir_next" FROM e3 WHERE "__weir_open" OR "__weir_del"),\n` +
      `v AS (SELECT *, min("__weir_seq") OVER (PARTITION BY ${K}, "__weir_vid") AS "__weir_start" FROM e4 WHERE NOT "__weir_del"\n` +
      `      QUALIFY row_number() OVER (PARTITION BY ${K}, "__weir_vid" ORDER BY "__weir_seq" DESC) = 1)\n` +
      `SELECT ${columnList([...keys, ...values], 'v')}, v."__weir_start" AS "__START_AT", b."__weir_next" AS "__END_AT"\n` +
      `FROM v JOIN b ON ${keysEqual(keys, 'v', 'b')} AND b."__weir_seq" = v."__weir_start"`,
    // What the rewrite changes in the target, matching versions by key and __START_AT: new versions are
    // inserted, versions whose values or __END_AT changed are updated, versions no longer derived are removed.
    `CREATE OR REPLACE TEMP TABLE ${diff} AS\n` +
      `SELECT count(*) FILTER (WHERE o."__weir_old" IS NULL) AS ins,\n` +
      `  count(*) FILTER (WHERE v."__weir_new" AND o."__weir_old" AND ${versionOf('v')} IS DISTINCT FROM ${versionOf('o')}) AS upd,\n` +
      `  count(*) FILTER (WHERE v."__weir_new" IS NULL) AS del\n` +
      `FROM (SELECT *, true AS "__weir_new" FROM ${ver}) v\n` +
      `FULL JOIN (SELECT t.*, true AS "__weir_old" FROM ${ctx.target} t SEMI JOIN (SELECT DISTINCT ${K} FROM ${nw}) x ON ${keysEqual(keys, 't', 'x')}) o\n` +
      `  ON ${keysEqual(keys, 'v', 'o')} AND v."__START_AT" = o."__START_AT"`,
    `DELETE FROM ${ctx.target} AS t USING (SELECT DISTINCT ${K} FROM ${nw}) x WHERE ${keysEqual(keys, 't', 'x')}`,
    `INSERT INTO ${ctx.target} BY NAME SELECT * FROM ${ver}`,
  ];

  const counts = `SELECT ins + upd AS num_upserted_rows, del AS num_deleted_rows, ins AS num_output_rows,\n` +
    `  (SELECT count(*) FROM ${chg}) AS num_applied_changes FROM ${diff}`;
  return {
    ensure, apply, metrics: metricsSql(ctx, counts, `(SELECT count(*) FROM ${ev} WHERE "__weir_dup")`),
    duplicates: duplicatesQuery(ctx, `SELECT ${K}, "__weir_seq" FROM ${ev} WHERE "__weir_dup"`),
    scratch: ['new', 'events', 'changed', 'versions', 'diff'],
  };
}
