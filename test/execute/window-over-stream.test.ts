import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queryReadOnly, readRunResults, runCli, writeProject } from '../helpers/cli.js';

/**
 * The dedupe-latest pattern on a stream (a window filtered on its own result over `STREAM(x)`) hit a DuckDB 1.5
 * bug ("INTERNAL Error: Failed to bind column reference") through its top-N window optimizer; Weir turns that
 * optimizer off for such pipelines and their compiled scripts (src/util/duckdb-settings.ts).
 */
describe('a window function over a stream read', () => {
  const dir = writeProject({
    'weir.yml': 'name: win\n',
    'p.sql': `CREATE OR REFRESH STREAMING TABLE raw AS SELECT * FROM STREAM read_files('data/*.json', format => 'json');
CREATE OR REFRESH STREAMING TABLE latest AS
{{ dedupe_latest('STREAM(LIVE.raw)', 'id', 'ts') }};
CREATE OR REFRESH STREAMING TABLE ranked AS
SELECT * FROM STREAM(raw) QUALIFY row_number() OVER (PARTITION BY id ORDER BY ts DESC) = 1;
`,
    'data/1.json': '{"id":1,"ts":1,"v":"a"}\n{"id":1,"ts":2,"v":"b"}\n{"id":2,"ts":1,"v":"c"}\n',
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'target', 'win.duckdb');

  it('runs, twice, and keeps the latest row per key of each batch', async () => {
    const first = await runCli(['run', '--project', dir], dir);
    expect(first.stdout + first.stderr).not.toContain('INTERNAL');
    expect(first.code).toBe(0);
    writeFileSync(join(dir, 'data', '2.json'), '{"id":1,"ts":3,"v":"d"}\n{"id":3,"ts":1,"v":"e"}\n{"id":3,"ts":0,"v":"f"}\n');
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    expect(readRunResults(dir).results.find((r) => r.unique_id === 'latest')?.rows_written).toBe(2);
    for (const t of ['latest', 'ranked']) {
      const rows = await queryReadOnly(db, `SELECT list(v ORDER BY v) AS v FROM ${t}`);
      expect(rows[0].v).toEqual(['b', 'c', 'd', 'e']);
    }
  });

  it('the compiled script carries the same setting', async () => {
    expect((await runCli(['compile', '--project', dir], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'target', 'compiled', 'latest.sql'), 'utf8')).toContain("SET disabled_optimizers = 'top_n_window_elimination'");
    expect(readFileSync(join(dir, 'target', 'compiled', 'raw.sql'), 'utf8')).not.toContain('disabled_optimizers');
  });
});
