import { describe, expect, it } from 'vitest';
import { lastChecks, runCli, writeProject } from '../helpers/cli.js';

// FINDINGS §5, §13, §15, §17: what failed checks and quality properties say, and where.

describe('check failures and quality properties', () => {
  it('points a failed key check at its constraint', async () => {
    const dir = writeProject({
      'weir.yml': 'name: cr\n',
      'p.sql': `CREATE OR REFRESH MATERIALIZED VIEW t (
  CONSTRAINT t_pk PRIMARY KEY (id)
) TBLPROPERTIES ('weir.constraints' = 'fail')
AS SELECT * FROM (VALUES (1), (1)) x(id);
`,
    });
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('p.sql:2:3: primary key (id) of t: keys are unique and not NULL failed on 2 rows of t');
  });

  it('says how many rows a table has when its row count fails, without an empty example list', async () => {
    const dir = writeProject({
      'weir.yml': 'name: cr\n',
      'p.sql': `CREATE OR REFRESH MATERIALIZED VIEW e
TBLPROPERTIES (
  'weir.constraints' = 'fail',
  'weir.expect_row_count' = 'between 1 and 2'
)
AS SELECT * FROM (VALUES (1)) x(id) WHERE false;
`,
    });
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("p.sql:4:3: row count of e between 1 and 2 failed: e has 0 rows ('weir.constraints' = 'fail')");
    expect(r.stdout).not.toContain('rows violating');
  });

  it('reads threshold keys whatever their case', async () => {
    const dir = writeProject({
      'weir.yml': 'name: cr\n',
      'p.sql': `CREATE OR REFRESH MATERIALIZED VIEW t (CONSTRAINT valid_v EXPECT (v > 0))
TBLPROPERTIES ('WEIR.EXPECT.valid_v.FAIL_ABOVE' = '0')
AS SELECT * FROM (VALUES (1, -1)) x(id, v);
`,
    });
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.stdout + r.stderr).not.toContain('WEIR7105');
    expect(r.code).toBe(1);
    expect(lastChecks(dir, 't').valid_v.status).toBe('fail');
  });

  it('warns at the property that quarantine has no effect on a view', async () => {
    const dir = writeProject({
      'weir.yml': 'name: cr\n',
      'p.sql': `CREATE TEMPORARY LIVE VIEW tv (CONSTRAINT pos EXPECT (v > 0) ON VIOLATION DROP ROW)
TBLPROPERTIES ('weir.quarantine' = 'true')
AS SELECT * FROM (VALUES (1, -1), (2, 2)) x(id, v);
CREATE OR REFRESH MATERIALIZED VIEW usetv AS SELECT * FROM tv;
`,
    });
    const r = await runCli(['validate', '--project', dir], dir);
    expect(r.stderr).toContain("p.sql:2:16: warning WEIR7106: 'weir.quarantine' has no effect on view tv");
    expect(r.code).toBe(0);
  });
});
