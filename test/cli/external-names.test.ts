import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryReadOnly, runCli, runSql, writeProject } from '../helpers/cli.js';

// SEMANTICS §2: a name is a pipeline dataset after dropping the pipeline's own catalog/schema; otherwise an
// external table of the DuckDB database. The own catalog is the DuckDB file: `shop_cat.sales.orders` is the
// file's `sales.orders`, for external tables as for datasets.
describe('external tables named with the pipeline catalog', () => {
  it('catalog.schema.table reads schema.table of the DuckDB file (run and validate)', async () => {
    const dir = writeProject({
      'weir.yml': 'name: ext\ncatalog: shop_cat\n',
      'a.sql': `CREATE MATERIALIZED VIEW n_orders AS SELECT count(*) AS n FROM shop_cat.sales.orders;
CREATE MATERIALIZED VIEW n_two AS SELECT count(*) AS n FROM sales.orders WHERE id = 2;
`,
    });
    mkdirSync(join(dir, 'target'), { recursive: true });
    const db = join(dir, 'target', 'ext.duckdb');
    await runSql(db, 'CREATE SCHEMA sales; CREATE TABLE sales.orders AS SELECT * FROM range(1, 4) t(id)');
    const v = await runCli(['validate', '--project', dir], dir);
    expect(v.stderr).not.toContain('does not exist');
    expect(v.code).toBe(0);
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.stdout).not.toContain('Catalog');
    expect(r.code).toBe(0);
    expect(await queryReadOnly(db, 'SELECT (SELECT n FROM n_orders)::INT AS a, (SELECT n FROM n_two)::INT AS b')).toEqual([{ a: 3, b: 1 }]);
  });
});

describe('STREAM of an external view', () => {
  it('is a validate error at the reference (a stream resumes by row ids, which a view has not)', async () => {
    const dir = writeProject({ 'weir.yml': 'name: ev\n', 'a.sql': 'CREATE STREAMING TABLE s AS SELECT * FROM STREAM(extv);\n' });
    mkdirSync(join(dir, 'target'), { recursive: true });
    await runSql(join(dir, 'target', 'ev.duckdb'), 'CREATE TABLE ext AS SELECT 1 AS id; CREATE VIEW extv AS SELECT * FROM ext');
    const v = await runCli(['validate', '--project', dir], dir);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain('a.sql:1:50: error WEIR4051: STREAM(extv) reads a view');
  });
});
