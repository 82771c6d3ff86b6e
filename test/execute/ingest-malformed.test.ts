import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { putFile, queryReadOnly, runCli, runResultOf, writeProject } from '../helpers/cli.js';

// Issue 4, "What bad input gets": malformed CSV / JSON rows are counted, kept in _rescued_data when asked, never
// silently lost; rows read = rows written + rows dropped; one bad line never fails the whole update unless the
// user asked for FAILFAST. Real projects on real DuckDB files, run twice where incrementality matters.

/** 50 good rows, then a line with too many fields (line 52) and one with too few (line 53). */
const BAD_CSV = ['id,amount,name', ...Array.from({ length: 50 }, (_, i) => `${i + 1},${(i + 1) * 1.5},n${i + 1}`), '99,1.0,x,EXTRA', '98'].join('\n') + '\n';

async function query(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  return queryReadOnly(join(dir, 'target', 'bad.duckdb'), sql);
}

describe('malformed CSV', () => {
  it('keeps the good rows, drops and counts the bad lines (file and line named), and rescues them when asked', async () => {
    const dir = writeProject({
      'weir.yml': 'name: bad\n',
      'p.sql': `CREATE OR REFRESH STREAMING TABLE c AS SELECT * FROM STREAM read_files('data/c/*.csv', format => 'csv', header => true);
CREATE OR REFRESH STREAMING TABLE c_sep AS SELECT * FROM STREAM read_files('data/c/*.csv', format => 'csv', header => true, sep => ',');
CREATE OR REFRESH STREAMING TABLE c_rescued (CONSTRAINT clean EXPECT (_rescued_data IS NULL))
AS SELECT *, _metadata.file_path AS src FROM STREAM read_files('data/c/*.csv', format => 'csv', header => true, rescuedDataColumn => '_rescued_data');
CREATE OR REFRESH STREAMING TABLE hinted AS SELECT * FROM STREAM read_files('data/h/*.csv', format => 'csv', header => true, schemaHints => 'id INT, amount DOUBLE');
CREATE OR REFRESH STREAMING TABLE strict AS SELECT * FROM STREAM read_files('data/c/*.csv', format => 'csv', header => true, mode => 'FAILFAST');
`,
    });
    putFile(dir, 'data/c/a.csv', BAD_CSV);
    putFile(dir, 'data/h/h.csv', 'id,amount,name\n1,2.5,a\nabc,3.0,b\n3,4.0,c\n');
    const first = await runCli(['run', '--project', dir], dir);
    expect(first.code).toBe(1);
    // Spark's dialect (',' and '"'): the three columns, not one column named "id,amount,name".
    expect((await query(dir, 'DESCRIBE c')).map((r) => r.column_name)).toEqual(['id', 'amount', 'name']);
    for (const t of ['c', 'c_sep']) {
      expect(await query(dir, `SELECT count(*)::INT AS n, sum(id)::INT AS s FROM ${t}`)).toEqual([{ n: 50, s: 1275 }]);
      expect(runResultOf(dir, t)).toMatchObject({ status: 'WARN', rows_read: 52, rows_written: 50, rows_dropped: 2,
        adapter_response: expect.objectContaining({ rows_rejected: 2 }) });
    }
    expect(first.stdout).toContain('2 malformed input rows dropped (rows: read 52 = written 50 + dropped 2), kept in _weir.rejected_rows:');
    expect(first.stdout).toMatch(/a\.csv:52: Expected Number of Columns: 3 Found: 4; \S*a\.csv:53: Expected Number of Columns: 3 Found: 1/);
    expect(await query(dir, `SELECT line::INT AS line, error_type, csv_line FROM _weir.rejected_rows WHERE dataset = 'c' ORDER BY line`)).toEqual([
      { line: 52, error_type: 'TOO MANY COLUMNS', csv_line: '99,1.0,x,EXTRA' },
      { line: 53, error_type: 'MISSING COLUMNS', csv_line: '98' },
    ]);
    // The event log carries the same balance.
    const events = await query(dir, `SELECT (details->>'$.flow_progress.metrics.num_input_rows')::INT AS read,
      (details->>'$.flow_progress.metrics.num_output_rows')::INT AS written, (details->>'$.flow_progress.data_quality.dropped_records')::INT AS dropped
      FROM _weir.event_log WHERE event_type = 'flow_progress' AND level = 'METRICS' AND origin.dataset_name = 'c'`);
    expect(events).toEqual([{ read: 52, written: 50, dropped: 2 }]);

    // Rescued: the bad lines are rows whose _rescued_data holds the raw line, its file and line; the expectation sees them.
    expect(runResultOf(dir, 'c_rescued')).toMatchObject({ status: 'WARN', rows_read: 52, rows_written: 52, rows_dropped: 0 });
    expect(first.stdout).toMatch(/2 malformed input rows kept with their raw text in _rescued_data: \S*a\.csv:52, \S*a\.csv:53/);
    const rescued = await query(dir, `SELECT id, _rescued_data->>'_corrupt_record' AS line, (_rescued_data->>'_line')::INT AS n, src
      FROM c_rescued WHERE _rescued_data IS NOT NULL ORDER BY n`);
    expect(rescued).toEqual([
      { id: null, line: '99,1.0,x,EXTRA', n: 52, src: join(dir, 'data/c/a.csv') },
      { id: null, line: '98', n: 53, src: join(dir, 'data/c/a.csv') },
    ]);
    expect(await query(dir, 'SELECT count(*)::INT AS n FROM c_rescued WHERE _rescued_data IS NULL AND id IS NOT NULL')).toEqual([{ n: 50 }]);
    expect(runResultOf(dir, 'c_rescued').expectations.find((e) => e.name === 'clean')).toMatchObject({ passed_records: 50, failed_records: 2 });

    // A value the hinted type cannot hold rejects its line, not the update.
    expect(runResultOf(dir, 'hinted')).toMatchObject({ status: 'WARN', rows_read: 3, rows_written: 2, rows_dropped: 1 });
    expect(await query(dir, 'SELECT id, amount FROM hinted ORDER BY id')).toEqual([{ id: 1, amount: 2.5 }, { id: 3, amount: 4 }]);
    expect(first.stdout).toMatch(/h\.csv:3: Error when converting column "id"\. Could not convert string "abc" to 'INTEGER'/);

    // FAILFAST: the malformed line fails that update only.
    expect(runResultOf(dir, 'strict').status).toBe('FAILED');

    // Second run: nothing new is IDLE (no line rejected or rescued twice); a new file's bad line is counted once.
    const idle = await runCli(['run', '--project', dir, '--exclude', 'strict'], dir);
    expect(idle.code).toBe(0);
    expect(runResultOf(dir, 'c').status).toBe('IDLE');
    putFile(dir, 'data/c/b.csv', 'id,amount,name\n51,1.0,p\n52,2.0,q,r\n');
    const second = await runCli(['run', '--project', dir, '--exclude', 'strict'], dir);
    expect(second.code).toBe(0);
    expect(runResultOf(dir, 'c')).toMatchObject({ rows_read: 2, rows_written: 1, rows_dropped: 1 });
    expect(await query(dir, 'SELECT count(*)::INT AS n FROM c')).toEqual([{ n: 51 }]);
    expect(await query(dir, `SELECT count(*)::INT AS n FROM _weir.rejected_rows WHERE dataset = 'c'`)).toEqual([{ n: 3 }]);
    expect(await query(dir, 'SELECT count(*)::INT AS n, count(_rescued_data)::INT AS r FROM c_rescued')).toEqual([{ n: 54, r: 3 }]);
  });
});

describe('malformed JSON', () => {
  it('one bad NDJSON line is dropped and counted (or rescued), the rest of the update goes on; FAILFAST fails', async () => {
    const dir = writeProject({
      'weir.yml': 'name: bad\n',
      'p.sql': `CREATE OR REFRESH STREAMING TABLE j AS SELECT *, _metadata.file_path AS src FROM STREAM read_files('data/j/*.json', format => 'json');
CREATE OR REFRESH STREAMING TABLE j_rescued AS SELECT *, _metadata.file_path AS src FROM STREAM read_files('data/j/*.json', format => 'json', rescuedDataColumn => '_rescued_data');
CREATE OR REFRESH STREAMING TABLE j_strict AS SELECT * FROM STREAM read_files('data/j/*.json', format => 'json', mode => 'FAILFAST');
CREATE OR REFRESH MATERIALIZED VIEW j_total AS SELECT sum(v)::INT AS total, count(*)::INT AS n FROM j;
`,
    });
    putFile(dir, 'data/j/1.json', '{"v": 1, "s": "a"}\nnot json\n{"v": 2, "s": "b"}\n');
    const first = await runCli(['run', '--project', dir], dir);
    expect(first.code).toBe(1);
    expect(runResultOf(dir, 'j')).toMatchObject({ status: 'WARN', rows_read: 3, rows_written: 2, rows_dropped: 1 });
    // The rows read from the file without its bad line still carry the user's path, not a copy's.
    expect(await query(dir, 'SELECT v::INT AS v, s, src FROM j ORDER BY v')).toEqual([
      { v: 1, s: 'a', src: join(dir, 'data/j/1.json') }, { v: 2, s: 'b', src: join(dir, 'data/j/1.json') },
    ]);
    expect(first.stdout).toMatch(/1 malformed input row dropped \(rows: read 3 = written 2 \+ dropped 1\), kept in _weir\.rejected_rows: \S*1\.json:2: not a valid JSON record/);
    expect(await query(dir, `SELECT line::INT AS line, csv_line FROM _weir.rejected_rows WHERE dataset = 'j'`)).toEqual([{ line: 2, csv_line: 'not json' }]);
    expect(runResultOf(dir, 'j_total').status).toBe('COMPLETED');
    expect(await query(dir, 'SELECT total, n FROM j_total')).toEqual([{ total: 3, n: 2 }]);
    // Rescued: three rows, the bad one with its raw line.
    expect(await query(dir, `SELECT v::INT AS v, _rescued_data->>'_corrupt_record' AS bad, (_rescued_data->>'_line')::INT AS line, src FROM j_rescued ORDER BY line NULLS FIRST, v`)).toEqual([
      { v: 1, bad: null, line: null, src: join(dir, 'data/j/1.json') },
      { v: 2, bad: null, line: null, src: join(dir, 'data/j/1.json') },
      { v: null, bad: 'not json', line: 2, src: join(dir, 'data/j/1.json') },
    ]);
    // FAILFAST: the update fails at the user's read_files call; the other datasets went on.
    expect(runResultOf(dir, 'j_strict').status).toBe('FAILED');
    expect(first.stdout).toMatch(/error: p\.sql:3:\d+: Invalid Input Error: Malformed JSON in file/);

    // Incremental: a new file (one good line, one bad, one whole file of bad lines) adds only its own rows and counts.
    putFile(dir, 'data/j/2.json', '{"v": 10, "s": "c"}\n{"v": 11,\n');
    putFile(dir, 'data/j/3.json', '{oops\n');
    const second = await runCli(['run', '--project', dir, '--exclude', 'j_strict'], dir);
    expect(second.code).toBe(0);
    expect(runResultOf(dir, 'j')).toMatchObject({ status: 'WARN', rows_read: 3, rows_written: 1, rows_dropped: 2, files_read: 2 });
    expect(await query(dir, 'SELECT total, n FROM j_total')).toEqual([{ total: 13, n: 3 }]);
    expect(await query(dir, `SELECT parse_filename(file_path) AS f, line::INT AS line FROM _weir.rejected_rows WHERE dataset = 'j' ORDER BY f, line`)).toEqual([
      { f: '1.json', line: 2 }, { f: '2.json', line: 2 }, { f: '3.json', line: 1 },
    ]);
    expect(await query(dir, 'SELECT count(*)::INT AS n, count(_rescued_data)::INT AS r FROM j_rescued')).toEqual([{ n: 6, r: 3 }]);
    // A third run reads nothing again.
    await runCli(['run', '--project', dir, '--exclude', 'j_strict'], dir);
    expect(runResultOf(dir, 'j').status).toBe('IDLE');
    expect(await query(dir, `SELECT count(*)::INT AS n FROM _weir.rejected_rows WHERE dataset = 'j'`)).toEqual([{ n: 3 }]);
  });
});
