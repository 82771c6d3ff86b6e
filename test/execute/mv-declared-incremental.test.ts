import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queryReadOnly, readRunResults, runCli, writeProject } from '../helpers/cli.js';

/**
 * A column list wraps a view's query in Weir's row-local projection (declared order, types, NOT NULL); incremental
 * refresh plans the query inside it, so a typed column list does not force a complete recompute.
 */
describe('incremental refresh of materialized views with column lists', () => {
  const dir = writeProject({
    'weir.yml': 'name: mvd\n',
    'p.sql': `CREATE OR REFRESH STREAMING TABLE s AS SELECT * FROM STREAM read_files('data/*.csv', format => 'csv', header => true, inferSchema => true);
CREATE OR REFRESH MATERIALIZED VIEW rows_ (id BIGINT NOT NULL, v DOUBLE) AS SELECT id, v FROM s;
CREATE OR REFRESH MATERIALIZED VIEW totals (k BIGINT NOT NULL, total DOUBLE, n BIGINT) AS SELECT id % 2 AS k, sum(v) AS total, count(*) AS n FROM s GROUP BY id % 2;
`,
    'data/1.csv': 'id,v\n1,10\n2,20\n3,30\n',
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const technique = (id: string) => readRunResults(dir).results.find((r) => r.unique_id === id)?.adapter_response.refresh_technique;
  const db = join(dir, 'target', 'mvd.duckdb');

  it('appends and recomputes touched groups, with the rows of a full recompute', async () => {
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    writeFileSync(join(dir, 'data', '2.csv'), 'id,v\n4,5\n5,500\n');
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    expect([technique('rows_'), technique('totals')]).toEqual(['APPEND_ONLY', 'GROUP_AGGREGATE']);
    const incremental = await queryReadOnly(db, 'SELECT k, total, n FROM totals ORDER BY k');
    expect(await queryReadOnly(db, 'SELECT count(*)::INT AS n FROM rows_')).toEqual([{ n: 5 }]);
    expect((await runCli(['run', '--project', dir, '--full-refresh', 'rows_,totals'], dir)).code).toBe(0);
    expect(await queryReadOnly(db, 'SELECT k, total, n FROM totals ORDER BY k')).toEqual(incremental);
    expect(incremental).toEqual([{ k: '0', total: 25, n: '2' }, { k: '1', total: 540, n: '3' }]);
  });
});

describe('a column list that casts the group key', () => {
  const dir = writeProject({
    'weir.yml': 'name: mvk\n',
    'p.sql': `CREATE OR REFRESH STREAMING TABLE s AS SELECT * FROM STREAM read_files('data/*.csv', format => 'csv', header => true, inferSchema => true);
CREATE OR REFRESH MATERIALIZED VIEW ga (key BIGINT, c BIGINT) AS SELECT amt AS key, count(*) AS c FROM s GROUP BY amt;
`,
    'data/1.csv': 'amt\n1.2\n',
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'target', 'mvk.duckdb');

  it('recomputes it completely (two query groups may be one stored key): the rows of a full recompute', async () => {
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    writeFileSync(join(dir, 'data', '2.csv'), 'amt\n1.2\n1.0\n');
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    expect(readRunResults(dir).results.find((r) => r.unique_id === 'ga')?.adapter_response.refresh_technique).toBe('COMPLETE_RECOMPUTE');
    const incremental = await queryReadOnly(db, 'SELECT key::INT AS key, c::INT AS c FROM ga ORDER BY c');
    expect(incremental).toEqual([{ key: 1, c: 1 }, { key: 1, c: 2 }]);
  });
});
