import { isAbsolute, posix, resolve } from 'node:path';
import type { CompiledInput } from '../model/compiled-pipeline.js';
import { quoteIdent, quoteString } from '../model/relations.js';
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
 * in DuckDB) the reader's columns are cast to VARCHAR with nested values kept as JSON text (`maximum_depth = 1`),
 * which is what Auto Loader stores. `schema` (a DDL string) becomes `columns`, `schemaHints` become `types`.
 * The file path is DuckDB's virtual `filename` column, so it does not appear in `*` (as in Spark).
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

/** A DDL column list (`a INT, b STRING COMMENT 'x'`) → DuckDB `{'a': 'INTEGER', ...}`. */
export function ddlToColumns(ddl: string): { text: string; error?: string } {
  const { tokens } = lex(ddl);
  const cols: string[] = [];
  let i = 0;
  while (i < tokens.length && tokens[i].kind !== 'eof') {
    const name = tokens[i].value;
    const ty = readSparkType(tokens, i + 1);
    if (ty.error) return { text: '', error: ty.error };
    cols.push(`${quoteString(name)}: ${quoteString(ty.text)}`);
    i = ty.last + 1;
    while (i < tokens.length && tokens[i].kind !== 'eof' && tokens[i].text !== ',') i++;
    i++;
  }
  return { text: `{${cols.join(', ')}}` };
}

export function fileReader(ref: FileRefInfo, projectRoot: string, sourceId: string, filesVar: string, usesFileName: boolean): FileReaderResult {
  const problems: FileReaderResult['problems'][number][] = [];
  const opts: Record<string, string> = {};
  for (const [k, v] of Object.entries(ref.options)) opts[k.replace(/^cloudfiles\./, '')] = v;
  const abs = absoluteGlob(ref.path, projectRoot, opts['pathglobfilter'] ?? opts['filenamepattern']);
  let format: string | undefined = (ref.format ?? opts['format'])?.toLowerCase();
  if (!format) {
    const ext = /\.([a-z0-9]+)$/i.exec(abs)?.[1]?.toLowerCase();
    format = ext ? EXT_FORMAT[ext] : undefined;
  }
  const input: { -readonly [K in keyof CompiledInput]: CompiledInput[K] } = {
    node: sourceId, streaming: ref.streaming, filesVariable: filesVar, globs: [abs],
  };
  if (format) input.format = format;
  if (opts['rescueddatacolumn']) input.rescuedDataColumn = opts['rescueddatacolumn'];
  if (opts['maxfilespertrigger'] && /^\d+$/.test(opts['maxfilespertrigger'])) input.maxFilesPerTrigger = parseInt(opts['maxfilespertrigger'], 10);
  for (const k of Object.keys(opts)) {
    if (!KNOWN.has(k)) problems.push({ code: CODES.fileOption, severity: 'warning', message: `file option '${k}' is ignored by Weir` });
  }
  const files = `coalesce(getvariable('${filesVar}'), [${quoteString(abs)}])`;
  const args: string[] = [files];
  // Strings unless asked to infer: cloud_files and path-table CSV; read_files infers.
  const inferOpt = opts['infercolumntypes'] ?? opts['inferschema'];
  const infer = inferOpt !== undefined ? isTrue(inferOpt) : ref.reader === 'read_files' || (ref.reader === 'path-table' && format !== 'csv');
  let castToVarchar = false;
  let fn: string;
  if (format === 'csv') {
    fn = 'read_csv';
    args.push(`header = ${isTrue(opts['header'])}`);
    const sep = opts['sep'] ?? opts['delimiter'];
    if (sep !== undefined) args.push(`delim = ${quoteString(sep)}`);
    if (opts['quote'] !== undefined) args.push(`quote = ${quoteString(opts['quote'])}`);
    if (opts['escape'] !== undefined) args.push(`escape = ${quoteString(opts['escape'])}`);
    if (opts['nullvalue'] !== undefined) args.push(`nullstr = ${quoteString(opts['nullvalue'])}`);
    if (!infer && !opts['schema']) args.push('all_varchar = true');
  } else if (format === 'json') {
    fn = 'read_json';
    args.push(`format = '${isTrue(opts['multiline']) ? 'auto' : 'newline_delimited'}'`);
    if (!infer && !opts['schema']) { args.push('maximum_depth = 1'); castToVarchar = true; }
  } else if (format === 'parquet') {
    fn = 'read_parquet';
  } else {
    problems.push({
      code: CODES.fileFormat, severity: 'error',
      message: format ? `file format '${format}' is not supported by Weir (DuckDB reads json, csv and parquet here)` : `cannot tell the format of '${ref.path}'`,
      hint: format ? 'convert the files to parquet, json or csv' : "add format => 'json' (or csv, parquet)",
    });
    return { text: `read_csv(${files})`, input, problems };
  }
  if (opts['schema']) {
    const cols = ddlToColumns(opts['schema']);
    if (cols.error) problems.push({ code: CODES.unsupportedType, severity: 'error', message: `schema option: ${cols.error}` });
    else if (fn !== 'read_parquet') args.push(`columns = ${cols.text}`, 'auto_detect = false');
  } else if (opts['schemahints'] && fn === 'read_csv') {
    const cols = ddlToColumns(opts['schemahints']);
    if (cols.error) problems.push({ code: CODES.unsupportedType, severity: 'error', message: `schemaHints option: ${cols.error}` });
    else args.push(`types = ${cols.text}`);
  }
  const call = `${fn}(${args.join(', ')})`;
  const rescued = input.rescuedDataColumn;
  if (!castToVarchar && !rescued) return { text: call, input, problems };
  // Auto Loader semantics need a projection: strings, the rescued-data column, and the file name carried through.
  const cols = [castToVarchar ? 'CAST(COLUMNS(*) AS VARCHAR)' : '*'];
  if (rescued) cols.push(`CAST(NULL AS VARCHAR) AS ${quoteIdent(rescued)}`);
  if (usesFileName) cols.push('filename');
  return { text: `(SELECT ${cols.join(', ')} FROM ${call})`, input, problems };
}

/** Relative paths against the project root; a directory (no glob, no extension) is read recursively. */
function absoluteGlob(path: string, projectRoot: string, filter: string | undefined): string {
  let p = path.replace(/^dbfs:/, '').replace(/^file:/, '');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(p) && !isAbsolute(p)) p = resolve(projectRoot, p);
  p = p.split('\\').join('/');
  const hasGlob = /[*?[{]/.test(p);
  const last = posix.basename(p);
  if (!hasGlob && (p.endsWith('/') || !last.includes('.'))) p = `${p.replace(/\/$/, '')}/**/${filter ?? '*'}`;
  else if (filter && hasGlob) p = `${posix.dirname(p)}/${filter}`;
  return p;
}
