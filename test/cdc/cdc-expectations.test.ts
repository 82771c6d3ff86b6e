import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastChecks, queryReadOnly, readRunResults, runCli, writeProject } from '../helpers/cli.js';

/**
 * Issue 5 "expectations on the target" (audit F3): the CONSTRAINTs declared on an AUTO CDC / APPLY CHANGES
 * target are checked on the batch's UPSERT events before they are applied, with SEMANTICS §4's semantics (warn
 * counts, DROP ROW removes the event, FAIL UPDATE rolls the target's update back), reported in the console, the
 * event log and run_results like any streaming table's. Delete and truncate events are not checked.
 */
const CHANGES = `CREATE OR REFRESH STREAMING TABLE changes AS
SELECT * FROM STREAM read_files('data/c/*.csv', format => 'csv', header => true);
`;

interface FlowEvent { level: string; message: string; quality: { dropped_records?: number; expectations: { name: string; passed_records: number; failed_records: number }[] } }

async function flowEvents(db: string, run: string, dataset: string): Promise<FlowEvent[]> {
  const rows = await queryReadOnly(db, `SELECT level, message, details->'$.flow_progress.data_quality' AS q FROM _weir.event_log
    WHERE origin.update_id = '${run}' AND origin.dataset_name = '${dataset}' AND event_type = 'flow_progress' AND level IN ('METRICS', 'ERROR')
    ORDER BY sequence`);
  return rows.map((r) => ({ level: r.level as string, message: r.message as string, quality: JSON.parse(r.q as string) }));
}

describe('expectations on a CDC target', () => {
  it('SCD 1: DROP ROW events are never applied, warn rules count; SCD 2: FAIL UPDATE rolls back, downstream SKIPPED, exit 1', async () => {
    const dir = writeProject({
      'weir.yml': 'name: demo\n',
      'transformations/f.sql': `${CHANGES}
CREATE OR REFRESH STREAMING TABLE cur (
  CONSTRAINT named EXPECT (name <> 'b2') ON VIOLATION DROP ROW,
  CONSTRAINT small EXPECT (id < 3));
CREATE FLOW cur_cdc AS AUTO CDC INTO cur FROM STREAM(changes) KEYS (id) APPLY AS DELETE WHEN op = 'D'
  SEQUENCE BY seq COLUMNS * EXCEPT (op) STORED AS SCD TYPE 1;

CREATE OR REFRESH STREAMING TABLE hist (CONSTRAINT named EXPECT (name <> 'b2') ON VIOLATION FAIL UPDATE);
APPLY CHANGES INTO hist FROM STREAM(changes) KEYS (id) APPLY AS DELETE WHEN op = 'D' SEQUENCE BY seq
  COLUMNS * EXCEPT (op) STORED AS SCD TYPE 2;

CREATE MATERIALIZED VIEW hist_count AS SELECT count(*) AS n FROM hist;
`,
      // The delete of 2 has a NULL name (it would fail both rules if deletes were checked).
      'data/c/1.csv': 'id,name,op,seq\n1,a,U,1\n2,,D,1\n2,b2,U,2\n3,c,U,1\n',
    });
    const db = join(dir, 'target', 'demo.duckdb');
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(1);
    // The b2 upsert is dropped before the apply, so key 2 stays deleted.
    expect(await queryReadOnly(db, 'SELECT id, name FROM main.cur ORDER BY id')).toEqual([{ id: '1', name: 'a' }, { id: '3', name: 'c' }]);
    expect(r.stdout).toMatch(/2 of 4 WARN cur \.+ \[WARN 2 expectations, \+2 rows in /);
    expect(r.stdout).toContain([
      '    expectation named (drop): 1 failed, 2 passed',
      '    expectation small (warn): 1 failed, 2 passed',
      '    rows: read 4 = applied 3 + ignored 0 + dropped 1',
    ].join('\n'));
    expect(r.stdout).toContain('error: transformations/f.sql:10:41: expectation named failed on 1 of 3 upsert events of hist (ON VIOLATION FAIL UPDATE): the update was rolled back');
    expect(r.stdout).toContain('    rows violating named (up to 5):\n      {"id":2,"name":"b2","op":"U","seq":2}');
    expect(r.stdout).toMatch(/SKIP hist_count/);
    expect(r.stdout).toContain('Done. PASS=1 WARN=1 ERROR=1 SKIP=1 NO-OP=0 TOTAL=4');
    // Rolled back: the SCD 2 target was not created.
    expect(await queryReadOnly(db, "SELECT count(*)::INT AS n FROM duckdb_tables() WHERE table_name = 'hist'")).toEqual([{ n: 0 }]);

    const run = readRunResults(dir).metadata.run_id;
    expect(lastChecks(dir, 'cur')).toMatchObject({
      named: { action: 'drop', passed_records: 2, failed_records: 1, status: 'warn' },
      small: { action: 'warn', passed_records: 2, failed_records: 1, status: 'warn' },
    });
    expect(readRunResults(dir).results.find((x) => x.unique_id === 'cur')).toMatchObject({ status: 'WARN', rows_read: 4, rows_dropped: 1 });
    expect(lastChecks(dir, 'hist')).toMatchObject({ named: { action: 'fail', passed_records: 2, failed_records: 1, status: 'fail' } });
    const [cur] = await flowEvents(db, run, 'cur');
    expect(cur.message).toContain('(read 4 = applied 3 + ignored 0 + dropped 1;');
    expect(cur.quality).toEqual({ dropped_records: 1, expectations: [
      { name: 'named', dataset: 'cur', passed_records: 2, failed_records: 1 },
      { name: 'small', dataset: 'cur', passed_records: 2, failed_records: 1 }] });
    const [hist] = await flowEvents(db, run, 'hist');
    expect(hist.level).toBe('ERROR');
    expect(hist.quality.expectations).toEqual([{ name: 'named', dataset: 'hist', passed_records: 2, failed_records: 1 }]);
  }, 60_000);

  it('two runs: each batch\'s upserts are checked, deletes never; quarantine grows; a later FAIL UPDATE keeps the old rows', async () => {
    const dir = writeProject({
      'weir.yml': 'name: demo\n',
      'transformations/f.sql': `${CHANGES}
CREATE OR REFRESH STREAMING TABLE cur (
  CONSTRAINT has_name EXPECT (name IS NOT NULL) ON VIOLATION DROP ROW,
  CONSTRAINT positive EXPECT (amount > 0) ON VIOLATION DROP ROW)
TBLPROPERTIES ('weir.quarantine' = 'true');
CREATE FLOW cur_cdc AS AUTO CDC INTO cur FROM STREAM(changes) KEYS (id) APPLY AS DELETE WHEN op = 'D'
  SEQUENCE BY seq COLUMNS * EXCEPT (op) STORED AS SCD TYPE 1;

CREATE OR REFRESH STREAMING TABLE hist (CONSTRAINT capped EXPECT (amount < 100) ON VIOLATION FAIL UPDATE);
CREATE FLOW hist_cdc AS AUTO CDC INTO hist FROM STREAM(changes) KEYS (id) APPLY AS DELETE WHEN op = 'D'
  SEQUENCE BY seq COLUMNS * EXCEPT (op) STORED AS SCD TYPE 2;
`,
      'data/c/1.csv': 'id,name,amount,op,seq\n1,a,10,U,1\n2,b,20,U,1\n3,,30,U,1\n4,d,-1,U,1\n',
    });
    const db = join(dir, 'target', 'demo.duckdb');
    const first = await runCli(['run', '--project', dir], dir);
    expect(first.code).toBe(0);
    expect(await queryReadOnly(db, 'SELECT id, name FROM main.cur ORDER BY id')).toEqual([{ id: '1', name: 'a' }, { id: '2', name: 'b' }]);
    expect(lastChecks(dir, 'cur')).toMatchObject({ has_name: { passed_records: 3, failed_records: 1 }, positive: { passed_records: 3, failed_records: 1 } });

    // Batch 2: a delete with no name and no amount (not checked: applied), an update that fails a DROP rule
    // (dropped: key 2 keeps b), a new key, and an amount over the SCD 2 target's FAIL UPDATE cap.
    writeFileSync(join(dir, 'data', 'c', '2.csv'), 'id,name,amount,op,seq\n1,,,D,2\n2,,25,U,2\n5,e,50,U,2\n6,f,500,U,2\n');
    const second = await runCli(['run', '--project', dir], dir);
    expect(second.code).toBe(1);
    expect(await queryReadOnly(db, 'SELECT id, name, amount FROM main.cur ORDER BY id'))
      .toEqual([{ id: '2', name: 'b', amount: '20' }, { id: '5', name: 'e', amount: '50' }, { id: '6', name: 'f', amount: '500' }]);
    // 3 upserts checked, the delete not counted.
    expect(lastChecks(dir, 'cur')).toMatchObject({ has_name: { passed_records: 2, failed_records: 1 }, positive: { passed_records: 3, failed_records: 0 } });
    expect(readRunResults(dir).results.find((x) => x.unique_id === 'cur')).toMatchObject({ rows_read: 4, rows_dropped: 1 });
    const run2 = readRunResults(dir).metadata.run_id;
    expect((await flowEvents(db, run2, 'cur'))[0].message).toContain('(read 4 = applied 3 + ignored 0 + dropped 1;');
    expect(second.stdout).toContain('warning: 1 dropped row(s) kept in cur_quarantine');
    expect(await queryReadOnly(db, 'SELECT id, op, _weir_failed_expectations AS f FROM main.cur_quarantine ORDER BY id, seq'))
      .toEqual([{ id: '2', op: 'U', f: ['has_name'] }, { id: '3', op: 'U', f: ['has_name'] }, { id: '4', op: 'U', f: ['positive'] }]);

    // The SCD 2 target keeps its first-run history, and so does its state: the next run meets the same batch.
    expect(second.stdout).toContain('expectation capped failed on 1 of 3 upsert events of hist (ON VIOLATION FAIL UPDATE)');
    expect(await queryReadOnly(db, 'SELECT id FROM main.hist ORDER BY id')).toEqual([1, 2, 3, 4].map((id) => ({ id: String(id) })));
    const third = await runCli(['run', '--project', dir], dir);
    expect(third.code).toBe(1);
    expect(third.stdout).toContain('expectation capped failed on 1 of 3 upsert events of hist');
  }, 60_000);

  it('a condition the change events cannot bind fails the update at the condition, naming the columns it may use', async () => {
    const dir = writeProject({
      'weir.yml': 'name: demo\n',
      'transformations/f.sql': `${CHANGES}
CREATE OR REFRESH STREAMING TABLE hist (CONSTRAINT open EXPECT (__END_AT IS NULL));
CREATE FLOW hist_cdc AS AUTO CDC INTO hist FROM STREAM(changes) KEYS (id) SEQUENCE BY seq STORED AS SCD TYPE 2;
`,
      'data/c/1.csv': 'id,name,seq\n1,a,1\n',
    });
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error: transformations/f.sql:4:65: expectation open of hist: Binder Error: Referenced column "__END_AT" not found in FROM clause');
    expect(r.stdout).toContain('hint: the expectations of a CDC target are checked on its change events before they are applied; a condition may use their columns: id, name, seq');
  }, 60_000);
});

describe('WEIR6102 across batches (audit F9)', () => {
  it('warns with the key when a different event meets the sequence stored by an earlier run', async () => {
    const dir = writeProject({
      'weir.yml': 'name: demo\n',
      'transformations/f.sql': `${CHANGES}
CREATE OR REFRESH STREAMING TABLE cur;
CREATE FLOW cur_cdc AS AUTO CDC INTO cur FROM STREAM(changes) KEYS (id) SEQUENCE BY seq STORED AS SCD TYPE 1;
`,
      'data/c/1.csv': 'id,city,seq\n3,R2,2\n4,X,1\n',
    });
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    writeFileSync(join(dir, 'data', 'c', '2.csv'), 'id,city,seq\n3,R3,2\n4,X,1\n');
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(0);
    // R3 > R2 wins (the documented rule); the identical re-delivery of 4 is not a conflict.
    expect(await queryReadOnly(join(dir, 'target', 'demo.duckdb'), 'SELECT id, city FROM main.cur ORDER BY id'))
      .toEqual([{ id: '3', city: 'R3' }, { id: '4', city: 'X' }]);
    expect(r.stdout).toContain('warning: WEIR6102: 1 key(s) of cur have different events with the same sequence: 3 @ 2 ' +
      '(a delete wins, then the greatest row by its values (see "Change data capture" in Weir\'s README); make SEQUENCE BY unique per key)');
    expect(r.stdout).toContain('Done. PASS=1 WARN=1 ERROR=0');
  }, 60_000);
});
