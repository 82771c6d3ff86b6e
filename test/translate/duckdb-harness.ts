import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** One in-memory DuckDB per test file, for running translated SQL. */
let conn: Promise<DuckDBConnection> | undefined;

export function duck(): Promise<DuckDBConnection> {
  conn ??= (async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run("SET autoinstall_known_extensions = false; SET TimeZone = 'UTC'");
    return c;
  })();
  return conn;
}

export async function rowsJson(sql: string): Promise<unknown[][]> {
  const c = await duck();
  const r = await c.runAndReadAll(sql);
  return r.getRowsJson() as unknown[][];
}
