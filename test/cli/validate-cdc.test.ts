import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, writeProject } from '../helpers/cli.js';

/**
 * `weir validate` checks AUTO CDC's KEYS, COLUMNS [* EXCEPT] and TRACK HISTORY names against the source's
 * bound columns, as `weir run` does (WEIR6001 / WEIR6003), at the name's position with the candidates as hint.
 */
const RAW = `CREATE OR REFRESH STREAMING TABLE raw AS SELECT * FROM STREAM read_files('d', format => 'json');\n`;
const flows = (keys: string, columns: string, track: string): string => `${RAW}CREATE OR REFRESH STREAMING TABLE tgt;
CREATE FLOW f AS AUTO CDC INTO tgt FROM STREAM(raw) KEYS (${keys}) SEQUENCE BY ts;
CREATE OR REFRESH STREAMING TABLE tgt2;
CREATE FLOW f2 AS AUTO CDC INTO tgt2 FROM STREAM(raw) KEYS (id) SEQUENCE BY ts COLUMNS ${columns};
CREATE OR REFRESH STREAMING TABLE tgt3;
CREATE FLOW f3 AS AUTO CDC INTO tgt3 FROM STREAM(raw) KEYS (id) SEQUENCE BY ts STORED AS SCD TYPE 2 TRACK HISTORY ON (${track});
CREATE OR REFRESH MATERIALIZED VIEW after AS SELECT id, ts FROM tgt2;
`;

describe('weir validate: AUTO CDC column clauses', () => {
  const dir = writeProject({
    'weir.yml': 'name: cdcv\n',
    'a.sql': flows('id', '* EXCEPT (v)', 'v'),
    'd/1.json': '{"id": 1, "ts": 1, "v": "a"}\n',
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports unknown KEYS, COLUMNS and TRACK HISTORY names at the name, with the source columns as hint', async () => {
    const clean = await runCli(['validate', '--project', dir], dir);
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    // After a clean validate (its cache holds every dataset), a changed KEYS list alone is checked again, not a cache hit.
    writeFileSync(join(dir, 'a.sql'), flows('idd', '* EXCEPT (v)', 'v'));
    const keysOnly = await runCli(['validate', '--project', dir], dir);
    expect([keysOnly.code, [...keysOnly.stderr.matchAll(/error (WEIR\d+)/g)].map((m) => m[1])]).toEqual([1, ['WEIR6001']]);
    writeFileSync(join(dir, 'a.sql'), flows('idd', '* EXCEPT (nope)', 'vv'));
    const r = await runCli(['validate', '--project', dir], dir);
    expect(r.code).toBe(1);
    const found = [...r.stderr.matchAll(/^a\.sql:(\d+:\d+): error (WEIR\d+): (.*)\n(?:.*\n){2}\s+hint: (.*)$/gm)].map((m) => m.slice(1).join(' | '));
    expect(found).toEqual([
      "3:59 | WEIR6001 | KEYS names column 'idd', which the change rows do not have | did you mean 'id'?",
      "5:98 | WEIR6003 | COLUMNS names column 'nope', which the change rows do not have | the change rows have: id, ts, v",
      "7:119 | WEIR6003 | TRACK HISTORY names column 'vv', which the change rows do not have | did you mean 'v'?",
    ]);
    // What reads a target is still bound: `after` reads tgt2's columns (one pass).
    expect(r.stderr).not.toContain('not validated');
  });
});

describe('weir validate: expectations on a CDC target', () => {
  const project = (cond: string): string => `${RAW}CREATE OR REFRESH STREAMING TABLE tgt (CONSTRAINT ok EXPECT (${cond}) ON VIOLATION DROP ROW);
CREATE FLOW f AS AUTO CDC INTO tgt FROM STREAM(raw) KEYS (id) SEQUENCE BY ts COLUMNS * EXCEPT (op);
`;
  const dir = writeProject({ 'weir.yml': 'name: cdcx\n', 'a.sql': project("op <> 'SKIP'"), 'd/1.json': '{"id": 1, "ts": 1, "op": "U"}\n' });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('binds them over the change events, as the run checks them: an event-only column is fine, an unknown one is not', async () => {
    const ok = await runCli(['validate', '--project', dir], dir);
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    writeFileSync(join(dir, 'a.sql'), project("opp <> 'SKIP'"));
    const bad = await runCli(['validate', '--project', dir], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/a\.sql:2:\d+: error WEIR4050: [^\n]*opp/);
  });
});
