import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryReadOnly, readRunResults, runCli, writeProject } from '../helpers/cli.js';

// checkCdcSpec runs before a CDC flow applies its batch (SEMANTICS §5, src/cdc/README.md): the flow's KEYS,
// COLUMNS and TRACK HISTORY against the change rows' columns, the sequence type against the state, the target's
// history columns against the SCD type. An error fails that dataset's update at the clause's file:line:col
// (rolled back, downstream SKIPPED); a warning is printed with its code and makes the update WARN.

const CHANGES = `CREATE OR REFRESH STREAMING TABLE changes AS
SELECT * FROM STREAM read_files('data/*.csv', format => 'csv', header => true);
`;

const flow = (name: string, clauses: string): string => `
CREATE OR REFRESH STREAMING TABLE ${name};
CREATE FLOW ${name}_cdc AS AUTO CDC INTO ${name}
FROM STREAM(changes)
${clauses};
`;

const strip = (out: string): string => out.replace(/ in \d+\.\d+s\]/g, ']');

async function errorEvent(dir: string, dataset: string): Promise<string> {
  const rows = await queryReadOnly(join(dir, 'target', 'demo.duckdb'), `SELECT details->>'$.flow_progress.error.message' AS m
    FROM _weir.event_log WHERE event_type = 'flow_progress' AND level = 'ERROR' AND origin.dataset_name = '${dataset}'`);
  return rows.map((r) => r.m as string).join('\n---\n');
}

describe('CDC clauses are checked against the change rows before anything is applied', () => {
  it('unknown or repeated KEYS, COLUMNS * EXCEPT of a key, unknown COLUMNS / TRACK HISTORY, a stored __START_AT', async () => {
    const dir = writeProject({
      'weir.yml': 'name: demo\n',
      'data/c.csv': 'id,v,seq,op,__START_AT\n1,a,1,U,x\n',
      'transformations/c.sql': CHANGES +
        flow('a', 'KEYS (idd)\nSEQUENCE BY seq\nSTORED AS SCD TYPE 1') +
        '\nCREATE OR REFRESH MATERIALIZED VIEW a_count AS SELECT count(*) AS n FROM a;\n' +
        flow('b', 'KEYS (id, id)\nSEQUENCE BY seq\nSTORED AS SCD TYPE 1') +
        flow('c', 'KEYS (id)\nSEQUENCE BY seq\nCOLUMNS * EXCEPT (op, id, vv)\nSTORED AS SCD TYPE 2\nTRACK HISTORY ON (zz)') +
        flow('d', 'KEYS (id)\nSEQUENCE BY seq\nCOLUMNS (v, seq)\nSTORED AS SCD TYPE 1'),
    });
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(1);
    const out = strip(r.stdout);
    expect(out).toContain([
      '2 of 6 FAIL a .................................................. [FAIL]',
      "    error: transformations/c.sql:7:7: error WEIR6001: KEYS names column 'idd', which the change rows do not have",
      '        7 | KEYS (idd)',
      '          |       ^^^',
      "    hint: did you mean 'id'?",
    ].join('\n'));
    expect(out).toContain([
      "    error: transformations/c.sql:16:11: error WEIR6008: key column 'id' is listed twice in KEYS",
      '        16 | KEYS (id, id)',
      '           |           ^^',
      "    hint: remove the second 'id'",
    ].join('\n'));
    const c = out.slice(out.indexOf('FAIL c '), out.indexOf(' d ....'));
    expect([...c.matchAll(/(\S+): error (WEIR\d+)/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      'transformations/c.sql:25:27 WEIR6003', 'transformations/c.sql:25:23 WEIR6002',
      'transformations/c.sql:27:19 WEIR6003', 'transformations/c.sql:25:1 WEIR6010',
    ]);
    expect(out).toContain("    warning: transformations/c.sql:34:1: warning WEIR6002: COLUMNS does not list key column 'id'; it is stored anyway (add 'id' to the COLUMNS list)");
    expect(out).toMatch(/SKIP a_count \.+ \[SKIPPED\]\n {4}skipped: upstream a was not updated/);
    expect(out).toContain('Done. PASS=1 WARN=1 ERROR=3 SKIP=1 NO-OP=0 TOTAL=6');
    // Rolled back: the failed targets were never created; the event log keeps the located error.
    const tables = await queryReadOnly(join(dir, 'target', 'demo.duckdb'),
      "SELECT table_name AS t FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1");
    expect(tables.map((t) => t.t)).toEqual(['changes', 'd']);
    expect(await errorEvent(dir, 'a')).toBe(
      "transformations/c.sql:7:7: error WEIR6001: KEYS names column 'idd', which the change rows do not have\n  7 | KEYS (idd)\n    |       ^^^");
    expect(readRunResults(dir).results.find((x) => x.unique_id === 'a')).toMatchObject({ status: 'FAILED' });
  }, 60_000);

  it('a sequence type or SCD type changed since the target was built: WEIR6004 / WEIR6009, previous rows kept', async () => {
    const sql = (seq: string, scd: number): string => CHANGES +
      flow('a', `KEYS (id)\nSEQUENCE BY ${seq}\nSTORED AS SCD TYPE 1`) + flow('b', `KEYS (id)\nSEQUENCE BY seq\nSTORED AS SCD TYPE ${scd}`);
    const dir = writeProject({ 'weir.yml': 'name: demo\n', 'data/1.csv': 'id,v,seq\n1,a,1\n', 'transformations/c.sql': sql('seq', 1) });
    const db = join(dir, 'target', 'demo.duckdb');
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    writeFileSync(join(dir, 'transformations', 'c.sql'), sql('CAST(seq AS DOUBLE)', 2));
    writeFileSync(join(dir, 'data', '2.csv'), 'id,v,seq\n1,b,2\n');
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(1);
    expect(strip(r.stdout)).toContain([
      '    error: transformations/c.sql:8:13: error WEIR6004: SEQUENCE BY is now DOUBLE but this target was built with BIGINT',
      '        8 | SEQUENCE BY CAST(seq AS DOUBLE)',
      '          |             ^^^^^^^^^^^^^^^^^^^',
      '    hint: keep the sequence type stable, or rebuild the target with --full-refresh a',
    ].join('\n'));
    expect(strip(r.stdout)).toContain([
      '    error: transformations/c.sql:12:36: error WEIR6009: the SCD type 2 target has no __START_AT or __END_AT column',
      '        12 | CREATE FLOW b_cdc AS AUTO CDC INTO b',
      '           |                                    ^',
      '    hint: the table was not built by an SCD type 2 flow: rebuild it with --full-refresh b',
    ].join('\n'));
    expect(await queryReadOnly(db, 'SELECT v FROM main.a UNION ALL SELECT v FROM main.b')).toEqual([{ v: 'a' }, { v: 'a' }]);
    // The remedy the hints name works: both rebuilt from all change rows.
    const fixed = await runCli(['run', '--project', dir, '--full-refresh', 'a,b'], dir);
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(await queryReadOnly(db, 'SELECT v, "__END_AT" AS e FROM main.b ORDER BY seq')).toEqual([{ v: 'a', e: '2' }, { v: 'b', e: null }]);
    // Back to SCD 1 without a full refresh: the history rows would stay next to the current ones.
    writeFileSync(join(dir, 'transformations', 'c.sql'), sql('CAST(seq AS DOUBLE)', 1));
    writeFileSync(join(dir, 'data', '3.csv'), 'id,v,seq\n1,c,3\n');
    const back = await runCli(['run', '--project', dir], dir);
    expect(back.stdout).toContain('error WEIR6009: the SCD type 1 target has __START_AT and __END_AT columns: it was built as SCD type 2');
    expect(Number((await queryReadOnly(db, 'SELECT count(*) AS n FROM main.b'))[0].n)).toBe(2);
  }, 60_000);

  it('a SEQUENCE BY or APPLY AS DELETE WHEN that does not bind fails at its own clause', async () => {
    const dir = writeProject({
      'weir.yml': 'name: demo\n', 'data/c.csv': 'id,v,seq,op\n1,a,1,U\n',
      'transformations/c.sql': CHANGES + flow('a', 'KEYS (id)\nSEQUENCE BY sq\nSTORED AS SCD TYPE 1') +
        flow('b', "KEYS (id)\nAPPLY AS DELETE WHEN opp = 'D'\nSEQUENCE BY seq\nSTORED AS SCD TYPE 1"),
    });
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain([
      '    error: transformations/c.sql:8:13: SEQUENCE BY: Binder Error: Referenced column "sq" not found in FROM clause!',
      '    hint: the change rows have: "seq"',
    ].join('\n'));
    expect(r.stdout).toContain('    error: transformations/c.sql:15:22: APPLY AS DELETE WHEN: Binder Error: Referenced column "opp" not found in FROM clause!');
  }, 60_000);
});
