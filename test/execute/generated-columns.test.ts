import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queryReadOnly, runCli, writeProject } from '../helpers/cli.js';

/** GENERATED ALWAYS AS columns are computed from each written row (src/translate/index.ts wraps the flow query). */
describe('generated columns', () => {
  const dir = writeProject({
    'weir.yml': 'name: gen\n',
    'p.sql': `CREATE OR REFRESH STREAMING TABLE events (
  id BIGINT,
  ts TIMESTAMP,
  month STRING GENERATED ALWAYS AS (date_format(ts, 'yyyy-MM')),
  half BIGINT GENERATED ALWAYS AS (id div 2)
) AS SELECT CAST(id AS BIGINT) AS id, CAST(ts AS TIMESTAMP) AS ts
FROM STREAM read_files('data/*.csv', format => 'csv', header => true);

CREATE OR REFRESH MATERIALIZED VIEW by_month AS
SELECT month, count(*) AS n FROM events GROUP BY month;
`,
    'data/1.csv': 'id,ts\n5,2024-03-05 10:00:00\n8,2024-04-01 00:00:00\n',
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const q = (sql: string) => queryReadOnly(join(dir, 'target', 'gen.duckdb'), sql);

  it('are in the table, for every batch, and downstream can read them', async () => {
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    writeFileSync(join(dir, 'data', '2.csv'), 'id,ts\n-7,2024-03-31 23:59:59\n');
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    expect(await q('SELECT id::INT AS id, month, half::INT AS half FROM main.events ORDER BY id')).toEqual([
      { id: -7, month: '2024-03', half: -3 }, { id: 5, month: '2024-03', half: 2 }, { id: 8, month: '2024-04', half: 4 },
    ]);
    expect(await q('SELECT month, n::INT AS n FROM main.by_month ORDER BY month')).toEqual([{ month: '2024-03', n: 2 }, { month: '2024-04', n: 1 }]);
  });
});
