import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readRunResults, runCli, writeProject } from '../helpers/cli.js';

/** dbt's bare `--full-refresh` works on `weir run`: a full refresh of whatever the run selects. */
describe('weir run --full-refresh (bare)', () => {
  const dir = writeProject({
    'weir.yml': 'name: flags\n',
    'p.sql': `CREATE OR REFRESH STREAMING TABLE raw AS SELECT * FROM STREAM read_files('data/*.csv', format => 'csv', header => true);
CREATE OR REFRESH MATERIALIZED VIEW n AS SELECT count(*) AS n FROM raw;
`,
    'data/1.csv': 'id\n1\n2\n',
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reprocesses the selected datasets from all input', async () => {
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    const r = await runCli(['run', '--project', dir, '--full-refresh', '--select', 'raw'], dir);
    expect(r.code).toBe(0);
    const results = readRunResults(dir).results.map((x) => `${x.unique_id}:${x.status}:${x.rows_written}`).sort();
    expect(results).toEqual(['n:EXCLUDED:0', 'raw:COMPLETED:2']);
  });
});
