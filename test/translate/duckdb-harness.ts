import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { SPARK_COMPATIBLE_SETTINGS, SPARK_MACROS_SQL } from '../../src/util/duckdb-settings.js';

/** One in-memory DuckDB per test file, for running translated SQL. */
let conn: Promise<DuckDBConnection> | undefined;

export function duck(): Promise<DuckDBConnection> {
  conn ??= (async () => {
    // The settings every Weir connection uses (division by zero is NULL, ...), so values match a real run.
    const db = await DuckDBInstance.create(':memory:', { ...SPARK_COMPATIBLE_SETTINGS });
    const c = await db.connect();
    await c.run(`SET autoinstall_known_extensions = false; SET TimeZone = 'UTC'; ${SPARK_MACROS_SQL.join('; ')}`);
    return c;
  })();
  return conn;
}

export async function rowsJson(sql: string): Promise<unknown[][]> {
  const c = await duck();
  const r = await c.runAndReadAll(sql);
  return r.getRowsJson() as unknown[][];
}
