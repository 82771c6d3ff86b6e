import { batchRelation, type PlanContext } from './plan-context.js';
import { columnList, columnSeq, keysEqual, q } from './sql-fragments.js';

/**
 * `APPLY AS TRUNCATE WHEN` for SCD 1 (SEMANTICS §5). A truncate at sequence T removes every key whose
 * latest event is at or before T, and stays in state (`<state>_truncate`, the greatest T seen) as a
 * tombstone for every key: a late event at or before T is ignored, exactly as if all events had been
 * applied at once in sequence order. A truncate older than the stored T changes nothing. Keys whose latest
 * event is after T stay (their later upsert survives the truncate). Only a new, larger T touches the whole
 * table, which a truncate must do anyway.
 */
export function scd1TruncateSql(ctx: PlanContext, ignoreNulls: boolean): string[] {
  if (!ctx.spec.truncateWhen) return [];
  const { keys, values } = ctx.columns;
  const tnew = ctx.tmp('truncate');
  const purged = ctx.tmp('purged');
  const out = [
    `CREATE OR REPLACE TEMP TABLE ${tnew} AS\n` +
      `SELECT t FROM (SELECT max("__weir_seq") AS t FROM ${batchRelation(ctx)} AS b WHERE "__weir_violation" IS NULL AND "__weir_trunc")\n` +
      `WHERE t IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${ctx.state.truncate} s WHERE s."__weir_seq" >= t)`,
    `CREATE OR REPLACE TEMP TABLE ${purged} AS\n` +
      `SELECT ${columnList(keys, 's')} FROM ${ctx.state.keys} s, ${tnew} n\n` +
      `WHERE s."__weir_seq" <= n.t AND NOT s."__weir_deleted"`,
    `DELETE FROM ${ctx.target} AS x USING ${purged} p WHERE ${keysEqual(keys, 'x', 'p')}`,
  ];
  if (ignoreNulls && values.length > 0) {
    // A surviving key keeps only the column values set after T: an earlier value was wiped by the truncate
    // and the later events carried NULL there (that is why it is older than T).
    out.push(
      `UPDATE ${ctx.target} AS x SET ` +
        values.map((c) => `${q(c)} = CASE WHEN s.${q(columnSeq(c))} <= n.t THEN NULL ELSE x.${q(c)} END`).join(', ') +
        `\nFROM ${ctx.state.keys} s, ${tnew} n WHERE ${keysEqual(keys, 'x', 's')} AND s."__weir_seq" > n.t AND NOT s."__weir_deleted"`,
      `UPDATE ${ctx.state.keys} AS s SET ` +
        values.map((c) => `${q(columnSeq(c))} = CASE WHEN s.${q(columnSeq(c))} <= n.t THEN NULL ELSE s.${q(columnSeq(c))} END`).join(', ') +
        `\nFROM ${tnew} n WHERE s."__weir_seq" > n.t`,
    );
  }
  out.push(
    `DELETE FROM ${ctx.state.keys} AS s USING ${tnew} n WHERE s."__weir_seq" <= n.t`,
    `DELETE FROM ${ctx.state.truncate} WHERE EXISTS (SELECT 1 FROM ${tnew})`,
    `INSERT INTO ${ctx.state.truncate} SELECT t FROM ${tnew}`,
  );
  return out;
}

/** Keeps only events after the latest truncate (a truncate wins over an event with the same sequence). */
export function afterTruncate(ctx: PlanContext): string {
  if (!ctx.spec.truncateWhen) return '';
  const t = `(SELECT max("__weir_seq") FROM ${ctx.state.truncate})`;
  return ` AND (${t} IS NULL OR "__weir_seq" > ${t})`;
}

/** The batch's truncate, when it took effect (one change row: the greatest truncate), for `num_applied_changes`. */
export function truncateApplied(ctx: PlanContext): string {
  return ctx.spec.truncateWhen ? ` + (SELECT count(*) FROM ${ctx.tmp('truncate')})` : '';
}

/** Rows removed by a truncate this batch, for `num_deleted_rows`. */
export function purgedCount(ctx: PlanContext): string {
  return ctx.spec.truncateWhen ? ` + (SELECT count(*) FROM ${ctx.tmp('purged')})` : '';
}
