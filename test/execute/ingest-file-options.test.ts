import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { putFile, queryReadOnly, runCli, runResultOf, runSql, writeProject } from '../helpers/cli.js';

// Reader options that decide WHICH files a flow reads (pathGlobFilter, fileNamePattern) and what a JSON value
// that does not fit a declared schema gets (issue 4, Databricks' PERMISSIVE mode and rescued data column).
// Real projects on real DuckDB files.

async function query(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  return queryReadOnly(join(dir, 'target', 'opts.duckdb'), sql);
}

describe('file filters', () => {
  it('readers of one folder with different filters each read exactly their own files, once per flow', async () => {
    const dir = writeProject({
      'weir.yml': 'name: opts\n',
      'p.sql': `CREATE OR REFRESH STREAMING TABLE txt AS SELECT * FROM STREAM read_files('data/c', format => 'csv', header => 'true', sep => ';', pathGlobFilter => '*.txt');
CREATE OR REFRESH STREAMING TABLE bycsv AS SELECT * FROM STREAM read_files('data/c', format => 'csv', header => 'true', sep => ';', fileNamePattern => '*.csv');
CREATE OR REFRESH STREAMING TABLE every AS SELECT * FROM STREAM read_files('data/c', format => 'csv', header => 'true', sep => ';');
CREATE OR REFRESH STREAMING TABLE nohead AS SELECT * FROM STREAM read_files('data/c', format => 'csv', header => 'false', sep => ';', pathGlobFilter => '*.csv');
`,
    });
    putFile(dir, 'data/c/1.csv', 'id;v\n1;a\n');
    putFile(dir, 'data/c/2.txt', 'id;v\n2;b\n');
    const ls = await runCli(['ls', '--project', dir], dir);
    expect(ls.stdout).toMatch(/txt\s+<- files:data\/c\/\*\*\/\*\.txt/);
    expect(ls.stdout).toMatch(/bycsv\s+<- files:data\/c\/\*\*\/\*\.csv/);
    // No filter: the id every manifest and ledger already has.
    expect(ls.stdout).toMatch(/every\s+<- files:data\/c\n/);
    const first = await runCli(['run', '--project', dir], dir);
    expect(first.code).toBe(0);
    const ids = async (t: string) => (await query(dir, `SELECT id::INT AS id FROM ${t} ORDER BY id`)).map((r) => r.id);
    expect(await ids('txt')).toEqual([2]);
    expect(await ids('bycsv')).toEqual([1]);
    expect(await ids('every')).toEqual([1, 2]);
    // Without a header Spark names the columns _c0, _c1 (DuckDB: column0, column1).
    expect(await query(dir, 'SELECT _c0, _c1 FROM nohead ORDER BY _c1')).toEqual([{ _c0: '1', _c1: 'a' }, { _c0: 'id', _c1: 'v' }]);

    putFile(dir, 'data/c/3.txt', 'id;v\n3;c\n');
    await runCli(['run', '--project', dir], dir);
    expect(await ids('txt')).toEqual([2, 3]);
    expect(await ids('every')).toEqual([1, 2, 3]);
    expect(runResultOf(dir, 'bycsv').status).toBe('IDLE');
    // A ledger written before filters were part of the source id (`files:data/c`) still counts: nothing is re-read.
    await runSql(join(dir, 'target', 'opts.duckdb'), `UPDATE _weir.file_ledger SET source = 'files:data/c' WHERE flow = 'txt'`);
    await runCli(['run', '--project', dir], dir);
    expect(runResultOf(dir, 'txt').status).toBe('IDLE');
    expect(await ids('txt')).toEqual([2, 3]);
    // A full refresh of one reader reprocesses all ITS files, not the other reader's.
    await runCli(['run', '--project', dir, '--full-refresh', 'every'], dir);
    expect(await ids('every')).toEqual([1, 2, 3]);
    expect(await ids('bycsv')).toEqual([1]);
  });
});

describe('JSON values that do not fit a declared schema', () => {
  it('are dropped and counted, or kept with the misfits in _rescued_data; fields the schema does not name are rescued', async () => {
    const dir = writeProject({
      'weir.yml': 'name: opts\n',
      'p.sql': `CREATE OR REFRESH STREAMING TABLE j AS SELECT * FROM STREAM read_files('data/j', format => 'json', schema => 'id INT, amount INT');
CREATE OR REFRESH STREAMING TABLE jr AS SELECT *, _metadata.file_path AS src FROM STREAM read_files('data/j', format => 'json', schema => 'id INT, amount INT', rescuedDataColumn => '_rescued_data');
CREATE OR REFRESH STREAMING TABLE bad AS SELECT * FROM STREAM read_files('data/b', format => 'json', schema => 'id INT, amount INT');
CREATE OR REFRESH STREAMING TABLE badr AS SELECT * FROM STREAM read_files('data/b', format => 'json', schema => 'id INT, amount INT', rescuedDataColumn => '_rescued_data');
`,
    });
    putFile(dir, 'data/j/1.json', '{"id":1,"amount":10}\n{"id":3,"amount":"abc","extra":"x"}\n{"id":4,"amount":null,"note":{"a":1}}\n');
    // A malformed line AND a value of the wrong type (the audit's j6).
    putFile(dir, 'data/b/1.json', '{"id":1,"amount":10}\n{"id":2,"amount":\n{"id":3,"amount":"abc"}\n');
    const first = await runCli(['run', '--project', dir], dir);
    expect(first.stdout).not.toMatch(/weir-cleaned|Failed to cast|No files found/);
    expect(first.code).toBe(0);
    // No rescue: the record with "abc" is dropped, counted and kept in _weir.rejected_rows; read = written + dropped.
    expect(await query(dir, 'SELECT id::INT AS id, amount::INT AS amount FROM j ORDER BY id')).toEqual([{ id: 1, amount: 10 }, { id: 4, amount: null }]);
    expect(runResultOf(dir, 'j')).toMatchObject({ rows_read: 3, rows_written: 2, rows_dropped: 1 });
    expect(await query(dir, `SELECT line::INT AS line, column_name, error_message FROM _weir.rejected_rows WHERE dataset = 'j'`)).toEqual([
      { line: 2, column_name: 'amount', error_message: 'could not convert "abc" to INTEGER in field amount' },
    ]);
    // Rescue (Databricks' rescued data column): the row is kept, id read, the misfit and the unknown fields rescued.
    const path = join(dir, 'data/j/1.json');
    expect(await query(dir, 'SELECT id::INT AS id, amount::INT AS amount, _rescued_data AS r, src FROM jr ORDER BY id')).toEqual([
      { id: 1, amount: 10, r: null, src: path },
      { id: 3, amount: null, r: JSON.stringify({ amount: 'abc', extra: 'x', _file_path: path }), src: path },
      { id: 4, amount: null, r: JSON.stringify({ note: { a: 1 }, _file_path: path }), src: path },
    ]);
    expect(runResultOf(dir, 'jr')).toMatchObject({ rows_read: 3, rows_written: 3, rows_dropped: 0 });
    expect(first.stdout).toMatch(/2 input rows kept, with the values that do not fit the schema moved to _rescued_data: \S*1\.json:2 \(amount\), \S*1\.json:3 \(note\)/);
    // A malformed line next to a type error: both taken out and counted, no internal path in any message.
    expect(await query(dir, 'SELECT id::INT AS id FROM bad')).toEqual([{ id: 1 }]);
    expect(runResultOf(dir, 'bad')).toMatchObject({ rows_read: 3, rows_written: 1, rows_dropped: 2 });
    expect(await query(dir, `SELECT id::INT AS id, _rescued_data->>'amount' AS amount, _rescued_data->>'_corrupt_record' AS raw FROM badr ORDER BY id NULLS LAST`)).toEqual([
      { id: 1, amount: null, raw: null }, { id: 3, amount: 'abc', raw: null }, { id: null, amount: null, raw: '{"id":2,"amount":' },
    ]);
    // Incremental: only the new file is read.
    putFile(dir, 'data/j/2.json', '{"id":5,"amount":"x5"}\n');
    await runCli(['run', '--project', dir], dir);
    expect(runResultOf(dir, 'j')).toMatchObject({ rows_read: 1, rows_written: 0, rows_dropped: 1 });
    expect(await query(dir, `SELECT id::INT AS id, _rescued_data->>'amount' AS amount FROM jr WHERE id = 5`)).toEqual([{ id: 5, amount: 'x5' }]);
  });
});

describe('Auto Loader JSON read as strings (inferColumnTypes false)', () => {
  it('stores string values without their JSON quotes, nested values as JSON text; schemaHints type their columns', async () => {
    const dir = writeProject({
      'weir.yml': 'name: opts\n',
      'p.sql': `CREATE OR REFRESH STREAMING TABLE s AS SELECT * FROM cloud_files('data/js', 'json');
CREATE OR REFRESH STREAMING TABLE h AS SELECT * FROM cloud_files('data/js', 'json', map('cloudFiles.schemaHints', 'n INT, d DATE'));
`,
    });
    putFile(dir, 'data/js/a.json', '{"n": 1, "s": "a \\"q\\"", "d": "2024-01-02", "o": {"k": [1, 2]}, "z": null}\n{"n": "oops", "s": "b", "d": null, "o": null, "z": null}\n');
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await query(dir, 'SELECT n, s, d, o, z FROM s ORDER BY s')).toEqual([
      { n: '1', s: 'a "q"', d: '2024-01-02', o: '{"k":[1,2]}', z: null },
      { n: 'oops', s: 'b', d: null, o: null, z: null },
    ]);
    expect((await query(dir, 'DESCRIBE h')).map((c) => [c.column_name, c.column_type])).toEqual([
      ['n', 'INTEGER'], ['s', 'VARCHAR'], ['d', 'DATE'], ['o', 'VARCHAR'], ['z', 'VARCHAR'], ['_rescued_data', 'VARCHAR'],
    ]);
    expect(await query(dir, `SELECT n, s, d::VARCHAR AS d FROM h ORDER BY s`)).toEqual([
      { n: 1, s: 'a "q"', d: '2024-01-02' }, { n: null, s: 'b', d: null },
    ]);
  });
});

describe('Auto Loader defaults of published pipelines (audit 7)', () => {
  it('a CSV without a schema has a header, Auto Loader adds _rescued_data, `*` has no file-name column, adjacent strings join', async () => {
    const dir = writeProject({
      'weir.yml': 'name: opts\n',
      'p.sql': `CREATE OR REFRESH STREAMING TABLE customers AS SELECT *, input_file_name() AS source_file FROM cloud_files('data/customers', 'csv');
CREATE OR REFRESH STREAMING TABLE events AS SELECT * EXCEPT (kind), _metadata.file_path AS f FROM cloud_files('data/events', 'json', map('cloudFiles.inferColumnTypes', 'true'));
CREATE OR REFRESH MATERIALIZED VIEW wide AS SELECT * FROM read_files('data/wide.csv', format => 'csv', header => 'false');
CREATE OR REFRESH MATERIALIZED VIEW typed AS SELECT * FROM read_files('data/t.csv', format => 'csv', header => 'true', schema => 'a STRING, ' 'b INT');
`,
    });
    putFile(dir, 'data/customers/1.csv', 'customer_id,city\n12,Los Angeles\n13,Chicago\n');
    putFile(dir, 'data/events/1.json', '{"id": 1, "kind": "a", "day": "01-07-2023", "at": "01-07-2023 12:00:00", "iso": "2023-07-01"}\n');
    putFile(dir, 'data/wide.csv', `${Array.from({ length: 11 }, (_, i) => i).join(',')}\n`);
    putFile(dir, 'data/t.csv', 'a,b\nx,1\n');
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(0);
    const cols = async (t: string) => (await query(dir, `DESCRIBE ${t}`)).map((c) => `${String(c.column_name)}:${String(c.column_type)}`);
    expect(await cols('customers')).toEqual(['customer_id:VARCHAR', 'city:VARCHAR', '_rescued_data:VARCHAR', 'source_file:VARCHAR']);
    expect(await query(dir, 'SELECT customer_id FROM customers ORDER BY 1')).toEqual([{ customer_id: '12' }, { customer_id: '13' }]);
    // Spark infers ISO dates only: a day-first or month-first text stays a string.
    expect(await cols('events')).toEqual(['id:BIGINT', 'day:VARCHAR', 'at:VARCHAR', 'iso:DATE', '_rescued_data:VARCHAR', 'f:VARCHAR']);
    expect((await cols('wide')).slice(9, 11)).toEqual(['_c9:BIGINT', '_c10:BIGINT']);
    expect(await query(dir, 'SELECT a, b FROM typed')).toEqual([{ a: 'x', b: 1 }]);
  });
});

describe('a declared column the files do not have (audit 7)', () => {
  it('is WEIR4058 at the column in validate and in the run, not DuckDB\'s words about Weir\'s EXCLUDE list', async () => {
    const dir = writeProject({
      'weir.yml': 'name: opts\n',
      'p.sql': `CREATE OR REFRESH STREAMING TABLE customers (
  id STRING,
  phone STRING
) AS SELECT * FROM STREAM read_files('data/c', format => 'json');
`,
    });
    putFile(dir, 'data/c/1.json', '{"id": "1", "email": "a@x"}\n');
    const v = await runCli(['validate', '--project', dir], dir);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain("p.sql:3:3: error WEIR4058: customers declares column 'phone', which its query does not produce");
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("p.sql:3:3: WEIR4058: customers declares column 'phone', which its query does not produce");
    expect(r.stdout).not.toContain('EXCLUDE');
  });
});
