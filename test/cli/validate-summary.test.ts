import { describe, expect, it } from 'vitest';
import { runCli, writeProject } from '../helpers/cli.js';

describe('weir validate says what it did not validate (audit 7)', () => {
  it('with no database yet, external tables are not checked: a warning, and the summary counts the skipped flows', async () => {
    const dir = writeProject({
      'weir.yml': 'name: vs\n',
      'p.sql': 'CREATE MATERIALIZED VIEW a AS SELECT id, amount FROM orders_raw;\nCREATE MATERIALIZED VIEW b AS SELECT 1 AS x;\n',
    });
    const r = await runCli(['validate', '--project', dir], dir);
    expect(r.code).toBe(0);
    const all = r.stdout + r.stderr;
    expect(all).toContain('warning WEIR4054: external tables not checked');
    expect(all).toContain('1 flow was not validated');
    expect(all).not.toContain('every query binds');
  });
});
