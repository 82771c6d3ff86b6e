import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, writeProject } from '../helpers/cli.js';

/** `weir validate` reports compile errors and binding errors of the other datasets in one pass (issue 3). */
describe('weir validate: one pass', () => {
  const dir = writeProject({
    'weir.yml': 'name: onepass\n',
    'a.sql': `CREATE OR REFRESH MATERIALIZED VIEW base AS SELECT 1 AS customer_id, 'Ann' AS first_name;

CREATE OR REFRESH MATERIALIZED VIEW refused AS
SELECT customer_id, ai_query('model', first_name) AS answer FROM base;

CREATE OR REFRESH MATERIALIZED VIEW typo AS
SELECT customer_id, frist_name FROM base;

CREATE OR REFRESH MATERIALIZED VIEW after_refused AS
SELECT answer FROM refused;
`,
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('binds the datasets a compile error does not touch, and skips what reads the broken one', async () => {
    const r = await runCli(['validate', '--project', dir], dir);
    expect(r.code).toBe(1);
    const codes = [...r.stderr.matchAll(/^a\.sql:(\d+):\d+: (error|info) (WEIR\d+)/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(codes).toContain('4 error WEIR4001');
    expect(codes).toContain('7 error WEIR4050');
    expect(codes).toContain('9 info WEIR4057');
    // The refused flow itself is not bound a second time (no binder error on line 4).
    expect(codes.filter((c) => c.startsWith('4 '))).toEqual(['4 error WEIR4001']);
  });
});
