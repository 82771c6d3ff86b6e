import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryReadOnly, runCli, runResultOf, runSql, writeProject } from '../helpers/cli.js';

// SEMANTICS §3 / §6: a file is ingested once per flow (by its path, size and modification time), whatever the
// glob that found it is spelled like; files of one batch with different columns are merged by name; an ingested
// file that changed is not read again, and the run says so as a warning `--warn-error` catches.

async function parquet(path: string, select: string): Promise<void> {
  mkdirSync(join(path, '..'), { recursive: true });
  await runSql(':memory:', `COPY (${select}) TO '${path}' (FORMAT PARQUET)`);
}

const query = (dir: string, sql: string) => queryReadOnly(join(dir, 'target', 'ident.duckdb'), sql);
const status = (dir: string, id: string) => runResultOf(dir, id).status;

describe('file identity and batch schemas', () => {
  it('merges files with different columns by name; never re-reads a file through a glob spelled differently', async () => {
    const dir = writeProject({
      'weir.yml': 'name: ident\nconfiguration:\n  data: data\n',
      'p.sql': "CREATE OR REFRESH STREAMING TABLE raw AS SELECT * FROM STREAM read_files('${data}/in/*.parquet', format => 'parquet');\n",
    });
    // The wider file sorts first, then the narrower: one batch, matched by name.
    await parquet(join(dir, 'data/in/a.parquet'), "SELECT 1 AS id, 10 AS v, 'x' AS extra");
    await parquet(join(dir, 'data/in/b.parquet'), 'SELECT 2 AS id, 20 AS v');
    const first = await runCli(['run', '--project', dir], dir);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(await query(dir, 'SELECT id::INT AS id, v::INT AS v, extra FROM raw ORDER BY id')).toEqual([
      { id: 1, v: 10, extra: 'x' }, { id: 2, v: 20, extra: null },
    ]);
    // The same folder through an absolute path and a ./ path: nothing is new.
    for (const data of [join(dir, 'data'), './data']) {
      const again = await runCli(['run', '--project', dir, '--conf', `data=${data}`], dir);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(status(dir, 'raw')).toBe('IDLE');
    }
    expect(await query(dir, 'SELECT count(*)::INT AS n FROM raw')).toEqual([{ n: 2 }]);

    // An ingested file rewritten: not read again, and a warning (WARN; --warn-error fails the run).
    await parquet(join(dir, 'data/in/b.parquet'), 'SELECT 2 AS id, 21 AS v UNION ALL SELECT 3, 30');
    utimesSync(join(dir, 'data/in/b.parquet'), new Date(), new Date(Date.now() + 5000));
    const changed = await runCli(['run', '--project', dir, '--warn-error'], dir);
    expect(changed.code).toBe(1);
    expect(status(dir, 'raw')).toBe('WARN');
    expect(changed.stdout).toMatch(/b\.parquet changed since it was ingested; it is not read again \(run --full-refresh raw to reprocess\)/);
    expect(await query(dir, 'SELECT count(*)::INT AS n FROM raw')).toEqual([{ n: 2 }]);
  });
});

describe('weir run refuses what weir compile rejects', () => {
  it('a column list that does not match the query stops the run before anything is written', async () => {
    const dir = writeProject({
      'weir.yml': 'name: ident\n',
      'p.sql': 'CREATE MATERIALIZED VIEW m (a BIGINT, b STRING) AS SELECT 1 AS a, 2 AS c;\n',
    });
    writeFileSync(join(dir, 'ok.sql'), 'CREATE MATERIALIZED VIEW fine AS SELECT 1 AS x;\n');
    const run = await runCli(['run', '--project', dir], dir);
    expect(run.code).toBe(1);
    expect(run.stderr + run.stdout).toMatch(/WEIR4059[\s\S]*Run not started: fix the errors above\. Nothing was written\./);
    expect(await runCli(['compile', '--project', dir], dir)).toMatchObject({ code: 1 });
  });
});
