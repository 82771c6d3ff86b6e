import { STATE_SCHEMA, quoteString } from '../model/index.js';
import type { Database } from './database.js';

/**
 * Malformed CSV rows are never silently lost (issue 4): when a compiled reader uses DuckDB's
 * `ignore_errors` + `store_rejects`, the rejected lines land in the connection's `reject_errors` table; after
 * each batch the runner copies the new ones into `_weir.rejected_rows` in the dataset's transaction and reports
 * the count. Without `ignore_errors`, a malformed row fails the update instead (also not silent).
 */
export const REJECTED_DDL = `CREATE TABLE IF NOT EXISTS ${STATE_SCHEMA}.rejected_rows (run_id VARCHAR, dataset VARCHAR, flow VARCHAR,
  file_path VARCHAR, line BIGINT, column_name VARCHAR, error_type VARCHAR, error_message VARCHAR, csv_line VARCHAR)`;

/** Only a reader with `store_rejects` adds rejects: other queries skip the lookups. */
function mayReject(query: string | undefined): boolean {
  return query === undefined || /store_rejects/i.test(query);
}

/** The last reject scan id seen so far (0 when nothing was ever rejected on this connection). */
export async function rejectMark(db: Database, query?: string): Promise<number> {
  if (!mayReject(query) || !(await hasRejectTable(db))) return 0;
  const r = await db.rows('SELECT coalesce(max(scan_id), 0) AS m FROM temp.reject_errors');
  return Number(r[0]?.m ?? 0);
}

/** Copies rejects newer than `mark` into `_weir.rejected_rows`; returns how many distinct lines were rejected. */
export async function collectRejects(db: Database, mark: number, dataset: string, flow: string, runId: string, query?: string): Promise<number> {
  if (!mayReject(query) || !(await hasRejectTable(db))) return 0;
  const fresh = `SELECT DISTINCT ON (s.file_path, e.line) s.file_path, e.line, e.column_name, e.error_type, e.error_message, e.csv_line
    FROM temp.reject_errors e JOIN temp.reject_scans s USING (scan_id, file_id) WHERE e.scan_id > ${mark}`;
  await db.run(REJECTED_DDL);
  return db.count(`INSERT INTO ${STATE_SCHEMA}.rejected_rows SELECT ${quoteString(runId)}, ${quoteString(dataset)}, ${quoteString(flow)},
    file_path, line, column_name, error_type, error_message, csv_line FROM (${fresh})`);
}

async function hasRejectTable(db: Database): Promise<boolean> {
  const r = await db.rows(`SELECT 1 FROM duckdb_tables() WHERE temporary AND table_name = 'reject_errors' LIMIT 1`);
  return r.length > 0;
}
