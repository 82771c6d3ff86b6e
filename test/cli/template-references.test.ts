import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queryReadOnly, runCli, writeProject } from '../helpers/cli.js';

/**
 * Several references out of one template expression or loop share its source span; each must still compile to
 * its own dataset or file source (they once all compiled to the first, reading it N times).
 */
describe('references emitted by one template expression', () => {
  const dir = writeProject({
    'weir.yml': 'name: refs\n',
    't/a.sql': `CREATE MATERIALIZED VIEW a AS SELECT 1 AS id;
CREATE MATERIALIZED VIEW b AS SELECT 2 AS id;
CREATE MATERIALIZED VIEW u1 AS
{% for t in ['a', 'b'] %}{% if not loop.first %} UNION ALL {% endif %}SELECT id FROM {{ t }}{% endfor %};
CREATE MATERIALIZED VIEW u2 AS {{ 'SELECT id FROM a UNION ALL SELECT id FROM LIVE.b' }};
CREATE STREAMING TABLE s1 AS SELECT * FROM STREAM read_files('d/1*.csv', format => 'csv', header => true);
CREATE STREAMING TABLE s2 AS SELECT * FROM STREAM read_files('d/2*.csv', format => 'csv', header => true);
CREATE STREAMING TABLE u AS {{ union_datasets(['STREAM(LIVE.s1)', 'STREAM(LIVE.s2)']) }};
CREATE MATERIALIZED VIEW f AS {{ "SELECT id FROM read_files('d/1*.csv', format => 'csv', header => true) UNION ALL SELECT id FROM read_files('d/2*.csv', format => 'csv', header => true)" }};
`,
    'd/1a.csv': 'id\n1\n',
    'd/2a.csv': 'id\n2\n3\n',
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const compiled = (name: string): string => readFileSync(join(dir, 'target', 'compiled', `${name}.sql`), 'utf8');

  it('compiles each reference to its own relation', async () => {
    expect((await runCli(['compile', '--project', dir], dir)).code).toBe(0);
    for (const name of ['u1', 'u2']) expect(compiled(name)).toContain('SELECT id FROM "main"."a" UNION ALL SELECT id FROM "main"."b"');
    expect(compiled('u')).toContain('"main"."s2" WHERE rowid >= coalesce(getvariable(\'weir_from__u__s2\')');
    expect(compiled('f')).toMatch(/weir_files__f__files_d_1_csv[^]*weir_files__f__files_d_2_csv/);
  });

  it('reads every stream and file once', async () => {
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    const db = join(dir, 'target', 'refs.duckdb');
    const rows = async (t: string) => (await queryReadOnly(db, `SELECT list(id::INT ORDER BY id::INT) AS ids FROM ${t}`))[0].ids;
    expect(await rows('u')).toEqual([1, 2, 3]);
    expect(await rows('f')).toEqual([1, 2, 3]);
    expect(await rows('u1')).toEqual([1, 2]);
  });
});
