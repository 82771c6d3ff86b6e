import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRunResults, runCli, writeProject } from '../helpers/cli.js';

/**
 * An incrementally refreshed materialized view reports what a full recompute would: rows read / written / dropped
 * agree with its expectation counts, which cover all its rows (SEMANTICS §4).
 */
describe('metrics of an incremental materialized view refresh', () => {
  const dir = writeProject({
    'weir.yml': 'name: mvm\n',
    'p.sql': `CREATE OR REFRESH STREAMING TABLE s AS SELECT * FROM STREAM read_files('data/*.csv', format => 'csv', header => true, inferSchema => true);
CREATE OR REFRESH MATERIALIZED VIEW m (CONSTRAINT pos EXPECT (v > 15) ON VIOLATION DROP ROW, CONSTRAINT w EXPECT (v < 100)) AS SELECT id, v FROM s;
CREATE OR REFRESH MATERIALIZED VIEW g AS SELECT id % 2 AS k, sum(v) AS total FROM s GROUP BY id % 2;
`,
    'data/1.csv': 'id,v\n1,10\n2,20\n3,30\n',
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const result = (id: string) => readRunResults(dir).results.find((r) => r.unique_id === id)!;

  it('equal those of a full recompute after new input', async () => {
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    writeFileSync(join(dir, 'data', '2.csv'), 'id,v\n4,5\n5,500\n');
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    const inc = result('m');
    expect(inc.adapter_response.refresh_technique).toBe('APPEND_ONLY');
    const pos = inc.expectations.find((e) => e.name === 'pos')!;
    expect({ read: inc.rows_read, written: inc.rows_written, dropped: inc.rows_dropped }).toEqual({ read: 5, written: 3, dropped: 2 });
    expect(pos.failed_records).toBe(inc.rows_dropped);
    expect(pos.passed_records + pos.failed_records).toBe(inc.rows_read);
    const groups = result('g');
    expect(groups.adapter_response.refresh_technique).toBe('GROUP_AGGREGATE');
    expect({ read: groups.rows_read, written: groups.rows_written }).toEqual({ read: 2, written: 2 });

    expect((await runCli(['run', '--project', dir, '--full-refresh', 'm,g'], dir)).code).toBe(0);
    const full = result('m');
    expect({ read: full.rows_read, written: full.rows_written, dropped: full.rows_dropped }).toEqual({ read: 5, written: 3, dropped: 2 });
  });
});
