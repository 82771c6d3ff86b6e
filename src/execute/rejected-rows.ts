import { relative } from 'node:path';
import { STATE_SCHEMA, quoteString } from '../model/index.js';
import type { Database } from './database.js';

/**
 * Malformed input is never silently lost (issue 4). A CSV reader compiled with DuckDB's `store_rejects` skips a
 * bad line and records it in the connection's `reject_errors` table; after each batch the runner copies the new
 * ones into `_weir.rejected_rows` in the dataset's transaction and counts them. Malformed JSON lines the runner
 * takes out itself (bind-inputs.ts) are recorded with `recordRejects`. Rejected lines are part of an update's
 * rows read and rows dropped (rows read = rows written + rows dropped), and a warning names their file and line.
 * `mode => 'FAILFAST'` readers reject nothing: a malformed row fails the update instead (also not silent).
 */
export const REJECTED_DDL = `CREATE TABLE IF NOT EXISTS ${STATE_SCHEMA}.rejected_rows (run_id VARCHAR, dataset VARCHAR, flow VARCHAR,
  file_path VARCHAR, line BIGINT, column_name VARCHAR, error_type VARCHAR, error_message VARCHAR, csv_line VARCHAR)`;

/** One malformed input record: where it is, why it was rejected, its raw text. */
export interface RejectedLine {
  readonly file: string;
  /** 1-based line in the file; undefined when the whole file was rejected. */
  readonly line?: number;
  readonly column?: string;
  readonly errorType: string;
  readonly error: string;
  readonly text: string;
  /**
   * True when the record itself was kept and only what did not fit it (a value of the wrong type, a field the
   * schema does not name) went to the rescued-data column; else the record is rejected or rescued whole.
   */
  readonly partial?: boolean;
}

/** Only a reader with `store_rejects` adds rejects: other queries skip the lookups. */
function mayReject(query: string | undefined): boolean {
  return query === undefined || /store_rejects/i.test(query);
}

/** The last reject scan id seen so far (0 when nothing was ever rejected on this connection). */
export async function rejectMark(db: Database, query?: string): Promise<number> {
  if (!mayReject(query) || !(await hasTempTable(db, 'reject_errors'))) return 0;
  const r = await db.rows('SELECT coalesce(max(scan_id), 0) AS m FROM temp.reject_errors');
  return Number(r[0]?.m ?? 0);
}

/** Copies rejects newer than `mark` into `_weir.rejected_rows`; returns how many distinct lines were rejected. */
export async function collectRejects(db: Database, mark: number, dataset: string, flow: string, runId: string, query?: string): Promise<number> {
  if (!mayReject(query) || !(await hasTempTable(db, 'reject_errors'))) return 0;
  const fresh = `SELECT DISTINCT ON (s.file_path, e.line) s.file_path, e.line, e.column_name, e.error_type, e.error_message, e.csv_line
    FROM temp.reject_errors e JOIN temp.reject_scans s USING (scan_id, file_id) WHERE e.scan_id > ${mark}`;
  // A quote that never closed made DuckDB read the rest of the file as one value (RFC 4180) where Spark, reading a
  // CSV record per line, loses one line: the update is retried with such lines taken out (bind-inputs.ts).
  const swallowed = await db.rows(`SELECT 1 FROM (${fresh}) WHERE error_type::VARCHAR = 'UNQUOTED VALUE'
    AND contains(rtrim(csv_line, chr(10) || chr(13)), chr(10)) LIMIT 1`);
  if (swallowed.length > 0) throw new Error('CSV input has a quote that does not close on its line (unterminated quote)');
  await db.run(REJECTED_DDL);
  return db.count(`INSERT INTO ${STATE_SCHEMA}.rejected_rows SELECT ${quoteString(runId)}, ${quoteString(dataset)}, ${quoteString(flow)},
    file_path, line, column_name, error_type, error_message, csv_line FROM (${fresh})`);
}

/**
 * The lines a CSV reader rejected into its own tables (`errors` / `scans`, see file-reader.ts `RESCUE_ERRORS`)
 * in scans after `mark`, one per line, in file and line order.
 */
export async function rejectedSince(db: Database, errors: string, scans: string, mark: number): Promise<RejectedLine[]> {
  if (!(await hasTempTable(db, errors))) return [];
  const rows = await db.rows(`SELECT DISTINCT ON (s.file_path, e.line) s.file_path, e.line::BIGINT AS line, e.column_name, e.error_type::VARCHAR AS error_type,
    e.error_message, e.csv_line FROM temp.${errors} e JOIN temp.${scans} s USING (scan_id, file_id) WHERE e.scan_id > ${mark} ORDER BY s.file_path, e.line`);
  return rows.map((r) => ({
    file: String(r.file_path), line: Number(r.line), ...(r.column_name ? { column: String(r.column_name) } : {}),
    errorType: String(r.error_type), error: String(r.error_message), text: String(r.csv_line ?? ''),
  }));
}

/** The highest scan id in a reject table of this connection (0 when it does not exist yet). */
export async function scanMark(db: Database, errors: string): Promise<number> {
  if (!(await hasTempTable(db, errors))) return 0;
  return Number((await db.rows(`SELECT coalesce(max(scan_id), 0) AS m FROM temp.${errors}`))[0]?.m ?? 0);
}

/** Records malformed lines the runner took out of a batch itself (JSON); returns how many. */
export async function recordRejects(db: Database, lines: readonly RejectedLine[], dataset: string, flow: string, runId: string): Promise<number> {
  if (lines.length === 0) return 0;
  const v = (s: string | undefined) => (s === undefined ? 'NULL' : quoteString(s));
  const values = lines.map((l) => `(${quoteString(runId)}, ${quoteString(dataset)}, ${quoteString(flow)}, ${quoteString(l.file)}, ${l.line ?? 'NULL'}, ` +
    `${v(l.column)}, ${quoteString(l.errorType)}, ${quoteString(l.error)}, ${quoteString(l.text)})`);
  await db.run(`${REJECTED_DDL};\nINSERT INTO ${STATE_SCHEMA}.rejected_rows VALUES ${values.join(', ')}`);
  return lines.length;
}

/**
 * The warning for an update that dropped malformed records: how many, the row balance, and where the first few
 * are (`data/c/a.csv:52: Expected Number of Columns: 3 Found: 4`), read back from `_weir.rejected_rows`.
 */
export async function rejectWarning(db: Database, runId: string, dataset: string, rejected: number, balance: { read: number; written: number; dropped: number }): Promise<string> {
  const rows = await db.rows(`SELECT file_path, line, error_message FROM ${STATE_SCHEMA}.rejected_rows
    WHERE run_id = ${quoteString(runId)} AND dataset = ${quoteString(dataset)} ORDER BY file_path, line LIMIT 5`);
  const where = rows.map((r) => `${displayPath(String(r.file_path))}${r.line === null ? '' : `:${Number(r.line)}`}: ${oneLine(String(r.error_message))}`);
  return `${rejected} malformed input row${rejected === 1 ? '' : 's'} dropped (rows: read ${balance.read} = written ${balance.written} + dropped ${balance.dropped}), ` +
    `kept in _weir.rejected_rows: ${where.join('; ')}${rejected > rows.length ? `; and ${rejected - rows.length} more` : ''}`;
}

/**
 * The warning for rows kept in the rescued-data column: records rescued whole (their raw text) and records kept
 * with the values that did not fit moved there are told apart.
 */
export function rescueWarning(lines: readonly RejectedLine[], column: string): string {
  const whole = lines.filter((l) => !l.partial);
  const partial = lines.filter((l) => l.partial);
  const parts: string[] = [];
  if (whole.length > 0) {
    parts.push(`${whole.length} malformed input row${whole.length === 1 ? ' kept with its' : 's kept with their'} raw text in ${column}: ${places(whole)}`);
  }
  if (partial.length > 0) {
    parts.push(`${partial.length} input row${partial.length === 1 ? '' : 's'} kept, with the values that do not fit the schema moved to ${column}: ${places(partial)}`);
  }
  return parts.join('; ');
}

function places(lines: readonly RejectedLine[]): string {
  const where = lines.slice(0, 5).map((l) => `${displayPath(l.file)}${l.line === undefined ? '' : `:${l.line}`}${l.partial && l.column ? ` (${l.column})` : ''}`);
  return `${where.join(', ')}${lines.length > 5 ? `, and ${lines.length - 5} more` : ''}`;
}

/** A path relative to the working folder when it is inside it (what the user typed, usually). */
export function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim().slice(0, 200);
}

async function hasTempTable(db: Database, name: string): Promise<boolean> {
  const r = await db.rows(`SELECT 1 FROM duckdb_tables() WHERE temporary AND table_name = ${quoteString(name)} LIMIT 1`);
  return r.length > 0;
}
