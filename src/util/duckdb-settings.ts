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
/**
 * Spark's casts whose DuckDB namesake gives another value, for an operand whose type translation cannot see
 * (src/translate/spark-casts.ts). Each switches on `typeof(x)`, which DuckDB folds to a constant when it binds,
 * so the optimizer keeps one branch: a cast of a column of any other type is DuckDB's plain cast (measured: no
 * slower on 10M rows). Every branch binds for every type (TRY_CAST where a branch's cast does not exist).
 * - spark_to_string: BINARY is decoded as UTF-8 (DuckDB escapes non-ASCII bytes as `\xC3\xA9`); DOUBLE / FLOAT as
 *   Java's Double.toString (`1.0E10`, `1.0E-4`, `NaN`, `Infinity`; DuckDB: `10000000000.0`, `0.0001`, `nan`).
 * - spark_double_string / spark_sci / spark_sci_plain: Java's form from DuckDB's shortest digits: plain between
 *   10^-3 and 10^7 (the same text in both), else `d.dddE<exp>`.
 * - spark_binary: a STRING is its UTF-8 bytes (DuckDB's VARCHAR -> BLOB cast rejects non-ASCII characters).
 * - spark_try_boolean: a STRING that DuckDB's cast rejects is trimmed and cast again (Spark: `' true '` is true).
 * - spark_try_date: a STRING may be `yyyy` or `yyyy-[m]m` (Spark: the first day of the year / month), tried only
 *   where DuckDB's own cast fails (COALESCE evaluates its fallback for those rows only).
 * - spark_try_timestamp: a number is seconds since the epoch (DuckDB has no such cast).
 * The `try` ones give NULL where the conversion fails: Spark's CAST without ANSI mode, and its try_cast.
 */
const SPARK_CAST_MACROS: readonly string[] = [
  'CREATE MACRO IF NOT EXISTS _weir.spark_sci_plain(i, f) AS rtrim(ltrim(i || f, \'0\'), \'0\')[1] || \'.\' || coalesce(nullif(rtrim(ltrim(i || f, \'0\'), \'0\')[2:], \'\'), \'0\')' +
    ' || \'E\' || CAST(CASE WHEN i <> \'0\' THEN length(i) - 1 ELSE length(ltrim(f, \'0\')) - length(f) - 1 END AS VARCHAR)',
  'CREATE MACRO IF NOT EXISTS _weir.spark_sci(s) AS CASE WHEN contains(s, \'e\') THEN split_part(s, \'e\', 1) ||' +
    ' CASE WHEN contains(split_part(s, \'e\', 1), \'.\') THEN \'\' ELSE \'.0\' END || \'E\' || CAST(CAST(split_part(s, \'e\', 2) AS INTEGER) AS VARCHAR)' +
    ' ELSE _weir.spark_sci_plain(split_part(s, \'.\', 1), split_part(s, \'.\', 2)) END',
  'CREATE MACRO IF NOT EXISTS _weir.spark_double_string(x) AS CASE WHEN isnan(x) THEN \'NaN\' WHEN isinf(x) THEN CASE WHEN x > 0 THEN \'Infinity\' ELSE \'-Infinity\' END' +
    ' WHEN x = 0 OR (abs(x) >= 0.001 AND abs(x) < 10000000) THEN CAST(x AS VARCHAR)' +
    ' ELSE CASE WHEN x < 0 THEN \'-\' ELSE \'\' END || _weir.spark_sci(CAST(abs(x) AS VARCHAR)) END',
  // Only BINARY is told apart here: DuckDB binds every branch of a macro at every use, and the DOUBLE formatting
  // branch made each cast to STRING ~2 ms to bind (`weir validate` of 10,000 datasets 8 s -> 23 s). A visibly
  // floating operand gets _weir.spark_double_string from translate instead (spark-casts.ts).
  // The BLOB branch's try() sits in a lambda over [x]: DuckDB binds every branch, and try() around an aggregate is
  // an error (`CAST(count(*) AS STRING)`). (Renamed from spark_string, whose databases keep the old definition.)
  'CREATE MACRO IF NOT EXISTS _weir.spark_to_string(x) AS CASE typeof(x) WHEN \'BLOB\' THEN list_transform([x], v -> coalesce(try(decode(TRY_CAST(CAST(v AS VARCHAR) AS BLOB))),' +
    ' CAST(v AS VARCHAR)))[1] ELSE CAST(x AS VARCHAR) END',
  'CREATE MACRO IF NOT EXISTS _weir.spark_binary(x) AS CASE typeof(x) WHEN \'VARCHAR\' THEN encode(TRY_CAST(x AS VARCHAR)) ELSE CAST(x AS BLOB) END',
  'CREATE MACRO IF NOT EXISTS _weir.spark_try_timestamp(x) AS CASE WHEN typeof(x) IN (\'TINYINT\', \'SMALLINT\', \'INTEGER\', \'BIGINT\', \'HUGEINT\',' +
    ' \'UTINYINT\', \'USMALLINT\', \'UINTEGER\', \'UBIGINT\', \'FLOAT\', \'DOUBLE\') OR typeof(x) LIKE \'DECIMAL%\'' +
    ' THEN make_timestamp(TRY_CAST(TRY_CAST(x AS DECIMAL(38, 6)) * 1000000 AS BIGINT)) ELSE TRY_CAST(x AS TIMESTAMP) END',
  'CREATE MACRO IF NOT EXISTS _weir.spark_try_boolean(x) AS CASE typeof(x) WHEN \'VARCHAR\' THEN coalesce(TRY_CAST(x AS BOOLEAN),' +
    ' TRY_CAST(trim(TRY_CAST(x AS VARCHAR), \' \' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)) AS BOOLEAN)) ELSE TRY_CAST(x AS BOOLEAN) END',
  'CREATE MACRO IF NOT EXISTS _weir.spark_try_date(x) AS CASE typeof(x) WHEN \'VARCHAR\' THEN coalesce(TRY_CAST(x AS DATE), TRY_CAST(regexp_replace(regexp_replace(trim(TRY_CAST(x AS VARCHAR)),' +
    ' \'^(\\d{4})$\', \'\\1-01\'), \'^(\\d{4}-\\d{1,2})$\', \'\\1-01\') AS DATE)) ELSE TRY_CAST(x AS DATE) END',
];

/**
 * An expectation's pass column (SEMANTICS §4: a row passes only when the condition is TRUE; FALSE and NULL are
 * violations). A condition that is not BOOLEAN is an error, as in Spark's analyzer: `coalesce(amount, false)` would
 * bind for an INTEGER and count its non-zero values as passing. `typeof` is constant for the expression, so the
 * check costs nothing per row; the error fires on the first row (`validate` reports it at compile time, WEIR4032).
 */
const EXPECT_MACRO = 'CREATE MACRO IF NOT EXISTS _weir.spark_expect(c) AS coalesce(CASE WHEN typeof(c) IN (\'BOOLEAN\', \'"NULL"\')' +
  ' THEN TRY_CAST(c AS BOOLEAN) ELSE error(\'an expectation\'\'s condition is \' || typeof(c) || \', not BOOLEAN\') END, false)';

/**
 * "This row passes the expectation" as SQL, from its compiled condition: TRUE only when the condition is TRUE, an
 * error when it is not BOOLEAN. The newline keeps a trailing `--` comment from swallowing the `)`.
 */
export function expectationPassesSql(condition: string): string {
  return `_weir.spark_expect((${condition}\n))`;
}

/** Why an expectation whose condition has another type than BOOLEAN is refused (the run; validate's WEIR4032). */
export function notBooleanMessage(type: string): string {
  return `an expectation's condition must be BOOLEAN, but this one is ${type}`;
}

/**
 * Whether an expectation's condition has a type Spark accepts for it. A bare NULL is a NULL BOOLEAN (the run's
 * `typeof` sees NULL; a prepared statement reports the literal as INTEGER).
 */
export function isBooleanCondition(type: string, sql: string): boolean {
  return type === 'BOOLEAN' || type === '"NULL"' || (type === 'INTEGER' && /^\s*null\s*$/i.test(sql));
}

export const SPARK_MACROS_SQL: readonly string[] = [
  'CREATE SCHEMA IF NOT EXISTS _weir',
  `CREATE MACRO IF NOT EXISTS _weir.spark_long(x) AS ${stepBack('CAST')}`,
  `CREATE MACRO IF NOT EXISTS _weir.spark_try_long(x) AS ${stepBack('TRY_CAST')}`,
  ...SPARK_CAST_MACROS,
  EXPECT_MACRO,
];

/**
 * The settings as SQL statements, for scripts run outside Weir (target/compiled/*.sql), with the macros `sql`
 * calls (and those they call): a script that calls none creates none.
 */
export function sparkCompatibleSettingsSql(sql: string): string {
  const used = new Set<string>();
  const visit = (text: string): void => {
    for (const m of text.matchAll(/_weir\.(spark_\w+)\(/g)) {
      if (used.has(m[1])) continue;
      used.add(m[1]);
      const def = MACRO_BODIES.get(m[1]);
      if (def) visit(def);
    }
  };
  visit(sql);
  const macros = SPARK_MACROS_SQL.filter((s) => { const name = MACRO_NAME.exec(s)?.[1]; return name !== undefined && used.has(name); });
  return [...Object.entries(SPARK_COMPATIBLE_SETTINGS).map(([k, v]) => `SET ${k} = ${v}`), SPARK_SESSION_SQL,
    ...(macros.length ? ['CREATE SCHEMA IF NOT EXISTS _weir', ...macros] : [])].map((s) => `${s};`).join('\n');
}

const MACRO_NAME = /^CREATE MACRO IF NOT EXISTS _weir\.(\w+)\(/;
const MACRO_BODIES = new Map(SPARK_MACROS_SQL.flatMap((s) => { const name = MACRO_NAME.exec(s)?.[1]; return name ? [[name, s.slice(s.indexOf(' AS '))] as const] : []; }));

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
