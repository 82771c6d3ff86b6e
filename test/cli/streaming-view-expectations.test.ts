import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queryReadOnly, readRunResults, runCli, writeProject } from '../helpers/cli.js';

/**
 * A streaming live view's `ON VIOLATION DROP ROW` rules apply to its streaming readers too (audit F1): STREAM(v)
 * inlines v's query, and the rows v reports as dropped must not reach the reader (NULL conditions drop too).
 */
describe('STREAM of a streaming view with DROP ROW expectations', () => {
  const dir = writeProject({
    'weir.yml': 'name: svx\n',
    'f.sql': `CREATE OR REFRESH STREAMING TABLE o AS SELECT * FROM STREAM read_files('data/o', format => 'csv', header => true, inferColumnTypes => true);
CREATE STREAMING LIVE VIEW sv (
  CONSTRAINT pos EXPECT (v > 0) ON VIOLATION DROP ROW,
  CONSTRAINT small EXPECT (v < 100) ON VIOLATION DROP ROW,
  CONSTRAINT odd EXPECT (oid % 2 = 1)
) AS SELECT * FROM STREAM(o);
CREATE OR REFRESH STREAMING TABLE t1 AS SELECT * FROM STREAM(sv);
CREATE OR REFRESH STREAMING TABLE t2 AS SELECT oid FROM STREAM(LIVE.sv) AS s WHERE s.v > 1;
CREATE OR REFRESH MATERIALIZED VIEW m1 AS SELECT * FROM sv;
`,
    'data/o/1.csv': 'oid,v\n1,1\n2,-2\n3,\n4,4\n5,500\n',
  });
  const db = join(dir, 'target', 'svx.duckdb');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const q = (sql: string) => queryReadOnly(db, sql);

  it('streaming readers get the rows a batch reader gets, on every run', async () => {
    const first = await runCli(['run', '--project', dir], dir);
    expect(first.code, first.stderr).toBe(0);
    expect(await q('SELECT oid::INT AS oid FROM main.t1 ORDER BY oid')).toEqual([{ oid: 1 }, { oid: 4 }]);
    expect(await q('SELECT oid::INT AS oid FROM main.t2 ORDER BY oid')).toEqual([{ oid: 4 }]);
    expect(await q('SELECT oid::INT AS oid FROM main.m1 ORDER BY oid')).toEqual([{ oid: 1 }, { oid: 4 }]);

    writeFileSync(join(dir, 'data', 'o', '2.csv'), 'oid,v\n6,-6\n7,7\n');
    const second = await runCli(['run', '--project', dir], dir);
    expect(second.code, second.stderr).toBe(0);
    expect(await q('SELECT oid::INT AS oid FROM main.t1 ORDER BY oid')).toEqual([{ oid: 1 }, { oid: 4 }, { oid: 7 }]);
    expect(await q('SELECT oid::INT AS oid FROM main.m1 ORDER BY oid')).toEqual([{ oid: 1 }, { oid: 4 }, { oid: 7 }]);
    // The view's own counts cover the rows new since its last update, like its streaming readers' batches.
    const sv = readRunResults(dir).results.find((r) => r.unique_id === 'sv')!;
    expect(sv.rows_read).toBe(2);
    expect(sv.expectations.find((e) => e.name === 'pos')).toMatchObject({ passed_records: 1, failed_records: 1 });
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    expect(readRunResults(dir).results.find((r) => r.unique_id === 'sv')!.rows_read).toBe(0);
  });
});

describe('FAIL UPDATE on a streaming view', () => {
  const dir = writeProject({
    'weir.yml': 'name: svf\n',
    'f.sql': `CREATE OR REFRESH STREAMING TABLE o AS SELECT * FROM STREAM read_files('data/o', format => 'csv', header => true, inferColumnTypes => true);
CREATE STREAMING LIVE VIEW sv (CONSTRAINT pos EXPECT (v > 0) ON VIOLATION FAIL UPDATE) AS SELECT * FROM STREAM(o);
CREATE OR REFRESH STREAMING TABLE t1 AS SELECT * FROM STREAM(sv);
`,
    'data/o/1.csv': 'oid,v\n1,1\n',
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails on a new bad row, and only on rows new since the view last succeeded', async () => {
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    writeFileSync(join(dir, 'data', 'o', '2.csv'), 'oid,v\n2,-2\n');
    const bad = await runCli(['run', '--project', dir], dir);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/failed on 1 of \d+ rows? of sv \(ON VIOLATION FAIL UPDATE\): the view keeps its previous definition/);
  });
});
