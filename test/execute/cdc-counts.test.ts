import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryReadOnly, readRunResults, runCli, writeProject } from '../helpers/cli.js';

// Issue 4 "in every update rows read = rows written + rows dropped and the log says so", for CDC flows
// (SEMANTICS §5): change rows balance as applied + ignored (late, superseded, re-delivered) + dropped (NULL key
// or sequence), and written / `+N rows` / num_output_rows are the rows inserted into the target, with
// num_upserted_rows (inserted or updated) and num_deleted_rows (removed). The same feed goes into an SCD 1 and an
// SCD 2 target over four runs.

const SQL = `CREATE OR REFRESH STREAMING TABLE changes AS
SELECT * FROM STREAM read_files('data/c/*.csv', format => 'csv', header => true);

CREATE OR REFRESH STREAMING TABLE hist;
CREATE FLOW hist_cdc AS AUTO CDC INTO hist
FROM STREAM(changes)
KEYS (id)
APPLY AS DELETE WHEN op = 'D'
SEQUENCE BY seq
COLUMNS * EXCEPT (op)
STORED AS SCD TYPE 2;

CREATE OR REFRESH STREAMING TABLE cur;
CREATE FLOW cur_cdc AS AUTO CDC INTO cur
FROM STREAM(changes)
KEYS (id)
APPLY AS DELETE WHEN op = 'D'
SEQUENCE BY seq
COLUMNS * EXCEPT (op)
STORED AS SCD TYPE 1;
`;

const BATCHES = [
  'id,v,seq,op\n1,a,1,U\n1,b,2,U\n2,x,1,U\n3,p,1,U\n3,q,3,U\n',
  // 3@2 is late: SCD 2 splits 3's first version, SCD 1 ignores it
  'id,v,seq,op\n1,c,4,U\n2,y,5,U\n3,late,2,U\n4,n,1,U\n',
  'id,v,seq,op\n1,,6,D\n2,z,7,U\n',
  'id,v,seq,op\n,k,8,U\n2,w,,U\n',
];

interface Flow { message: string; metrics: Record<string, number>; dropped: number }

async function flowEvents(db: string, run: string): Promise<Record<string, Flow>> {
  const rows = await queryReadOnly(db, `SELECT origin.dataset_name AS d, message, details->'$.flow_progress.metrics' AS m,
      CAST(details->>'$.flow_progress.data_quality.dropped_records' AS INTEGER) AS dropped
    FROM _weir.event_log WHERE origin.update_id = '${run}' AND event_type = 'flow_progress' AND level = 'METRICS'`);
  return Object.fromEntries(rows.map((r) => [r.d as string, { message: r.message as string, metrics: JSON.parse(r.m as string), dropped: r.dropped as number }]));
}

const count = async (db: string, table: string): Promise<number> =>
  Number((await queryReadOnly(db, `SELECT count(*) AS n FROM main.${table}`))[0].n);

describe('CDC row counts balance and tell what changed in the target', () => {
  it('SCD 1 and SCD 2 over four runs: late, superseded and NULL-key / NULL-sequence rows are counted', async () => {
    const dir = writeProject({ 'weir.yml': 'name: demo\n', 'transformations/c.sql': SQL, 'data/c/.keep': '' });
    const db = join(dir, 'target', 'demo.duckdb');
    const outputs: string[] = [];
    const events: Record<string, Flow>[] = [];
    const sizes: number[][] = [];
    for (const [i, batch] of BATCHES.entries()) {
      writeFileSync(join(dir, 'data', 'c', `${i + 1}.csv`), batch);
      const r = await runCli(['run', '--project', dir], dir);
      expect(r.code, r.stdout).toBe(0);
      outputs.push(r.stdout.replace(/ in \d+\.\d+s\]/g, ']').split('\n').filter((l) => / (cur|hist) |warning/.test(l) && !/START/.test(l)).join('\n'));
      events.push(await flowEvents(db, readRunResults(dir).metadata.run_id));
      sizes.push([await count(db, 'cur'), await count(db, 'hist')]);
    }
    expect(sizes).toEqual([[3, 5], [4, 9], [3, 10], [3, 10]]);

    const line = (e: Flow): string => e.message;
    expect(events.map((e) => line(e.cur))).toEqual([
      "Flow 'cur_cdc' has completed (read 5 = applied 3 + ignored 2 + dropped 0; target rows: 3 inserted, 0 updated, 0 deleted).",
      "Flow 'cur_cdc' has completed (read 4 = applied 3 + ignored 1 + dropped 0; target rows: 1 inserted, 2 updated, 0 deleted).",
      "Flow 'cur_cdc' has completed (read 2 = applied 2 + ignored 0 + dropped 0; target rows: 0 inserted, 1 updated, 1 deleted).",
      "Flow 'cur_cdc' has completed (read 2 = applied 0 + ignored 0 + dropped 2; target rows: 0 inserted, 0 updated, 0 deleted).",
    ]);
    expect(events.map((e) => line(e.hist))).toEqual([
      "Flow 'hist_cdc' has completed (read 5 = applied 5 + ignored 0 + dropped 0; target rows: 5 inserted, 0 updated, 0 deleted).",
      "Flow 'hist_cdc' has completed (read 4 = applied 4 + ignored 0 + dropped 0; target rows: 4 inserted, 3 updated, 0 deleted).",
      "Flow 'hist_cdc' has completed (read 2 = applied 2 + ignored 0 + dropped 0; target rows: 1 inserted, 2 updated, 0 deleted).",
      "Flow 'hist_cdc' has completed (read 2 = applied 0 + ignored 0 + dropped 2; target rows: 0 inserted, 0 updated, 0 deleted).",
    ]);
    // Databricks-shaped metrics: num_output_rows is the growth in rows inserted, and every event balances.
    expect(events[1].hist.metrics).toMatchObject({ num_output_rows: 4, num_upserted_rows: 7, num_deleted_rows: 0,
      num_input_rows: 4, num_applied_changes: 4, num_ignored_changes: 0 });
    expect(events[1].cur.metrics).toMatchObject({ num_output_rows: 1, num_upserted_rows: 3, num_deleted_rows: 0,
      num_input_rows: 4, num_applied_changes: 3, num_ignored_changes: 1 });
    for (const e of events.flatMap((x) => [x.cur, x.hist])) {
      expect(e.metrics.num_input_rows).toBe(e.metrics.num_applied_changes + e.metrics.num_ignored_changes + e.dropped);
    }
    expect(events[3].cur.dropped).toBe(2);

    expect(outputs[1]).toMatch(/2 of 3 OK cur \.+ \[\+1 row\]\n3 of 3 OK hist \.+ \[\+4 rows\]/);
    // The NULL key and NULL sequence rows: a coded warning per target, which makes the update WARN.
    expect(outputs[3]).toBe([
      '2 of 3 WARN cur ............................. [WARN 1 warning, +0 rows]',
      '    warning: WEIR6101: 2 change row(s) for cur have a NULL key or NULL sequence and were not applied (see "_weir_private"."cur__cdc_violations")',
      '3 of 3 WARN hist ............................ [WARN 1 warning, +0 rows]',
      '    warning: WEIR6101: 2 change row(s) for hist have a NULL key or NULL sequence and were not applied (see "_weir_private"."hist__cdc_violations")',
    ].join('\n'));
    const last = readRunResults(dir);
    expect(last.results.find((x) => x.unique_id === 'cur')).toMatchObject({ status: 'WARN', rows_read: 2, rows_written: 0, rows_dropped: 2,
      num_upserted_rows: 0, num_deleted_rows: 0 });
    expect(await queryReadOnly(db, `SELECT count(*)::INT AS n FROM _weir.event_log WHERE level = 'WARN' AND message LIKE 'WEIR6101: %'
      AND origin.update_id = '${last.metadata.run_id}'`)).toEqual([{ n: 2 }]);
  }, 60_000);

  it('two different events with one key and sequence: WEIR6102 with the key, the summary counts the WARN', async () => {
    const dir = writeProject({
      'weir.yml': 'name: demo\n', 'transformations/c.sql': SQL,
      'data/c/1.csv': 'id,v,seq,op\n1,a,1,U\n1,b,1,U\n2,x,1,U\n',
    });
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('    warning: WEIR6102: 1 key(s) of cur have different events with the same sequence: 1 @ 1 (a delete wins');
    expect(r.stdout).toContain('Done. PASS=1 WARN=2 ERROR=0 SKIP=0 NO-OP=0 TOTAL=3');
    const rows = await queryReadOnly(join(dir, 'target', 'demo.duckdb'), 'SELECT id, v FROM main.cur ORDER BY id');
    expect(rows).toEqual([{ id: '1', v: 'b' }, { id: '2', v: 'x' }]);
    const res = readRunResults(dir).results.find((x) => x.unique_id === 'hist')!;
    expect(res).toMatchObject({ status: 'WARN', rows_read: 3, rows_written: 2, rows_dropped: 0 });
  }, 60_000);
});
