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
