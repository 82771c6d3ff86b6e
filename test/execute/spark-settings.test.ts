import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/execute/database.js';
import { queryReadOnly, runCli, writeProject } from '../helpers/cli.js';

/** DuckDB answers as Spark does where a setting decides it (src/util/duckdb-settings.ts). */
describe('Spark-compatible DuckDB settings', () => {
  const dir = writeProject({
    'weir.yml': 'name: settings\n',
    'ratios.sql': `CREATE OR REFRESH MATERIALIZED VIEW ratios AS
SELECT 1 / 0 AS int_by_zero, 1.5 / 0.0 AS decimal_by_zero, 0.0 / 0.0 AS zero_by_zero,
       CAST(7 AS DOUBLE) / CAST(0 AS DOUBLE) AS double_by_zero, 7 / 2 AS int_div;
`,
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs in UTC whatever the machine zone (Databricks pipelines default to UTC)', async () => {
    const opened = await openDatabase(':memory:');
    if (!opened.ok) throw new Error(opened.message);
    try {
      expect(await opened.db.rows("SELECT current_setting('TimeZone') AS tz, hour(TIMESTAMPTZ '2024-03-05 14:07:09+02:00')::INT AS h"))
        .toEqual([{ tz: 'UTC', h: 12 }]);
    } finally {
      opened.db.close();
    }
  });

  it('division by zero is NULL (Spark), not Infinity or NaN (DuckDB default)', async () => {
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(0);
    const [row] = await queryReadOnly(join(dir, 'target', 'settings.duckdb'), 'SELECT * FROM main.ratios');
    expect(row).toEqual({ int_by_zero: null, decimal_by_zero: null, zero_by_zero: null, double_by_zero: null, int_div: 3.5 });
  });
});
