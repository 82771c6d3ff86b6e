/**
 * DuckDB settings every Weir connection that evaluates pipeline SQL uses, so DuckDB answers as Spark does
 * (SEMANTICS §7: same result, or a diagnostic).
 *
 * `ieee_floating_point_ops = false`: division by zero (`1 / 0`, `x / 0.0`, `0.0 / 0.0`) is NULL, as in Spark,
 * not DuckDB's default Infinity / NaN. A query that divides by a column that can be zero would otherwise
 * publish Infinity where Databricks publishes NULL.
 */
export const SPARK_COMPATIBLE_SETTINGS: Readonly<Record<string, string>> = {
  ieee_floating_point_ops: 'false',
};

/**
 * Session settings applied with SET once a connection is open (DuckDB's instance options cannot set them: the
 * time zone needs the icu extension, loaded on first use). Databricks pipelines run with
 * spark.sql.session.timeZone = UTC; DuckDB would use the machine's zone, so current_timestamp(), casts between
 * TIMESTAMP and TIMESTAMPTZ and zone-aware formats would depend on where Weir runs.
 */
export const SPARK_SESSION_SQL = "SET TimeZone = 'UTC'";

/** All of the above as SQL statements, for scripts run outside Weir (target/compiled/*.sql). */
export function sparkCompatibleSettingsSql(): string {
  return [...Object.entries(SPARK_COMPATIBLE_SETTINGS).map(([k, v]) => `SET ${k} = ${v}`), SPARK_SESSION_SQL].map((s) => `${s};`).join('\n');
}

/**
 * A DuckDB 1.5 bug: a window function filtered on its own result (`WHERE rn = 1`, `QUALIFY`) over a stream read
 * (`SELECT * FROM t WHERE rowid >= ...`, src/model/relations.ts) fails with "INTERNAL Error: Failed to bind
 * column reference" once DuckDB's top-N window optimizer rewrites it (the dedupe-latest pattern on a stream).
 * Turning that optimizer off everywhere would make every batch dedupe ~8× slower (5M rows: 33 ms -> 256 ms), and
 * hiding the rowid filter from the optimizer (`OFFSET 0`) doubles every full stream read, so it is off only for
 * pipelines (and compiled scripts) with a flow that both reads a stream and uses a window function.
 */
export const WINDOW_OVER_STREAM_WORKAROUND_SQL = "SET disabled_optimizers = 'top_n_window_elimination'";

/** True when a compiled flow reads a stream (an input with a rowid range) and its SQL has a window (`OVER (`). */
export function needsWindowOverStreamWorkaround(flow: {
  readonly query?: { readonly sql: string }; readonly cdc?: { readonly source: { readonly sql: string } };
  readonly inputs: readonly { readonly fromVariable?: string }[];
}): boolean {
  const sql = flow.query?.sql ?? flow.cdc?.source.sql;
  return sql !== undefined && flow.inputs.some((i) => i.fromVariable !== undefined) && /\bover\s*\(/i.test(sql);
}
