import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readRunResults, runCli, writeProject } from '../helpers/cli.js';

/** The rows a FAIL UPDATE shows keep their types: a BIGINT is a number, a text that looks like one stays text. */
describe('example rows of a failure', () => {
  const dir = writeProject({
    'weir.yml': 'name: ex\n',
    'p.sql': `CREATE OR REFRESH MATERIALIZED VIEW m (CONSTRAINT big EXPECT (id > 1) ON VIOLATION FAIL UPDATE) AS
SELECT CAST(1 AS BIGINT) AS id, '7' AS code, 2.50 AS amount, true AS flag;
`,
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are typed in run_results and the console', async () => {
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(1);
    const m = readRunResults(dir).results.find((x) => x.unique_id === 'm')!;
    expect(m.adapter_response.failing_rows).toEqual([{ id: 1, code: '7', amount: 2.5, flag: true }]);
  });
});
