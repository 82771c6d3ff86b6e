import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, writeProject } from '../helpers/cli.js';

/**
 * `weir lineage` of AUTO CDC targets: the stored columns are the source's after COLUMNS / * EXCEPT (plus
 * __START_AT / __END_AT for SCD 2), each a direct copy of the source column; and the argument's exit codes.
 */
describe('weir lineage: CDC targets and arguments', () => {
  const dir = writeProject({
    'weir.yml': 'name: cdcl\n',
    'a.sql': `CREATE OR REFRESH MATERIALIZED VIEW changes AS
SELECT * FROM VALUES (1, 'Ann', 'Oslo', 'U', 1) AS t(id, name, city, op, seq);
CREATE OR REFRESH STREAMING TABLE scd1;
CREATE FLOW f1 AS AUTO CDC INTO scd1 FROM changes KEYS (id) SEQUENCE BY seq COLUMNS * EXCEPT (op, seq);
CREATE OR REFRESH STREAMING TABLE scd2;
CREATE FLOW f2 AS AUTO CDC INTO scd2 FROM changes KEYS (id) SEQUENCE BY seq COLUMNS * EXCEPT (op) STORED AS SCD TYPE 2;
CREATE OR REFRESH STREAMING TABLE files_raw AS SELECT * FROM STREAM read_files('d', format => 'json');
CREATE OR REFRESH STREAMING TABLE declared (id BIGINT, city STRING);
CREATE FLOW f3 AS AUTO CDC INTO declared FROM STREAM(files_raw) KEYS (id) SEQUENCE BY seq COLUMNS * EXCEPT (op);
`,
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const lineage = async (...args: string[]) => {
    const r = await runCli(['lineage', ...args, '--project', dir], dir);
    return { ...r, json: r.code === 0 && args.includes('--json') ? JSON.parse(r.stdout) : undefined };
  };
  const upstreamOf = (json: any): string[] => json.upstream.filter((h: any) => h.depth === 1)
    .map((h: any) => `${h.root.column} <- ${h.node}.${h.column}${h.transform === 'derived' ? '*' : ''}`);

  it('SCD 1: the source columns minus the EXCEPT list, each a direct copy', async () => {
    const r = await lineage('scd1', '--upstream', '--json');
    expect(r.json.columns.map((c: any) => c.column)).toEqual(['id', 'name', 'city']);
    expect(upstreamOf(r.json)).toEqual(['id <- changes.id', 'name <- changes.name', 'city <- changes.city']);
  });

  it('SCD 2: plus __START_AT / __END_AT, computed from the sequence', async () => {
    const r = await lineage('scd2', '--upstream', '--json');
    expect(r.json.columns.map((c: any) => c.column)).toEqual(['id', 'name', 'city', 'seq', '__START_AT', '__END_AT']);
    expect(upstreamOf(r.json).slice(3)).toEqual(['seq <- changes.seq', '__START_AT <- changes.seq*', '__END_AT <- changes.seq*']);
  });

  it('a CDC target with declared columns over a file source: copies of the source columns, whose own lineage is unknown', async () => {
    const r = await lineage('declared.city', '--upstream');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(['declared.city', 'upstream:', '  files_raw.city',
      '    unknown: the columns of files_raw are unknown: the schema of files:d is known only when the files are read (`weir validate`, `weir run`)', ''].join('\n'));
  });

  it('an unknown dataset or column is a bad invocation (exit 2) with a suggestion', async () => {
    const d = await lineage('LIVE.scd3.city');
    expect([d.code, d.stderr.trim()]).toEqual([2, "weir: unknown dataset 'scd3' (did you mean scd1?)"]);
    const c = await lineage('scd1.cty');
    expect([c.code, c.stderr.trim()]).toEqual([2, "weir: dataset 'scd1' has no column 'cty' (did you mean scd1.city?)"]);
    expect((await lineage('LIVE.scd1.city')).code).toBe(0);
  });
});
