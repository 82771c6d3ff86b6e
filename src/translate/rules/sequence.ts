import type { Call, RuleTools } from '../function-rule.js';
import type { Piece } from '../pieces.js';

/**
 * Spark's `sequence(start, stop [, step])`, for integers, DATEs and TIMESTAMPs, as Spark computes it
 * (TemporalSequenceImpl / IntegralSequenceImpl, and the Spark and Databricks documentation):
 * - the array has the least common type of start and stop (array<date> over DATEs, array<int> over INTs);
 * - element i is `start + i * step` (not a running sum: 2024-01-31 by 1 month gives 01-31, 02-29, 03-31, ...),
 *   kept while it has not passed stop (a DATE sequence compares in microseconds and keeps the day, so
 *   `INTERVAL 4 DAYS 23 HOURS` from 2022-03-09 gives 03-09, 03-13);
 * - the default step is 1 / -1 for integers and 1 day / -1 day for dates and timestamps, by direction;
 * - a step that does not lead from start to stop (wrong sign, zero) fails unless start = stop
 *   (ILLEGAL_SEQUENCE_BOUNDARIES); a NULL argument gives NULL.
 *
 * Translation sees no column types, and DuckDB's own generate_series widens DATEs to TIMESTAMPs, steps months
 * cumulatively and returns [] going down, so the rule computes both an integer and a timestamp form and picks
 * one by the argument's type when DuckDB binds: `typeof(...)` is folded to a constant at bind time, so
 * struct_extract with it as the key selects one field (a type with no form, e.g. DOUBLE or STRING, is a bind
 * error naming sequence). Each form reads the arguments through TRY_CAST, so both bind for any type; the
 * unused one is NULL. Arguments are bound once (`list_transform([...], q -> ...)[1]`).
 */
const Q = '__weir_q';
const R = '__weir_r';

export function sequence(c: Call, t: RuleTools): Piece[] {
  const hasStep = c.args.length === 3;
  const ns = `TRY_CAST(${Q}.s AS BIGINT)`;
  const ne = `TRY_CAST(${Q}.e AS BIGINT)`;
  const np = hasStep ? `TRY_CAST(${Q}.p AS BIGINT)` : `CASE WHEN ${ns} <= ${ne} THEN 1 ELSE -1 END`;
  const ts = `TRY_CAST(${Q}.s AS TIMESTAMP)`;
  const te = `TRY_CAST(${Q}.e AS TIMESTAMP)`;
  const tp = hasStep ? `TRY_CAST(${Q}.p AS INTERVAL)` : `CASE WHEN ${ts} <= ${te} THEN INTERVAL '1 day' ELSE INTERVAL '-1 day' END`;
  const integers = `CASE WHEN ${ns} IS NULL OR ${ne} IS NULL OR ${np} IS NULL THEN NULL WHEN ${ns} = ${ne} THEN [${ns}] `
    + `WHEN ${np} <> 0 AND (${np} > 0) = (${ns} < ${ne}) THEN generate_series(${ns}, ${ne}, ${np}) ELSE ${illegal(ns, ne, np)} END`;
  // The count bound: DuckDB's running sum never overshoots start + i * step going up (month ends only clamp
  // down) and falls short by at most one element going down; the filter keeps the elements up to stop.
  const temporal = `CASE WHEN ${ts} IS NULL OR ${te} IS NULL OR ${tp} IS NULL THEN NULL WHEN ${ts} = ${te} THEN [${ts}] `
    + `ELSE list_transform([len(generate_series(${ts}, ${te}, ${tp}))], __weir_n -> CASE WHEN __weir_n = 0 THEN ${illegal(ts, te, tp)} `
    + `ELSE list_filter(list_transform(range(__weir_n + 1), __weir_i -> ${ts} + __weir_i * ${tp}), `
    + `__weir_x -> CASE WHEN ${ts} < ${te} THEN __weir_x <= ${te} ELSE __weir_x >= ${te} END) END)[1] END`;
  const type = `typeof(coalesce(${Q}.s, ${Q}.e))`;
  const key = `CASE ${type} WHEN 'DATE' THEN 'd' WHEN 'INTEGER' THEN 'i' WHEN 'BIGINT' THEN 'n' WHEN 'SMALLINT' THEN 's' `
    + `WHEN 'TINYINT' THEN 'b' ELSE CASE WHEN ${type} LIKE 'TIMESTAMP%' THEN 't' `
    + `ELSE 'sequence() takes integers, dates or timestamps' END END`;
  const pick = `struct_extract(struct_pack(n := ${R}.n, i := TRY_CAST(${R}.n AS INTEGER[]), s := TRY_CAST(${R}.n AS SMALLINT[]), `
    + `b := TRY_CAST(${R}.n AS TINYINT[]), t := ${R}.t, d := TRY_CAST(${R}.t AS DATE[])), ${key})`;
  return t.out('list_transform([struct_pack(s := ', c.args[0], ', e := ', c.args[1], hasStep ? [', p := ', c.args[2]] : [],
    `)], ${Q} -> list_transform([struct_pack(n := ${integers}, t := ${temporal})], ${R} -> ${pick})[1])[1]`);
}

function illegal(start: string, stop: string, step: string): string {
  return `error('[ILLEGAL_SEQUENCE_BOUNDARIES] sequence(): illegal sequence boundaries: ' || ${start} || ' to ' || ${stop} || ' by ' || ${step})`;
}
