import type { Database, Row } from './database.js';

/**
 * Up to a handful of rows shown as examples of a failure (FAIL UPDATE, a failed key check), with their values
 * typed: DuckDB's `to_json` keeps numbers numbers and booleans booleans, where the binding's JSON rows turn
 * BIGINT and DECIMAL into strings (`{"id":"3"}` could not be told from a text column holding "3").
 */
export async function exampleRows(db: Database, sql: string): Promise<Row[]> {
  const rows = await db.rows(`SELECT to_json("__weir_example")::VARCHAR AS j FROM (\n${sql.replace(/;\s*$/, '')}\n) AS "__weir_example"`);
  return rows.map((r) => JSON.parse(String(r.j)) as Row);
}
