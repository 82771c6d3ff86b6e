import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queryReadOnly, runCli, writeProject } from '../helpers/cli.js';

/**
 * A table's column list is its schema (audit D5): the written rows have the declared columns, in the declared order,
 * of the declared types, generated columns in their place; NOT NULL holds; undeclared query columns are an error
 * at compile time where the query's columns are known.
 */
describe('declared column lists at run time', () => {
  const dir = writeProject({
    'weir.yml': 'name: dc\n',
    'a.sql': `CREATE MATERIALIZED VIEW t (id BIGINT, amt DECIMAL(10,2), s STRING) AS SELECT 1 AS id, 2.5D AS amt, 3 AS s;
CREATE MATERIALIZED VIEW t2 (b STRING, a INT) AS SELECT 1 AS a, 'x' AS b;
CREATE MATERIALIZED VIEW g (id BIGINT, nm STRING, d DATE GENERATED ALWAYS AS (CAST(ts AS DATE)), ts TIMESTAMP) AS
  SELECT 1 AS id, TIMESTAMP'2024-01-02 10:00:00' AS ts, 'n' AS NM;
CREATE MATERIALIZED VIEW c (ID BIGINT, CONSTRAINT pos EXPECT (id > 0)) AS SELECT 2 AS id;
CREATE MATERIALIZED VIEW k (CONSTRAINT pos EXPECT (id > 0)) AS SELECT 2 AS id, 'z' AS other;
CREATE OR REFRESH STREAMING TABLE st (v INT, tag STRING);
CREATE FLOW f1 AS INSERT INTO ONCE st BY NAME SELECT 'a' AS tag, 1.9D AS v;
CREATE FLOW f2 AS INSERT INTO ONCE st BY NAME SELECT 2L AS v, 'b' AS tag;
`,
  });
  const db = join(dir, 'target', 'dc.duckdb');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const q = (sql: string) => queryReadOnly(db, sql);
  const columns = (t: string) => q(`SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_schema = 'main' AND table_name = '${t}' ORDER BY ordinal_position`);

  it('writes the declared names, order and types; generated columns in their place', async () => {
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(await columns('t')).toEqual([{ c: 'id', t: 'BIGINT' }, { c: 'amt', t: 'DECIMAL(10,2)' }, { c: 's', t: 'VARCHAR' }]);
    expect(await q('SELECT id::INT AS id, amt::VARCHAR AS amt, s FROM main.t')).toEqual([{ id: 1, amt: '2.50', s: '3' }]);
    expect(await columns('t2')).toEqual([{ c: 'b', t: 'VARCHAR' }, { c: 'a', t: 'INTEGER' }]);
    expect(await columns('g')).toEqual([{ c: 'id', t: 'BIGINT' }, { c: 'nm', t: 'VARCHAR' }, { c: 'd', t: 'DATE' }, { c: 'ts', t: 'TIMESTAMP' }]);
    expect(await q('SELECT nm, d::VARCHAR AS d FROM main.g')).toEqual([{ nm: 'n', d: '2024-01-02' }]);
    expect(await columns('c')).toEqual([{ c: 'ID', t: 'BIGINT' }]);
    // A list of constraints only declares no schema.
    expect(await columns('k')).toEqual([{ c: 'id', t: 'INTEGER' }, { c: 'other', t: 'VARCHAR' }]);
    // Every query flow writing the table is shaped to it.
    expect(await columns('st')).toEqual([{ c: 'v', t: 'INTEGER' }, { c: 'tag', t: 'VARCHAR' }]);
    expect(await q('SELECT v, tag FROM main.st ORDER BY tag')).toEqual([{ v: 1, tag: 'a' }, { v: 2, tag: 'b' }]);
  });
});

describe('declared column lists: errors', () => {
  const dirs: string[] = [];
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
  const project = (sql: string) => {
    const dir = writeProject({ 'weir.yml': 'name: dce\n', 'a.sql': sql });
    dirs.push(dir);
    return dir;
  };

  it('a NULL in a NOT NULL column fails the update, naming the dataset and the column', async () => {
    const dir = project(`CREATE MATERIALIZED VIEW t3 (a INT NOT NULL) AS SELECT CAST(NULL AS INT) AS a;
CREATE MATERIALIZED VIEW ok (a INT NOT NULL) AS SELECT 1 AS a;
`);
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('t3: column a is declared NOT NULL, and the query gives it a NULL');
    expect(await queryReadOnly(join(dir, 'target', 'dce.duckdb'), 'SELECT a FROM main.ok')).toEqual([{ a: 1 }]);
  });

  it('a query column the list does not declare is a compile error (WEIR4059)', async () => {
    const dir = project(`CREATE MATERIALIZED VIEW t5 (id BIGINT) AS SELECT 1 AS id, 2 AS other;
`);
    const r = await runCli(['compile', '--project', dir], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/a\.sql:1:26: error WEIR4059: t5's query produces column 'other', which its column list does not declare/);
  });

  it('a declared column the query does not produce: WEIR4058 at compile (the query inside the wrapper is checked), validate and run fail', async () => {
    const dir = project(`CREATE MATERIALIZED VIEW t4 (id BIGINT, extra STRING) AS SELECT 1 AS id;
`);
    const c = await runCli(['compile', '--project', dir], dir);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/a\.sql:1:41: error WEIR4058: t4 declares column 'extra', which its query does not produce/);
    const v = await runCli(['validate', '--project', dir], dir);
    expect(v.code).toBe(1);
    expect(v.stdout + v.stderr).toMatch(/extra/);
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(1);
  });
});

describe('column lineage through a declared column list', () => {
  const dir = writeProject({
    'weir.yml': 'name: dcl\n',
    'a.sql': `CREATE MATERIALIZED VIEW src AS SELECT 1 AS id, 'n' AS name, 2.5D AS amt;
CREATE MATERIALIZED VIEW t (id BIGINT NOT NULL, name STRING, amt DECIMAL(10, 2), doubled DOUBLE) AS
  SELECT id, name, amt, amt * 2 AS doubled FROM src;
`,
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a copied column a direct copy: the declared casts and NOT NULL checks are Weir\'s shaping, not a transform', async () => {
    expect((await runCli(['compile', '--project', dir], dir)).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8')) as { nodes: Record<string, { columns: Record<string, { lineage: { transform: string; column: string }[] }> }> };
    const edges = Object.fromEntries(Object.entries(manifest.nodes.t.columns).map(([c, v]) => [c, v.lineage.map((e) => `${e.transform}:${e.column}`)]));
    expect(edges).toEqual({ id: ['direct:id'], name: ['direct:name'], amt: ['direct:amt'], doubled: ['derived:amt'] });
  });
});

describe('NOT NULL and DROP ROW together', () => {
  const dir = writeProject({
    'weir.yml': 'name: nn\n',
    'a.sql': `CREATE OR REFRESH MATERIALIZED VIEW t (
  id BIGINT NOT NULL,
  v STRING,
  CONSTRAINT has_id EXPECT (id IS NOT NULL) ON VIOLATION DROP ROW
) AS SELECT * FROM (VALUES (1, 'a'), (NULL, 'b')) AS x(id, v);
CREATE OR REFRESH MATERIALIZED VIEW u (id BIGINT NOT NULL, CONSTRAINT w EXPECT (id > 0)) AS SELECT * FROM (VALUES (1), (NULL)) AS x(id);
`,
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a row a DROP ROW rule drops may hold the NULL; a NULL that would be written fails the update', async () => {
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(1);
    expect(await queryReadOnly(join(dir, 'target', 'nn.duckdb'), 'SELECT id::INT AS id, v FROM main.t')).toEqual([{ id: 1, v: 'a' }]);
    expect(r.stdout).toContain('u: column id is declared NOT NULL, and the query gives it a NULL');
  });
});

describe('several flows into a table with a column list', () => {
  const dir = writeProject({
    'weir.yml': 'name: mf\n',
    'a.sql': `CREATE OR REFRESH STREAMING TABLE t (id BIGINT NOT NULL, note STRING, tag STRING);
CREATE FLOW full_rows AS INSERT INTO ONCE t BY NAME SELECT 1 AS id, 'n' AS note, 'a' AS tag;
CREATE FLOW no_note AS INSERT INTO ONCE t BY NAME SELECT 2 AS id, 'b' AS tag;
`,
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a flow that lacks a nullable declared column writes NULL there', async () => {
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code, r.stdout).toBe(0);
    expect(await queryReadOnly(join(dir, 'target', 'mf.duckdb'), 'SELECT id::INT AS id, note, tag FROM main.t ORDER BY id')).toEqual([
      { id: 1, note: 'n', tag: 'a' }, { id: 2, note: null, tag: 'b' },
    ]);
  });
});
