import { describe, expect, it } from 'vitest';
import { putFile, queryReadOnly, readRunResults, runCli, runSql, writeProject } from '../helpers/cli.js';
import { join } from 'node:path';

// SEMANTICS §3: a flow reading files processes only files it has not ingested — an AUTO CDC flow too (audit 8:
// it read every file again on every run, duplicating quarantine and violation rows and re-counting metrics).
describe('an AUTO CDC flow reading files', () => {
  it('ingests each file once: a rerun is IDLE, quarantine and CDC violations are not repeated', async () => {
    const dir = writeProject({
      'weir.yml': 'name: x\n',
      'a.sql': `CREATE STREAMING TABLE customers (CONSTRAINT has_name EXPECT (name IS NOT NULL) ON VIOLATION DROP ROW)
  TBLPROPERTIES ('weir.quarantine' = 'true');
CREATE FLOW customers_cdc AS AUTO CDC INTO customers
  FROM STREAM read_files('d', format => 'csv', schema => 'id INT, name STRING, seq INT', header => true)
  KEYS (id) SEQUENCE BY seq;
`,
      'd/1.csv': 'id,name,seq\n1,a,1\n2,,1\n3,c,\n',
    });
    const status = (): string | undefined => readRunResults(dir).results.find((r) => r.unique_id === 'customers')?.status;
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    expect(status()).toBe('WARN');
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    expect(status()).toBe('IDLE');
    putFile(dir, 'd/2.csv', 'id,name,seq\n1,a2,2\n');
    await runCli(['run', '--project', dir], dir);
    expect(readRunResults(dir).results.find((r) => r.unique_id === 'customers')).toMatchObject({ rows_read: 1, files_read: 1 });
    const db = join(dir, 'target', 'x.duckdb');
    expect(await queryReadOnly(db, `SELECT (SELECT count(*) FROM customers_quarantine)::INT AS q,
      (SELECT count(*) FROM _weir_private.customers__cdc_violations)::INT AS v, (SELECT string_agg(name, ',' ORDER BY id) FROM customers) AS names`))
      .toEqual([{ q: 1, v: 1, names: 'a2' }]);
  });
});

// Spark merges CSV files whose headers differ; DuckDB reads a batch with one file's columns (audit 8: a first run
// or a full refresh dropped a later file's new column, or failed when the wider file came first).
describe('CSV files whose headers differ, read in one update', () => {
  it('keep every column, in either file order, as when they arrive one run at a time', async () => {
    for (const [first, second] of [['a.csv', 'b.csv'], ['b.csv', 'a.csv']]) {
      const dir = writeProject({
        'weir.yml': 'name: h\n',
        'a.sql': "CREATE STREAMING TABLE rf AS SELECT * FROM STREAM read_files('d', format => 'csv', header => true);\n",
        [`d/${first}`]: 'id,amt\n1,10\n',
        [`d/${second}`]: 'id,amt,country\n2,20,FR\n',
      });
      expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
      expect(await queryReadOnly(join(dir, 'target', 'h.duckdb'), 'SELECT id::INT AS id, country FROM rf ORDER BY id'))
        .toEqual([{ id: 1, country: null }, { id: 2, country: 'FR' }]);
    }
  });
});

// Spark infers STRING for a JSON field that is null in every record or holds numbers and strings; DuckDB's reader
// types it JSON (audit 8: values kept their quotes, `= 'A7'` failed, and the next file's numbers were a type
// conflict that stopped ingestion).
describe('JSON fields DuckDB types JSON', () => {
  it('are stored as strings of their values, and later files append', async () => {
    const dir = writeProject({
      'weir.yml': 'name: j\n',
      'a.sql': `CREATE STREAMING TABLE raw AS SELECT * FROM STREAM read_files('d', format => 'json');
CREATE MATERIALIZED VIEW a7 AS SELECT id FROM raw WHERE code = 'A7';
`,
      'd/1.json': '{"id": 1, "code": 10, "x": null}\n{"id": 2, "code": "A7", "x": null}\n',
    });
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    putFile(dir, 'd/2.json', '{"id": 3, "code": "B", "x": 5}\n');
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    const db = join(dir, 'target', 'j.duckdb');
    expect(await queryReadOnly(db, 'SELECT id::INT AS id, code, length(code)::INT AS len, x FROM raw ORDER BY id')).toEqual([
      { id: 1, code: '10', len: 2, x: null }, { id: 2, code: 'A7', len: 2, x: null }, { id: 3, code: 'B', len: 1, x: '5' },
    ]);
    expect(await queryReadOnly(db, 'SELECT id::INT AS id FROM a7')).toEqual([{ id: 2 }]);
  });
});

// SEMANTICS §3: STREAM(x) reads the rows appended to x, by row id. A DELETE on x (an erasure request) changes the
// rows below a reader's offset and DuckDB renumbers row ids when it compacts: resuming would skip rows (audit 8).
// Like Databricks (DELTA_SOURCE_TABLE_IGNORE_CHANGES), the reader fails until it is fully refreshed.
describe('a STREAM reader after rows of its source were deleted', () => {
  it('fails with a hint instead of skipping rows, and reads everything after --full-refresh', async () => {
    const dir = writeProject({
      'weir.yml': 'name: del\n',
      'a.sql': `CREATE STREAMING TABLE raw AS SELECT id::int AS id FROM STREAM read_files('d', format => 'csv');
CREATE STREAMING TABLE clean AS SELECT * FROM STREAM(raw);
`,
      'd/1.csv': 'id\n1\n2\n3\n4\n5\n6\n',
    });
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    const db = join(dir, 'target', 'del.duckdb');
    // The last row clean read is among them: whether or not DuckDB compacts, its row id no longer holds it.
    await runSql(db, 'DELETE FROM raw WHERE id <= 4 OR id = 6; CHECKPOINT');
    putFile(dir, 'd/2.csv', 'id\n7\n8\n9\n10\n');
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('rows of raw were deleted since clean last read it');
    expect(r.stdout).toContain('run --full-refresh clean');
    expect((await runCli(['run', '--project', dir, '--full-refresh', 'clean'], dir)).code).toBe(0);
    expect(await queryReadOnly(db, 'SELECT list(id ORDER BY id)::VARCHAR AS v FROM clean')).toEqual([{ v: '[5, 7, 8, 9, 10]' }]);
    putFile(dir, 'd/3.csv', 'id\n11\n');
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    expect(await queryReadOnly(db, 'SELECT count(*)::INT AS n FROM clean')).toEqual([{ n: 6 }]);
  });
});

// Databricks rescues a CSV value its declared type cannot hold into the rescued data column and keeps the row's
// other values (audit 8: the whole row was NULL, the valid id lost).
describe('CSV with a declared schema and a rescued data column', () => {
  it('keeps the values that convert and rescues only the others; a line with another field count is rescued whole', async () => {
    const dir = writeProject({
      'weir.yml': 'name: cr\n',
      'a.sql': `CREATE STREAMING TABLE raw AS SELECT * FROM STREAM read_files('c', format => 'csv', header => true,
  schema => 'id INT, amount INT, note STRING', rescuedDataColumn => '_rescued_data');
`,
      'c/1.csv': 'id,amount,note\n1,10,ok\n2,abc,"x, y"\n3,4,5,6\n',
    });
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    const rows = await queryReadOnly(join(dir, 'target', 'cr.duckdb'), 'SELECT id, amount, note, _rescued_data AS r FROM raw ORDER BY id NULLS LAST');
    expect(rows.slice(0, 2)).toEqual([
      { id: 1, amount: 10, note: 'ok', r: null },
      { id: 2, amount: null, note: 'x, y', r: expect.stringContaining('"amount":"abc"') },
    ]);
    expect(rows[2]).toMatchObject({ id: null, amount: null, r: expect.stringContaining('"_corrupt_record":"3,4,5,6') });
  });
});

// Spark reads a CSV record per line: a quote that never closes costs that line. DuckDB reads on to the end of the
// file (audit 8: the inferred read failed, the typed one lost every later line into one rejected "line").
describe('a CSV line with a quote that does not close', () => {
  it('is dropped and counted alone, with or without a declared schema', async () => {
    const dir = writeProject({
      'weir.yml': 'name: uq\n',
      'a.sql': `CREATE STREAMING TABLE inferred AS SELECT * FROM STREAM read_files('d', format => 'csv');
CREATE STREAMING TABLE typed AS SELECT * FROM STREAM read_files('d', format => 'csv', header => true, schema => 'id INT, comment STRING');
`,
      'd/1.csv': 'id,comment\n1,ok\n2,"broken\n3,fine\n4,"a ""quoted"" word"\n',
    });
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    const db = join(dir, 'target', 'uq.duckdb');
    for (const t of ['inferred', 'typed']) {
      expect(await queryReadOnly(db, `SELECT id::INT AS id, comment FROM ${t} ORDER BY id`), t)
        .toEqual([{ id: 1, comment: 'ok' }, { id: 3, comment: 'fine' }, { id: 4, comment: 'a "quoted" word' }]);
      expect(readRunResults(dir).results.find((r) => r.unique_id === t), t).toMatchObject({ rows_read: 4, rows_written: 3, rows_dropped: 1 });
    }
  });
});
