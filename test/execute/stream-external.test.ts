import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryReadOnly, readRunResults, runCli, runSql, writeProject } from '../helpers/cli.js';

// SEMANTICS §3: "A flow reading STREAM(x) processes only rows appended to x since its last successful update",
// for a table outside the pipeline (in the same DuckDB file) too.

describe('STREAM of a table outside the pipeline', () => {
  it('reads the rows appended since the last update, once each; a view cannot be streamed', async () => {
    const dir = writeProject({
      'weir.yml': 'name: ext\n',
      'p.sql': 'CREATE OR REFRESH STREAMING TABLE s AS SELECT id, id * 10 AS v FROM STREAM(customers_ext);\n',
    });
    const db = join(dir, 'target', 'ext.duckdb');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'target'), { recursive: true });
    await runSql(db, 'CREATE TABLE customers_ext AS SELECT 1 AS id');
    // validate binds the flow against the table's columns and row ids (it read a view of it, which has none).
    const validated = await runCli(['validate', '--project', dir], dir);
    expect(validated.code, validated.stderr).toBe(0);
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    await runSql(db, 'INSERT INTO customers_ext VALUES (2), (3)');
    const second = await runCli(['run', '--project', dir], dir);
    expect(second.code, second.stdout).toBe(0);
    expect(readRunResults(dir).results[0]).toMatchObject({ status: 'COMPLETED', rows_written: 2 });
    expect(await queryReadOnly(db, 'SELECT id::INT AS id FROM s ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    expect(readRunResults(dir).results[0].status).toBe('IDLE');

    await runSql(db, 'CREATE VIEW ext_view AS SELECT 1 AS id');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'p.sql'), 'CREATE OR REFRESH STREAMING TABLE s2 AS SELECT id FROM STREAM(ext_view);\n');
    const view = await runCli(['run', '--project', dir], dir);
    expect(view.code).toBe(1);
    expect(view.stdout).toContain('STREAM("ext_view") cannot be read incrementally');
  });
});
