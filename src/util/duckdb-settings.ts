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

/**
 * Spark's cast to BIGINT / LONG truncates toward zero (CAST(2.7 AS BIGINT) = 2, '-3.7' -> -3) where DuckDB's
 * rounds. The operand's type is unknown at translation, so the cast is DuckDB's rounding cast r stepped back
 * toward zero when it rounded away (|r| > |x| compared as DOUBLE: exact for every integer, and for every fraction
 * below 2^53; only a fraction within 2^-52 of the next integer can still round). Written once as macros in
 * Weir's schema of the database (persisted, so views built on them work in any DuckDB client) rather than
 * inline: the inline form made compiled SQL ~2× larger (and the 10,000-dataset compile ~0.6 s slower to parse).
 * `IF NOT EXISTS`: the definition is part of Weir's contract with its databases (change the name to change it).
 */
const stepBack = (cast: string): string => `CASE WHEN CAST(${cast}(x AS BIGINT) AS DOUBLE) > ${cast}(x AS DOUBLE) AND ${cast}(x AS BIGINT) > 0 THEN ${cast}(x AS BIGINT) - 1` +
  ` WHEN CAST(${cast}(x AS BIGINT) AS DOUBLE) < ${cast}(x AS DOUBLE) AND ${cast}(x AS BIGINT) < 0 THEN ${cast}(x AS BIGINT) + 1 ELSE ${cast}(x AS BIGINT) END`;
export const SPARK_MACROS_SQL: readonly string[] = [
  'CREATE SCHEMA IF NOT EXISTS _weir',
  `CREATE MACRO IF NOT EXISTS _weir.spark_long(x) AS ${stepBack('CAST')}`,
  `CREATE MACRO IF NOT EXISTS _weir.spark_try_long(x) AS ${stepBack('TRY_CAST')}`,
];

/** All of the above as SQL statements, for scripts run outside Weir (target/compiled/*.sql). */
export function sparkCompatibleSettingsSql(): string {
  return [...Object.entries(SPARK_COMPATIBLE_SETTINGS).map(([k, v]) => `SET ${k} = ${v}`), SPARK_SESSION_SQL, ...SPARK_MACROS_SQL].map((s) => `${s};`).join('\n');
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
