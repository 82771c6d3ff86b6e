import { describe, expect, it } from 'vitest';
import { sparkCompatibleSettingsSql } from '../../src/util/duckdb-settings.js';
import { DuckDBInstance } from '@duckdb/node-api';

/** A compiled script creates the macros it calls, and those they call, and no others. */
describe('sparkCompatibleSettingsSql', () => {
  it('creates no macro for a script that calls none', () => {
    const sql = sparkCompatibleSettingsSql('SELECT 1 AS x');
    expect(sql).toContain('SET ieee_floating_point_ops = false;');
    expect(sql).not.toContain('MACRO');
  });

  it('creates the called macros with their dependencies, and the script runs on a fresh DuckDB', async () => {
    const body = "SELECT _weir.spark_long('3.7') AS l, _weir.spark_double_string(1.0E10) AS s";
    const sql = sparkCompatibleSettingsSql(body);
    const names = [...sql.matchAll(/CREATE MACRO IF NOT EXISTS _weir\.(\w+)\(/g)].map((m) => m[1]);
    expect(names).toContain('spark_long');
    expect(names).toContain('spark_double_string');
    expect(names).toContain('spark_sci'); // called by spark_double_string
    expect(names).not.toContain('spark_try_long');
    // Every macro the chosen ones call is defined too.
    for (const m of sql.matchAll(/_weir\.(spark_\w+)\(/g)) expect(names).toContain(m[1]);
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      await conn.run(sql.replace(/SET TimeZone = 'UTC';/, ''));
      expect((await conn.runAndReadAll(body)).getRowsJson()).toEqual([['3', '1.0E10']]);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });
});
