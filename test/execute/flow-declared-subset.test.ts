import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryReadOnly, runCli, writeProject } from '../helpers/cli.js';

// Dialect reference §2.2 / §2.8: a streaming table's column list is its schema; a CREATE FLOW ... INSERT INTO that
// writes only some of the declared columns leaves NULL in the others (as Delta does), while the table's own query
// must produce every declared column (WEIR4058).

describe('a flow writing a subset of the declared columns', () => {
  it('writes NULL in the columns it lacks; the table\'s own query lacking one is WEIR4058', async () => {
    const dir = writeProject({
      'weir.yml': 'name: sub\n',
      'p.sql': `CREATE OR REFRESH STREAMING TABLE src AS SELECT * FROM STREAM read_files('data/*.json', format => 'json');
CREATE OR REFRESH STREAMING TABLE tgt (id BIGINT, v STRING, extra INT NOT NULL);
CREATE FLOW f AS INSERT INTO tgt BY NAME SELECT id, v, 1 AS extra FROM STREAM(src);
CREATE OR REFRESH STREAMING TABLE tgt2 (id BIGINT, v STRING, extra INT);
CREATE FLOW g AS INSERT INTO tgt2 BY NAME SELECT id, v FROM STREAM(src);
`,
      'data/1.json': '{"id": 1, "v": "a"}\n',
    });
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const db = join(dir, 'target', 'sub.duckdb');
    expect(await queryReadOnly(db, 'SELECT id::INT AS id, v, extra FROM tgt2')).toEqual([{ id: 1, v: 'a', extra: null }]);
    expect(await queryReadOnly(db, 'SELECT id::INT AS id, v, extra FROM tgt')).toEqual([{ id: 1, v: 'a', extra: 1 }]);

    const own = writeProject({ 'weir.yml': 'name: sub\n', 'p.sql': 'CREATE MATERIALIZED VIEW m (id BIGINT, extra INT) AS SELECT 1 AS id;\n' });
    const c = await runCli(['compile', '--project', own], own);
    expect(c.code).toBe(1);
    expect(c.stderr).toContain("error WEIR4058: m declares column 'extra', which its query does not produce");
  });
});
