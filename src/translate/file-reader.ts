import { isAbsolute, resolve } from 'node:path';
import type { CompiledInput } from '../model/compiled-pipeline.js';
import { fileSourceFilter, filteredPath, quoteIdent, quoteString } from '../model/relations.js';
import { lex } from '../sql/lexer.js';
import { CODES } from './codes.js';
import { readSparkType } from './spark-type.js';

/**
 * `read_files(...)`, `cloud_files(...)` and path tables → DuckDB readers over the file list the runner binds:
 * `read_json(coalesce(getvariable('<filesVariable>'), ['<absolute glob>']), ...)`.
 *
 * Column types follow Databricks: `read_files` infers types (its `inferColumnTypes` defaults to true);
 * Auto Loader (`cloud_files`) and Spark's CSV path tables read every column as a string unless
 * `inferColumnTypes` / `inferSchema` is true — for CSV that is `all_varchar = true`; for JSON (no such option
 * in DuckDB) the reader's columns are read as JSON text (`maximum_depth = 1`) and turned into strings (`a` for "a"),
 * which is what Auto Loader stores. `schema` (a DDL string) becomes `columns`, `schemaHints` become `types`.
 * The file path is DuckDB's virtual `filename` column, so it does not appear in `*` (as in Spark).
 *
 * Malformed records (issue 4: counted, never silently lost; src/execute/README.md "Malformed input"): CSV is read
 * with Spark's dialect defaults (`delim = ','`, `quote = '"'`) and `store_rejects = true`, so a bad line is
 * skipped and lands in DuckDB's reject tables, which the runner copies to `_weir.rejected_rows` and counts. JSON
 * is read strictly (no cost); the runner retries an update that met a malformed line with the bad lines taken
 * out. `mode => 'FAILFAST'` keeps both strict: a malformed record fails the update. With `rescuedDataColumn`, the
 * reader is a union of the typed rows (rescued column NULL) and one row per rejected line, bound by the runner in
 * `<filesVariable>__rescued` (rescued column: a JSON object with the raw line, file, line number and error).
 */
export interface FileRefInfo {
  readonly reader: 'read_files' | 'cloud_files' | 'path-table';
  readonly path: string;
  readonly format?: string;
  readonly options: Readonly<Record<string, string>>;
  readonly streaming: boolean;
}

export interface FileReaderResult {
  readonly text: string;
  readonly input: CompiledInput;
  readonly problems: readonly { code: string; message: string; hint?: string; severity: 'error' | 'warning' }[];
  /**
   * The reader is a subquery that projects DuckDB's `filename` for the query's `input_file_name()`: a plain `*`
   * over it would show that column, which Spark's `*` never has (the caller writes `* EXCLUDE (filename)`).
   */
  readonly projectsFileName?: boolean;
}

const EXT_FORMAT: Readonly<Record<string, string>> = {
  json: 'json', jsonl: 'json', ndjson: 'json', csv: 'csv', tsv: 'csv', txt: 'csv', parquet: 'parquet',
};
/** Options with a DuckDB meaning handled below, or with no effect on a local batch read. */
const KNOWN = new Set([
  'format', 'header', 'sep', 'delimiter', 'inferschema', 'infercolumntypes', 'schema', 'schemahints', 'multiline',
  'rescueddatacolumn', 'pathglobfilter', 'filenamepattern', 'maxfilespertrigger', 'schemaevolutionmode',
  'schemalocation', 'includeexistingfiles', 'allowoverwrites', 'backfillinterval', 'cleansource', 'usenotifications',
  'quote', 'escape', 'nullvalue', 'dateformat', 'timestampformat', 'encoding', 'maxbytespertrigger', 'recursivefilelookup',
  'uselistingfiles', 'validateoptions', 'mode', 'partitioncolumns',
]);

function isTrue(v: string | undefined): boolean {
  return v !== undefined && v.toLowerCase() === 'true';
}

/** A DDL column list (`a INT, b STRING COMMENT 'x'`) → DuckDB `{'a': 'INTEGER', ...}`, and as a list. */
export function ddlToColumns(ddl: string): { text: string; columns: { name: string; type: string }[]; error?: string } {
  const { tokens } = lex(ddl);
  const columns: { name: string; type: string }[] = [];
  let i = 0;
  while (i < tokens.length && tokens[i].kind !== 'eof') {
    const name = tokens[i].value;
    const ty = readSparkType(tokens, i + 1);
    if (ty.error) return { text: '', columns: [], error: ty.error };
    columns.push({ name, type: ty.text });
    i = ty.last + 1;
    while (i < tokens.length && tokens[i].kind !== 'eof' && tokens[i].text !== ',') i++;
    i++;
  }
  return { text: columnsStruct(columns), columns };
}

function columnsStruct(columns: readonly { name: string; type: string }[]): string {
  return `{${columns.map((c) => `${quoteString(c.name)}: ${quoteString(c.type)}`).join(', ')}}`;
}

export function fileReader(ref: FileRefInfo, projectRoot: string, sourceId: string, filesVar: string, usesFileName: boolean): FileReaderResult {
  const problems: FileReaderResult['problems'][number][] = [];
  const opts: Record<string, string> = {};
  for (const [k, v] of Object.entries(ref.options)) opts[k.replace(/^cloudfiles\./, '')] = v;
  const abs = absoluteGlob(ref.path, projectRoot, fileSourceFilter(ref.options));
  let format: string | undefined = (ref.format ?? opts['format'])?.toLowerCase();
  if (!format) {
    const ext = /\.([a-z0-9]+)$/i.exec(abs)?.[1]?.toLowerCase();
    format = ext ? EXT_FORMAT[ext] : undefined;
  }
  const input: { -readonly [K in keyof CompiledInput]: CompiledInput[K] } = {
    node: sourceId, streaming: ref.streaming, filesVariable: filesVar, globs: [abs],
  };
  if (format) input.format = format;
  // Auto Loader adds `_rescued_data` when it infers the schema (Databricks: "a rescued data column is automatically
  // added to your schema as _rescued_data"); published CDC pipelines select and EXCEPT it.
  const rescuedColumn = opts['rescueddatacolumn'] ?? (ref.reader === 'cloud_files' && !opts['schema'] ? '_rescued_data' : undefined);
  if (rescuedColumn) input.rescuedDataColumn = rescuedColumn;
  const evolution = opts['schemaevolutionmode']?.toLowerCase();
  if (evolution === 'rescue' || evolution === 'none') input.schemaEvolutionMode = evolution;
  else if (evolution === 'failonnewcolumns') input.schemaEvolutionMode = 'failOnNewColumns';
  else if (evolution !== undefined && evolution !== 'addnewcolumns') {
    problems.push({ code: CODES.fileOption, severity: 'warning', message: `schemaEvolutionMode '${opts['schemaevolutionmode']}' is not addNewColumns, rescue, none or failOnNewColumns; Weir adds new columns` });
  }
  if (opts['maxfilespertrigger'] && /^\d+$/.test(opts['maxfilespertrigger'])) input.maxFilesPerTrigger = parseInt(opts['maxfilespertrigger'], 10);
  for (const k of Object.keys(opts)) {
    if (!KNOWN.has(k)) problems.push({ code: CODES.fileOption, severity: 'warning', message: `file option '${k}' is ignored by Weir` });
  }
  const files = `coalesce(getvariable('${filesVar}'), [${quoteString(abs)}])`;
  const args: string[] = [files];
  // Strings unless asked to infer: cloud_files and path-table CSV; read_files infers.
  const inferOpt = opts['infercolumntypes'] ?? opts['inferschema'];
  const infer = inferOpt !== undefined ? isTrue(inferOpt) : ref.reader === 'read_files' || (ref.reader === 'path-table' && format !== 'csv');
  const mode = opts['mode']?.toUpperCase();
  if (mode !== undefined && !['PERMISSIVE', 'DROPMALFORMED', 'FAILFAST'].includes(mode)) {
    problems.push({ code: CODES.fileOption, severity: 'warning', message: `file option mode '${opts['mode']}' is not PERMISSIVE, DROPMALFORMED or FAILFAST; Weir reads it as PERMISSIVE` });
  }
  const failFast = mode === 'FAILFAST';
  let castToVarchar = false;
  let fn: string;
  // Auto Loader and read_files assume a header when they infer the schema (Databricks docs); Spark's CSV path
  // tables and a given schema do not.
  const header = opts['header'] !== undefined ? isTrue(opts['header']) : ref.reader !== 'path-table' && !opts['schema'];
  // Spark infers ISO dates only (`yyyy-MM-dd`); DuckDB's sniffer also tries day-first and month-first forms, and
  // would read `01-07-2023` as a DATE, possibly with day and month swapped, where Spark keeps the string.
  const isoDates = "dateformat = '%Y-%m-%d'";
  if (format === 'csv') {
    fn = 'read_csv';
    args.push(`header = ${header}`);
    if (header && !opts['schema']) input.csvHeader = true;
    // Spark's CSV dialect: ',' and '"' unless given (DuckDB's sniffer cannot settle on a dialect for a file
    // whose lines have different field counts). The escape is left to the sniffer: Spark's default `\` would
    // misread RFC 4180 files that double their quotes.
    args.push(`delim = ${quoteString(opts['sep'] ?? opts['delimiter'] ?? ',')}`);
    args.push(`quote = ${quoteString(opts['quote'] ?? '"')}`);
    if (opts['escape'] !== undefined) args.push(`escape = ${quoteString(opts['escape'])}`);
    if (opts['nullvalue'] !== undefined) args.push(`nullstr = ${quoteString(opts['nullvalue'])}`);
    if (!infer && !opts['schema']) args.push('all_varchar = true');
    else if (infer && !opts['schema'] && !opts['dateformat']) args.push(isoDates);
  } else if (format === 'json') {
    fn = 'read_json';
    args.push(`format = '${isTrue(opts['multiline']) ? 'auto' : 'newline_delimited'}'`);
    if (!infer && !opts['schema']) { args.push('maximum_depth = 1'); castToVarchar = true; } else if (!opts['schema'] && !opts['dateformat'] && !opts['timestampformat']) {
      // JSON's sniffer also reads `01-07-2023 12:00:00` as a TIMESTAMP (day or month first); Spark keeps it a string.
      args.push(isoDates, "timestampformat = '%Y-%m-%d %H:%M:%S'");
    }
  } else if (format === 'parquet') {
    fn = 'read_parquet';
    // Files of one batch may differ in columns (a column added in newer files): matched by name, missing ones
    // NULL, as Spark merges them; by position DuckDB would refuse the batch or drop the new column.
    args.push('union_by_name = true');
  } else {
    problems.push({
      code: CODES.fileFormat, severity: 'error',
      message: format ? `file format '${format}' is not supported by Weir (DuckDB reads json, csv and parquet here)` : `cannot tell the format of '${ref.path}'`,
      hint: format ? 'convert the files to parquet, json or csv' : "add format => 'json' (or csv, parquet)",
    });
    return { text: `read_csv(${files})`, input, problems };
  }
  const rescued = input.rescuedDataColumn;
  // A JSON source with a declared schema: the runner checks its lines against it (values that do not fit,
  // fields the schema does not name) when asked to rescue them, or after DuckDB refused a value (bind-inputs.ts).
  let jsonSchema: { name: string; type: string }[] | undefined;
  // A CSV source with a declared schema and a rescued column: its rejected lines are split into typed fields.
  let csvSchema: { name: string; type: string }[] | undefined;
  let jsonHints: { name: string; type: string }[] | undefined;
  // CSV without a header: Spark names the columns _c0, _c1, ... where DuckDB names them column0, column1, ...
  const sparkNames = fn === 'read_csv' && !header && !opts['schema'];
  if (opts['schema']) {
    const cols = ddlToColumns(opts['schema']);
    if (cols.error) problems.push({ code: CODES.unsupportedType, severity: 'error', message: `schema option: ${cols.error}` });
    else if (fn === 'read_json' && !failFast) {
      jsonSchema = cols.columns;
      // The rescued column is read from the lines the runner rewrote (it holds what did not fit); NULL elsewhere.
      const withRescued = rescued && !cols.columns.some((c) => c.name === rescued) ? [...cols.columns, { name: rescued, type: 'VARCHAR' }] : cols.columns;
      args.push(`columns = ${columnsStruct(withRescued)}`, 'auto_detect = false');
    } else if (fn !== 'read_parquet') {
      args.push(`columns = ${cols.text}`, 'auto_detect = false');
      if (fn === 'read_csv' && rescued && !failFast) csvSchema = cols.columns;
    }
  } else if (opts['schemahints'] && castToVarchar) {
    // Auto Loader's JSON strings with hinted columns typed (values that do not fit become NULL).
    const cols = ddlToColumns(opts['schemahints']);
    if (cols.error) problems.push({ code: CODES.unsupportedType, severity: 'error', message: `schemaHints option: ${cols.error}` });
    else jsonHints = cols.columns;
  } else if (opts['schemahints'] && fn === 'read_csv') {
    const cols = ddlToColumns(opts['schemahints']);
    if (cols.error) problems.push({ code: CODES.unsupportedType, severity: 'error', message: `schemaHints option: ${cols.error}` });
    // Hints name Spark's _cN columns of a headerless file: DuckDB's names for them are columnN.
    else args.push(`types = ${sparkNames ? columnsStruct(cols.columns.map((c) => ({ ...c, name: c.name.replace(/^_c(\d+)$/, 'column$1') }))) : cols.text}`);
  }
  if (fn === 'read_csv' && !failFast) {
    // Malformed lines are skipped and recorded; with a rescued-data column they go to tables of their own (the
    // runner finds them with `rescueScan` before the batch and binds them as rescued rows, so the batch's own
    // rejects of the same lines are not counted again).
    args.push('store_rejects = true');
    if (rescued) args.push(`rejects_table = '${RESCUE_ERRORS}'`, `rejects_scan = '${RESCUE_SCANS}'`);
  }
  const call = `${fn}(${args.join(', ')})`;
  // A CSV batch with a rescued column parses every column, whatever the query projects, so that it rejects
  // exactly the lines the runner's scan found (DuckDB skips the casts of columns nobody reads).
  const allColumns = fn === 'read_csv' && rescued && !failFast ? ' WHERE hash(COLUMNS(*)) IS NOT NULL' : '';
  const malformed = {
    ...(failFast ? { failFast: true } : {}),
    ...(fn === 'read_json' && isTrue(opts['multiline']) ? { multiLine: true } : {}),
    ...(allColumns ? { rescueScan: `SELECT count(*) AS n FROM ${call}${allColumns}` } : {}),
    ...(jsonSchema ? { jsonSchema } : {}),
    ...(csvSchema ? { csvFields: { delim: opts['sep'] ?? opts['delimiter'] ?? ',', quote: opts['quote'] ?? '"', count: csvSchema.length } } : {}),
  };
  if (Object.keys(malformed).length > 0) input.malformed = malformed;
  if (!castToVarchar && !rescued && !sparkNames) return { text: call, input, problems };
  // Auto Loader semantics need a projection: strings, Spark's column names, the rescued-data column, and the file
  // name carried through.
  // JSON read with `maximum_depth = 1` gives every value as its JSON text: a string's value is what Auto Loader
  // stores (`a`, not `"a"`), nested values stay JSON text.
  // DuckDB pads headerless names to one width (column00 .. column10); Spark's are _c0 .. _c10.
  const cols = [castToVarchar ? `json_extract_string(COLUMNS(*), '$')` : sparkNames ? `COLUMNS('^column0*(\\d+)$') AS '_c\\1'` : '*'];
  if (rescued && !jsonSchema) cols.push(`CAST(NULL AS VARCHAR) AS ${quoteIdent(rescued)}`);
  if (usesFileName) cols.push('filename');
  const strings = `SELECT ${cols.join(', ')} FROM ${call}${allColumns}`;
  const typed = jsonHints
    ? `SELECT * REPLACE (${jsonHints.map((c) => `TRY_CAST(${quoteIdent(c.name)} AS ${c.type}) AS ${quoteIdent(c.name)}`).join(', ')}) FROM (${strings})`
    : strings;
  const projectsFileName = usesFileName ? { projectsFileName: true } : {};
  if (!rescued || failFast) return { text: `(${typed})`, input, problems, ...projectsFileName };
  // One row per rejected line, bound by the runner: data columns NULL, the rescued column holding the line; with a
  // declared CSV schema, the line's fields (NULL when it has another number of them) in their columns where they
  // convert, and in the rescued column (`{"amount": "abc", "_file_path": ...}`) where they do not.
  const lines = `unnest(coalesce(CAST(getvariable('${rescuedVariable(filesVar)}') AS ${rescuedStructType(csvSchema !== undefined)}[]), []))`;
  const fileCol = usesFileName ? ', r.file AS filename' : '';
  const rescuedRows = csvSchema
    ? `SELECT ${csvSchema.map((c, i) => `TRY_CAST(r.fields[${i + 1}] AS ${c.type}) AS ${quoteIdent(c.name)}`).join(', ')}, ` +
      `CASE WHEN r.fields IS NULL THEN r.rescued ELSE CAST(${csvSchema.reduce((acc, c, i) => `json_merge_patch(${acc}, CASE WHEN r.fields[${i + 1}] IS NOT NULL ` +
        `AND TRY_CAST(r.fields[${i + 1}] AS ${c.type}) IS NULL THEN json_object(${quoteString(c.name)}, r.fields[${i + 1}]) ELSE '{}'::JSON END)`,
      "json_object('_file_path', r.file)")} AS VARCHAR) END AS ${quoteIdent(rescued)}${fileCol} FROM (SELECT ${lines} AS r)`
    : `SELECT r.rescued AS ${quoteIdent(rescued)}${fileCol} FROM (SELECT ${lines} AS r)`;
  return { text: `(${typed} UNION ALL BY NAME ${rescuedRows})`, input, problems, ...projectsFileName };
}

/** Temp tables of a CSV reader with a rescued-data column: its rejects are rescued, not counted as dropped. */
export const RESCUE_ERRORS = '__weir_rescue_errors';
export const RESCUE_SCANS = '__weir_rescue_scans';

/** The type of one rescued line: `{file, rescued}`, and its `fields` for a CSV source with a declared schema. */
export function rescuedStructType(withFields: boolean): string {
  return withFields ? 'STRUCT(file VARCHAR, rescued VARCHAR, fields VARCHAR[])' : 'STRUCT(file VARCHAR, rescued VARCHAR)';
}

/** The variable holding the rescued lines of one file input (a list of `{file, rescued}`), bound per batch. */
export function rescuedVariable(filesVar: string): string {
  return `${filesVar}__rescued`;
}

/** Relative paths against the project root; a directory (no glob, no extension) is read recursively. */
function absoluteGlob(path: string, projectRoot: string, filter: string | undefined): string {
  let p = path.replace(/^dbfs:/, '').replace(/^file:/, '');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(p) && !isAbsolute(p)) p = resolve(projectRoot, p);
  // The same rule as the source's node id (fileSourceId), so one node always means one glob.
  return filteredPath(p.split('\\').join('/'), filter);
}
